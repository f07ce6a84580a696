package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.JsonFields.bad;
import static dev.latchkey.mockserver.JsonFields.integer;
import static dev.latchkey.mockserver.JsonFields.string;

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
 * The JSON admin API under {@code /__admin/}, for a server running out of process: the guard
 * against browsers and the route table, whose routes answer with the same {@link Controls} as
 * {@link MockAuthServer}'s methods. The routes of each resource live in a class of their own.
 */
final class AdminApi {
  /** One route's answer to a request's JSON object (empty when it had no body). */
  @FunctionalInterface
  private interface Route {
    MockResponse answer(Map<String, Object> body) throws OAuthError;
  }

  private final Controls server;
  /** Path, then method, in the order {@code GET /__admin/} lists them. */
  private final Map<String, Map<String, Route>> routes = new LinkedHashMap<>();

  AdminApi(Controls controls) {
    this.server = controls;
    AdminTraffic traffic = new AdminTraffic(controls);
    AdminProviders providers = new AdminProviders(controls);
    AdminSettings settings = new AdminSettings(controls);
    AdminSwitches switches = new AdminSwitches(controls);
    route("GET", "journal", body -> ok(traffic.journal()));
    route("DELETE", "journal", body -> cleared(server::clearJournal));
    route("GET", "counters", body -> ok(server.countersByProvider()));
    route("GET", "providers", body -> ok(providers.providers()));
    route("POST", "providers", providers::addProvider);
    route("POST", "stubs", providers::addStub);
    route("GET", "stubs", body -> ok(providers.stubs()));
    route("DELETE", "stubs", body -> cleared(server::clearStubs));
    route("POST", "faults", traffic::addFault);
    route("GET", "faults", body -> ok(traffic.faults()));
    route("DELETE", "faults", body -> cleared(server::clearFaults));
    route("POST", "clients", providers::addClient);
    route("GET", "clients", body -> ok(providers.clients()));
    route("POST", "clients/settings", switches::clientSettings);
    route("POST", "settings", switches::providerSettings);
    route("GET", "settings", body -> ok(switches.providerSettings()));
    route("POST", "keys/rotate", this::rotateKeys);
    route("POST", "device", this::answerDevice);
    route("POST", "lifetimes", body -> ok(settings.setLifetimes(body)));
    route("GET", "lifetimes", body -> ok(settings.lifetimes()));
    route("POST", "consent", body -> ok(settings.setConsent(body)));
    route("GET", "consent", body -> ok(settings.consent()));
    route("POST", "tokens/expire", this::expireTokens);
    route("POST", "tokens/revoke",
        body -> ok(Map.of("revoked", server.revoke(string(body, "token", true)))));
    route("POST", "clock/advance", this::advanceClock);
    route("POST", "reset", body -> {
      server.reset();
      return ok(Map.of("reset", true));
    });
  }

  private void route(String method, String path, Route route) {
    routes.computeIfAbsent("/__admin/" + path, p -> new LinkedHashMap<>()).put(method, route);
  }

  MockResponse handle(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    String method = request.getMethod();
    MockResponse refused = refuse(request);
    if (refused != null) return refused;
    try {
      Map<String, Object> body = body(request);
      Map<String, Route> methods = path.equals("/__admin") || path.equals("/__admin/")
          ? Map.of("GET", b -> ok(routeNames())) : routes.get(path);
      if (methods == null) {
        return Wire.error(404, "not_found", "no admin route " + path + "; GET /__admin/ "
            + "lists them").build();
      }
      Route route = methods.get(method);
      if (route == null) {
        return Wire.error(405, "invalid_request", method + " is not allowed on " + path).build();
      }
      return route.answer(body);
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

  /** {@return every route as {@code "METHOD /__admin/path"}, as the table holds them} */
  private List<String> routeNames() {
    List<String> names = new ArrayList<>();
    routes.forEach((path, methods) -> {
      for (String method : methods.keySet()) names.add(method + " " + path);
    });
    return names;
  }

  private MockResponse answerDevice(Map<String, Object> body) throws OAuthError {
    String decision = string(body, "decision", true);
    if (!decision.equals("approve") && !decision.equals("deny")) {
      throw bad("decision must be \"approve\" or \"deny\"; got \"" + decision + "\"");
    }
    return ok(Map.of("answered", server.answerDevice(string(body, "user_code", true),
        decision.equals("approve"))));
  }

  private MockResponse rotateKeys(Map<String, Object> body) throws OAuthError {
    MockProvider p = server.provider(string(body, "provider", true));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("provider", p.id);
    result.put("kid", server.rotateSigningKeys(p));
    return ok(result);
  }

  private MockResponse expireTokens(Map<String, Object> body) throws OAuthError {
    String which = string(body, "which", false);
    if (which == null || which.equals("all")) {
      return ok(Map.of("expired", server.expireTokens(true)));
    }
    if (which.equals("access")) return ok(Map.of("expired", server.expireTokens(false)));
    throw bad("which must be \"all\" or \"access\"; got \"" + which + "\"");
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

  private static MockResponse cleared(Runnable clear) {
    clear.run();
    return ok(Map.of("cleared", true));
  }

  static MockResponse ok(Object body) {
    return Wire.json(200, body).build();
  }

  static MockResponse created(Object body) {
    return Wire.json(201, body).build();
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
