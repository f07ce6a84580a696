package dev.latchkey.mockserver;

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
 * calls the same {@link MockAuthServer} method an embedded test would.
 */
final class AdminApi {
  private final ServerState state;
  private final MockAuthServer server;

  AdminApi(ServerState state, MockAuthServer server) {
    this.state = state;
    this.server = server;
  }

  MockResponse handle(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    String method = request.getMethod();
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
          if (method.equals("GET")) return ok(state.countersByProvider());
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
        case "/__admin/lifetimes":
          if (method.equals("POST")) return setLifetimes(body);
          if (method.equals("GET")) return ok(lifetimes());
          break;
        case "/__admin/consent":
          if (method.equals("POST")) {
            server.consent(consentMode(string(body, "mode", true)));
            return ok(Map.of("mode", server.consent().name()));
          }
          if (method.equals("GET")) return ok(Map.of("mode", server.consent().name()));
          break;
        case "/__admin/tokens/expire":
          if (method.equals("POST")) {
            String which = string(body, "which", false);
            if (which == null || which.equals("all")) {
              return ok(Map.of("expired", server.expireAllTokens()));
            }
            if (which.equals("access")) return ok(Map.of("expired", server.expireAccessTokens()));
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

  private static List<String> routes() {
    return List.of("GET /__admin/journal", "DELETE /__admin/journal", "GET /__admin/counters",
        "POST /__admin/faults", "GET /__admin/faults", "DELETE /__admin/faults",
        "POST /__admin/clients", "GET /__admin/clients", "POST /__admin/lifetimes",
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
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (String name : e.headers().names()) headers.put(name, e.headers().values(name));
      m.put("headers", headers);
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
    if (provider != null) fault = fault.forProvider(provider);
    Integer times = integer(body, "times");
    server.enqueueFault(fault, times == null ? 1 : times);
    Map<String, Object> result = faultJson(fault);
    result.put("times", times == null ? 1 : times);
    return Wire.json(201, result).build();
  }

  private static String kindNames() {
    List<String> names = new ArrayList<>();
    for (Fault.Kind k : Fault.Kind.values()) names.add(k.name());
    return String.join(", ", names);
  }

  private List<Object> faults() {
    List<Object> result = new ArrayList<>();
    for (ServerState.QueuedFault q : state.faults) {
      int left = q.remaining.get();
      if (left <= 0) continue;
      Map<String, Object> m = faultJson(q.fault);
      m.put("times", left);
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
    return m;
  }

  private MockResponse addClient(Map<String, Object> body) throws OAuthError {
    String provider = string(body, "provider", true);
    String clientId = string(body, "client_id", true);
    String secret = string(body, "client_secret", false);
    List<String> redirectUris = strings(body, "redirect_uris");
    List<String> scopes = body.containsKey("scopes") ? strings(body, "scopes") : null;
    DemoClient c = server.registerClient(provider, clientId, secret, redirectUris, scopes);
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
    for (Client c : state.clients.values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("provider", c.provider.id);
      m.put("client_id", c.id);
      m.put("public", c.isPublic());
      m.put("redirect_uris", c.anyLoopback ? List.of("any loopback URI") : c.redirectUris);
      if (c.scopes != null) m.put("scopes", new ArrayList<>(c.scopes));
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
    if (provider != null) Provider.require(provider);
    if (access != null) {
      if (provider == null) server.tokenLifetime(Duration.ofSeconds(access));
      else server.tokenLifetime(provider, Duration.ofSeconds(access));
    }
    if (refresh != null) {
      if (provider == null) server.refreshTokenLifetime(Duration.ofSeconds(refresh));
      else server.refreshTokenLifetime(provider, Duration.ofSeconds(refresh));
    }
    if (rotate != null) {
      if (provider == null) server.rotateRefreshTokens(rotate);
      else server.rotateRefreshTokens(provider, rotate);
    }
    return ok(lifetimes());
  }

  private Map<String, Object> lifetimes() {
    Map<String, Object> result = new LinkedHashMap<>();
    for (Provider p : Provider.values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("access_token_seconds", state.settings.accessLifetime(p).getSeconds());
      if (p.issuesRefresh) {
        m.put("refresh_token_seconds", state.settings.refreshLifetime(p).getSeconds());
        m.put("rotate_refresh_tokens", state.settings.rotate(p));
      }
      result.put(p.id, m);
    }
    return result;
  }

  private MockResponse advanceClock(Map<String, Object> body) throws OAuthError {
    if (!(state.clock instanceof ManualClock)) {
      return Wire.error(409, "invalid_request", "the server runs on the system clock; start it "
          + "with a ManualClock to move time").build();
    }
    Integer seconds = integer(body, "seconds");
    if (seconds == null) throw bad("seconds is missing");
    return ok(Map.of("now",
        ((ManualClock) state.clock).advance(Duration.ofSeconds(seconds)).toString()));
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

  private static OAuthError bad(String description) {
    return OAuthError.badRequest("invalid_request", description);
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

  private static String string(Map<String, Object> body, String name, boolean required)
      throws OAuthError {
    Object v = body.get(name);
    if (v == null) {
      if (required) throw bad(name + " is missing");
      return null;
    }
    if (!(v instanceof String)) throw bad(name + " must be a string");
    return (String) v;
  }

  private static Integer integer(Map<String, Object> body, String name) throws OAuthError {
    Object v = body.get(name);
    if (v == null) return null;
    if (!(v instanceof Number) || ((Number) v).doubleValue() != Math.rint(((Number) v).doubleValue())) {
      throw bad(name + " must be a whole number");
    }
    return ((Number) v).intValue();
  }

  private static Boolean bool(Map<String, Object> body, String name) throws OAuthError {
    Object v = body.get(name);
    if (v == null) return null;
    if (!(v instanceof Boolean)) throw bad(name + " must be true or false");
    return (Boolean) v;
  }

  private static List<String> strings(Map<String, Object> body, String name) throws OAuthError {
    Object v = body.get(name);
    if (v == null) return List.of();
    if (!(v instanceof List)) throw bad(name + " must be an array of strings");
    List<String> result = new ArrayList<>();
    for (Object o : (List<?>) v) {
      if (!(o instanceof String)) throw bad(name + " must be an array of strings");
      result.add((String) o);
    }
    return result;
  }
}
