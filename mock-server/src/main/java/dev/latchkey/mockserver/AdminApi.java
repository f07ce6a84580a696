package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.JsonFields.bad;
import static dev.latchkey.mockserver.JsonFields.bool;
import static dev.latchkey.mockserver.JsonFields.integer;
import static dev.latchkey.mockserver.JsonFields.string;
import static dev.latchkey.mockserver.JsonFields.strings;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * The JSON admin API under {@code /__admin/}, for a server running out of process. Each route
 * uses the same {@link Controls} as {@link MockAuthServer}'s methods.
 */
final class AdminApi {
  private final Controls server;
  private final AdminSwitches switches;

  AdminApi(Controls controls) {
    this.server = controls;
    this.switches = new AdminSwitches(controls);
  }

  MockResponse handle(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    String method = request.getMethod();
    MockResponse refused = refuse(request);
    if (refused != null) return refused;
    try {
      Map<String, Object> body = body(request);
      switch (path) {
        case "/__admin":
        case "/__admin/":
          if (method.equals("GET")) return ok(routes());
          break;
        case "/__admin/journal":
          if (method.equals("GET")) return ok(journal());
          if (method.equals("DELETE")) {
            server.clearJournal();
            return ok(Map.of("cleared", true));
          }
          break;
        case "/__admin/counters":
          if (method.equals("GET")) return ok(server.countersByProvider());
          break;
        case "/__admin/stubs":
          if (method.equals("POST")) return addStub(body);
          if (method.equals("GET")) return ok(stubs());
          if (method.equals("DELETE")) {
            server.clearStubs();
            return ok(Map.of("cleared", true));
          }
          break;
        case "/__admin/providers":
          if (method.equals("POST")) return addProvider(body);
          if (method.equals("GET")) return ok(providers());
          break;
        case "/__admin/faults":
          if (method.equals("POST")) return addFault(body);
          if (method.equals("GET")) return ok(faults());
          if (method.equals("DELETE")) {
            server.clearFaults();
            return ok(Map.of("cleared", true));
          }
          break;
        case "/__admin/clients":
          if (method.equals("POST")) return addClient(body);
          if (method.equals("GET")) return ok(clients());
          break;
        case "/__admin/clients/settings":
          if (method.equals("POST")) return switches.clientSettings(body);
          break;
        case "/__admin/settings":
          if (method.equals("POST")) return switches.providerSettings(body);
          if (method.equals("GET")) return ok(switches.providerSettings());
          break;
        case "/__admin/device":
          if (method.equals("POST")) {
            String decision = string(body, "decision", true);
            if (!decision.equals("approve") && !decision.equals("deny")) {
              throw bad("decision must be \"approve\" or \"deny\"; got \"" + decision + "\"");
            }
            return ok(Map.of("answered", server.answerDevice(string(body, "user_code", true),
                decision.equals("approve"))));
          }
          break;
        case "/__admin/keys/rotate":
          if (method.equals("POST")) {
            MockProvider p = server.provider(string(body, "provider", true));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("provider", p.id);
            result.put("kid", server.rotateSigningKeys(p));
            return ok(result);
          }
          break;
        case "/__admin/lifetimes":
          if (method.equals("POST")) return setLifetimes(body);
          if (method.equals("GET")) return ok(lifetimes());
          break;
        case "/__admin/consent":
          if (method.equals("POST")) {
            server.settingsHandle().consent(consentMode(string(body, "mode", true)));
          }
          if (method.equals("POST") || method.equals("GET")) {
            return ok(Map.of("mode", server.settingsHandle().consent().name()));
          }
          break;
        case "/__admin/tokens/expire":
          if (method.equals("POST")) {
            String which = string(body, "which", false);
            if (which == null || which.equals("all")) {
              return ok(Map.of("expired", server.expireTokens(true)));
            }
            if (which.equals("access")) return ok(Map.of("expired", server.expireTokens(false)));
            throw bad("which must be \"all\" or \"access\"; got \"" + which + "\"");
          }
          break;
        case "/__admin/tokens/revoke":
          if (method.equals("POST")) {
            return ok(Map.of("revoked", server.revoke(string(body, "token", true))));
          }
          break;
        case "/__admin/clock/advance":
          if (method.equals("POST")) return advanceClock(body);
          break;
        case "/__admin/reset":
          if (method.equals("POST")) {
            server.reset();
            return ok(Map.of("reset", true));
          }
          break;
        default:
          return Wire.error(404, "not_found", "no admin route " + path + "; GET /__admin/ "
              + "lists them").build();
      }
      return Wire.error(405, "invalid_request", method + " is not allowed on " + path).build();
    } catch (OAuthError e) {
      return e.response;
    } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
      return Wire.error(400, "invalid_request", e.getMessage()).build();
    }
  }

  /**
   * Refuses what a web page could send: a non-loopback {@code Host} (DNS rebinding), any
   * {@code Origin} (browsers send one on cross-origin and on POST requests), and a body that is
   * not JSON (a "simple" cross-origin POST can't be JSON).
   */
  private static MockResponse refuse(RecordedRequest request) {
    String host = request.getHeaders().get("Host");
    if (host == null || !isLoopbackHost(host)) {
      return Wire.error(403, "access_denied", "the admin API answers only requests whose Host is"
          + " 127.0.0.1, localhost or [::1]").build();
    }
    if (request.getHeaders().get("Origin") != null) {
      return Wire.error(403, "access_denied", "the admin API answers no browser requests (they "
          + "carry Origin); call it from a test, a script or curl").build();
    }
    if (request.getBodySize() > 0 && !Wire.JSON.equals(Wire.mediaType(request))) {
      return Wire.error(415, "invalid_request", "the admin API takes JSON bodies only; send "
          + "Content-Type: application/json").build();
    }
    return null;
  }

  static boolean isLoopbackHost(String host) {
    String name = host.trim().toLowerCase(Locale.ROOT);
    if (name.startsWith("[")) {
      int close = name.indexOf(']');
      name = close < 0 ? name : name.substring(0, close + 1);
    } else if (name.indexOf(':') >= 0) {
      name = name.substring(0, name.indexOf(':'));
    }
    return name.equals("127.0.0.1") || name.equals("localhost") || name.equals("[::1]");
  }

  private static List<String> routes() {
    return List.of("GET /__admin/journal", "DELETE /__admin/journal", "GET /__admin/counters",
        "GET /__admin/providers", "POST /__admin/providers", "POST /__admin/stubs",
        "GET /__admin/stubs", "DELETE /__admin/stubs", "POST /__admin/faults", "GET /__admin/faults", "DELETE /__admin/faults",
        "POST /__admin/clients", "GET /__admin/clients", "POST /__admin/clients/settings",
        "POST /__admin/settings", "GET /__admin/settings", "POST /__admin/keys/rotate",
        "POST /__admin/device", "POST /__admin/lifetimes",
        "GET /__admin/lifetimes", "POST /__admin/consent", "GET /__admin/consent",
        "POST /__admin/tokens/expire", "POST /__admin/tokens/revoke",
        "POST /__admin/clock/advance", "POST /__admin/reset");
  }

  private List<Object> journal() {
    List<Object> result = new ArrayList<>();
    for (JournalEntry e : server.journal()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("time", e.time().toString());
      m.put("method", e.method());
      m.put("path", e.path());
      if (e.query() != null) m.put("query", e.query());
      m.put("headers", e.headers());
      m.put("body", e.body());
      if (e.provider() != null) m.put("provider", e.provider());
      result.add(m);
    }
    return result;
  }

  private MockResponse addFault(Map<String, Object> body) throws OAuthError {
    String kind = string(body, "kind", false);
    Integer status = integer(body, "status");
    Fault fault;
    if (kind == null) {
      if (status == null) throw bad("send kind (" + kindNames() + ") or status");
      fault = Fault.status(status);
    } else {
      Fault.Kind k;
      try {
        k = Fault.Kind.valueOf(kind.toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw bad("unknown fault kind \"" + kind + "\"; use one of " + kindNames());
      }
      switch (k) {
        case SERVER_ERROR: fault = status != null ? Fault.status(status) : Fault.serverError(); break;
        case UNAVAILABLE: fault = Fault.unavailable(); break;
        case TOO_MANY_REQUESTS: fault = Fault.tooManyRequests(); break;
        case HTML: fault = Fault.html(); break;
        case TRUNCATED_JSON: fault = Fault.truncatedJson(); break;
        case DELAY:
          Integer millis = integer(body, "delay_ms");
          if (millis == null) throw bad("a DELAY fault needs delay_ms");
          fault = Fault.delay(Duration.ofMillis(millis));
          break;
        default: fault = Fault.disconnect(); break;
      }
    }
    Integer retryAfter = integer(body, "retry_after");
    if (retryAfter != null) fault = fault.retryAfter(retryAfter);
    String provider = string(body, "provider", false);
    if (provider != null) fault = fault.forProvider(server.provider(provider));
    String on = string(body, "on", false);
    if (on != null) fault = fault.on(target(on));
    Integer times = integer(body, "times");
    server.enqueueFault(fault, times == null ? 1 : times);
    Map<String, Object> result = faultJson(fault);
    result.put("times", times == null ? 1 : times);
    return Wire.json(201, result).build();
  }

  private static Fault.Target target(String on) throws OAuthError {
    List<String> names = new ArrayList<>();
    for (Fault.Target t : Fault.Target.values()) {
      if (t.wireName().equals(on)) return t;
      names.add("\"" + t.wireName() + "\"");
    }
    throw bad("on must be one of " + String.join(", ", names) + " (token by default); got \""
        + on + "\"");
  }

  private static String kindNames() {
    List<String> names = new ArrayList<>();
    for (Fault.Kind k : Fault.Kind.values()) names.add(k.name());
    return String.join(", ", names);
  }

  private List<Object> faults() {
    List<Object> result = new ArrayList<>();
    for (TrafficLog.QueuedFault q : server.faults()) {
      Map<String, Object> m = faultJson(q.fault);
      m.put("times", q.remaining.get());
      result.add(m);
    }
    return result;
  }

  private static Map<String, Object> faultJson(Fault f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", f.kind().name());
    if (f.status() != 0) m.put("status", f.status());
    if (f.retryAfterSeconds() != null) m.put("retry_after", f.retryAfterSeconds());
    if (f.kind() == Fault.Kind.DELAY) m.put("delay_ms", f.delay().toMillis());
    if (f.provider() != null) m.put("provider", f.provider());
    if (f.target() != Fault.Target.TOKEN) m.put("on", f.target().wireName());
    return m;
  }

  private MockResponse addClient(Map<String, Object> body) throws OAuthError {
    String provider = string(body, "provider", true);
    String clientId = string(body, "client_id", true);
    String secret = string(body, "client_secret", false);
    List<String> redirectUris = strings(body, "redirect_uris");
    List<String> scopes = body.containsKey("scopes") ? strings(body, "scopes") : null;
    DemoClient c = server.registerClient(server.provider(provider), clientId, secret,
        redirectUris, scopes);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("provider", c.provider());
    result.put("client_id", c.clientId());
    result.put("public", c.isPublic());
    result.put("redirect_uris", redirectUris);
    if (scopes != null) result.put("scopes", scopes);
    return Wire.json(201, result).build();
  }

  private List<Object> clients() {
    List<Object> result = new ArrayList<>();
    for (Client c : server.clients()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("provider", c.provider.id);
      m.put("client_id", c.id);
      m.put("public", c.isPublic());
      m.put("redirect_uris", c.anyLoopback ? List.of("any loopback URI") : c.redirectUris);
      if (c.scopes != null) m.put("scopes", new ArrayList<>(c.scopes));
      AdminSwitches.clientSwitches(c, m);
      result.add(m);
    }
    return result;
  }

  private MockResponse setLifetimes(Map<String, Object> body) throws OAuthError {
    String provider = string(body, "provider", false);
    Integer access = integer(body, "access_token_seconds");
    Integer refresh = integer(body, "refresh_token_seconds");
    Boolean rotate = bool(body, "rotate_refresh_tokens");
    if (access == null && refresh == null && rotate == null) {
      throw bad("send access_token_seconds, refresh_token_seconds or rotate_refresh_tokens");
    }
    MockSettings all = server.settingsHandle();
    if (provider == null) {
      if (access != null) all.accessTokenLifetime(Duration.ofSeconds(access));
      if (refresh != null) all.refreshTokenLifetime(Duration.ofSeconds(refresh));
      if (rotate != null) all.rotateRefreshTokens(rotate);
    } else {
      ProviderSettings one = all.provider(server.provider(provider));
      if (access != null) one.accessTokenLifetime(Duration.ofSeconds(access));
      if (refresh != null) one.refreshTokenLifetime(Duration.ofSeconds(refresh));
      if (rotate != null) one.rotateRefreshTokens(rotate);
    }
    return ok(lifetimes());
  }

  private Map<String, Object> lifetimes() {
    Map<String, Object> result = new LinkedHashMap<>();
    for (MockProvider p : server.providers()) {
      ProviderSettings settings = server.settingsHandle().provider(p);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("access_token_seconds", settings.accessTokenLifetime().getSeconds());
      if (p.issuesRefreshTokens()) {
        m.put("refresh_token_seconds", settings.refreshTokenLifetime().getSeconds());
        m.put("rotate_refresh_tokens", settings.rotatesRefreshTokens());
      }
      result.put(p.id, m);
    }
    return result;
  }

  private MockResponse addProvider(Map<String, Object> body) throws OAuthError {
    MockProvider p = ProviderJson.fromJson(body);
    server.register(p);
    Map<String, Object> result = ProviderJson.toJson(p);
    DemoClient demo = DemoClients.of(p).get(0);
    result.put("demo_client_id", demo.clientId());
    result.put("demo_client_secret", demo.clientSecret());
    return Wire.json(201, result).build();
  }

  private List<Object> providers() {
    List<Object> result = new ArrayList<>();
    for (MockProvider p : server.providers()) result.add(ProviderJson.toJson(p));
    return result;
  }

  private MockResponse addStub(Map<String, Object> body) throws OAuthError {
    MockProvider p = server.provider(string(body, "provider", true));
    String method = string(body, "method", true);
    String path = string(body, "path", true);
    Integer status = integer(body, "status");
    String contentType = string(body, "content_type", false);
    Object json = body.get("json");
    String text = string(body, "body", false);
    if (json != null && text != null) throw bad("send json or body, not both");
    ApiStub stub = json != null
        ? ApiStub.json(status == null ? 200 : status, Wire.toJson(json))
        : ApiStub.of(status == null ? 200 : status, contentType, text == null ? "" : text);
    Object headers = body.get("headers");
    if (headers != null) {
      if (!(headers instanceof Map)) throw bad("headers must be an object of strings");
      for (Map.Entry<?, ?> h : ((Map<?, ?>) headers).entrySet()) {
        if (!(h.getValue() instanceof String)) throw bad("headers must be an object of strings");
        stub = stub.header((String) h.getKey(), (String) h.getValue());
      }
    }
    server.stubApi(p, method, path, stub);
    Map<String, Object> result = stubJson(p.id + ' ' + ApiPaths.method(method) + ' ' + path,
        stub);
    return Wire.json(201, result).build();
  }

  private List<Object> stubs() {
    List<Object> result = new ArrayList<>();
    for (Map.Entry<String, ApiStub> e : server.stubs().entrySet()) {
      result.add(stubJson(e.getKey(), e.getValue()));
    }
    return result;
  }

  private static Map<String, Object> stubJson(String key, ApiStub stub) {
    String[] parts = key.split(" ", 3);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("provider", parts[0]);
    m.put("method", parts[1]);
    m.put("path", parts[2]);
    m.put("status", stub.status());
    if (stub.contentType() != null) m.put("content_type", stub.contentType());
    if (!stub.headers().isEmpty()) m.put("headers", stub.headers());
    m.put("body", stub.body());
    return m;
  }

  private MockResponse advanceClock(Map<String, Object> body) throws OAuthError {
    if (!(server.clock() instanceof ManualClock)) {
      return Wire.error(409, "invalid_request", "the server runs on the system clock; start it "
          + "with a ManualClock to move time").build();
    }
    Integer seconds = integer(body, "seconds");
    if (seconds == null) throw bad("seconds is missing");
    return ok(Map.of("now",
        ((ManualClock) server.clock()).advance(Duration.ofSeconds(seconds)).toString()));
  }

  static ConsentMode consentMode(String mode) {
    try {
      return ConsentMode.valueOf(mode.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown consent mode \"" + mode
          + "\"; use prompt, auto-approve or auto-deny");
    }
  }

  private static MockResponse ok(Object body) {
    return Wire.json(200, body).build();
  }

  private static Map<String, Object> body(RecordedRequest request) throws OAuthError {
    String text = Wire.body(request);
    if (text.isBlank()) return Map.of();
    try {
      return Wire.parseJsonObject(text);
    } catch (IOException e) {
      throw bad("the admin API takes a JSON object: " + e.getMessage());
    }
  }
}
