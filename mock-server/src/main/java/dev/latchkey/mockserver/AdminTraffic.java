package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.JsonFields.bad;
import static dev.latchkey.mockserver.JsonFields.integer;
import static dev.latchkey.mockserver.JsonFields.string;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mockwebserver3.MockResponse;

/** The admin routes of the server's traffic: {@code /__admin/journal} and {@code /__admin/faults}. */
final class AdminTraffic {
  private final Controls server;

  AdminTraffic(Controls server) {
    this.server = server;
  }

  List<Object> journal() {
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

  MockResponse addFault(Map<String, Object> body) throws OAuthError {
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
    return AdminApi.created(result);
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

  List<Object> faults() {
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
}
