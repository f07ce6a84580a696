package dev.latchkey.mockserver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.HttpUrl;

/** Routes each request to its provider's endpoint; journals it; applies queued faults. */
final class Router extends Dispatcher {
  private static final Logger logger = Logger.getLogger(MockAuthServer.class.getName());
  private static final String METADATA = "/.well-known/oauth-authorization-server";
  /** OpenID Connect Discovery 1.0 §4: appended to the issuer. */
  private static final String OPENID_CONFIGURATION = "/.well-known/openid-configuration";

  private final Traffic traffic;
  private final AuthorizeEndpoint authorize;
  private final TokenEndpoint token;
  private final ParEndpoint par;
  private final OpenIdEndpoints openId;
  private final DeviceEndpoints devices;
  private final ResourceEndpoints resources;
  private final AdminApi admin;

  Router(Traffic traffic, EndpointState endpoints, Controls controls) {
    this.traffic = traffic;
    this.authorize = new AuthorizeEndpoint(endpoints);
    this.token = new TokenEndpoint(endpoints);
    this.par = new ParEndpoint(endpoints);
    this.openId = new OpenIdEndpoints(endpoints);
    this.devices = new DeviceEndpoints(endpoints);
    this.resources = new ResourceEndpoints(endpoints);
    this.admin = new AdminApi(controls);
  }

  @Override public MockResponse dispatch(RecordedRequest request) {
    MockResponse response;
    try {
      response = route(request);
    } catch (OAuthError e) {
      response = e.response;
    } catch (RuntimeException e) {
      logger.log(Level.WARNING, "mock server failed on " + request.getRequestLine(), e);
      response = Wire.error(500, "server_error", "the mock server failed: " + e).build();
    }
    String reason = reason(response.getCode());
    return reason == null ? response
        : response.newBuilder().status("HTTP/1.1 " + response.getCode() + " " + reason).build();
  }

  /** Reason phrases as real servers send them, instead of MockWebServer's generic ones. */
  private static String reason(int code) {
    switch (code) {
      case 200: return "OK";
      case 201: return "Created";
      case 302: return "Found";
      case 400: return "Bad Request";
      case 401: return "Unauthorized";
      case 403: return "Forbidden";
      case 404: return "Not Found";
      case 405: return "Method Not Allowed";
      case 409: return "Conflict";
      case 413: return "Content Too Large";
      case 415: return "Unsupported Media Type";
      case 429: return "Too Many Requests";
      case 500: return "Internal Server Error";
      case 502: return "Bad Gateway";
      case 503: return "Service Unavailable";
      default: return null;
    }
  }

  private MockResponse route(RecordedRequest request) throws OAuthError {
    HttpUrl url = request.getUrl();
    String path = url.encodedPath();
    if (path.equals("/__admin") || path.startsWith("/__admin/")) {
      return Wire.tooLarge(request) ? tooLarge() : admin.handle(request);
    }
    List<MockProvider> providers = traffic.providers();
    String first = url.pathSegments().isEmpty() ? "" : url.pathSegments().get(0);
    MockProvider p = null;
    for (MockProvider candidate : providers) {
      if (candidate.id.equals(first)) p = candidate;
    }
    traffic.record(new JournalEntry(traffic.now(), request.getMethod(), path, url.encodedQuery(),
        request.getHeaders(), Wire.journalBody(request), p == null ? null : p.id));
    if (Wire.tooLarge(request)) return tooLarge();
    if (p == null) {
      for (MockProvider candidate : providers) {
        if (candidate.metadata && path.equals(METADATA + "/" + candidate.id)) {
          return resources.metadata(candidate, request);
        }
      }
      if (path.equals("/")) return index(providers);
      return notFound(path, null, providers);
    }
    String rest = path.substring(1 + p.id.length());
    if (rest.equals(p.tokenPath)) return tokenRequest(p, request);
    if (p.authorizePath != null) {
      if (rest.equals(p.authorizePath)) return authorize.authorize(p, request);
      if (rest.equals("/consent")) return authorize.consent(p, request);
    }
    if (rest.equals(p.revokePath)) return token.revoke(p, request);
    if (rest.equals(p.extensions.parPath)) {
      MockProvider provider = p;
      return withFault(p, Fault.Target.PUSHED_AUTHORIZATION, () -> par.push(provider, request));
    }
    if (rest.equals(p.userinfoPath)) return resources.userinfo(p, request);
    if (p.metadata && rest.equals(METADATA)) return resources.metadata(p, request);
    if (p.supports(MockProvider.GrantType.DEVICE_CODE)) {
      if (rest.equals(DeviceEndpoints.AUTHORIZATION_PATH)) {
        MockProvider provider = p;
        return withFault(p, Fault.Target.DEVICE_AUTHORIZATION,
            () -> devices.authorize(provider, request));
      }
      if (rest.equals(DeviceEndpoints.VERIFICATION_PATH)) {
        return devices.verification(p, request);
      }
    }
    if (p.extensions.openId) {
      if (rest.equals(OpenIdEndpoints.JWKS_PATH)) return openId.jwks(p, request);
      if (rest.equals(OpenIdEndpoints.LOGOUT_PATH)) return openId.logout(p, request);
      if (p.metadata && rest.equals(OPENID_CONFIGURATION)) {
        return resources.metadata(p, request);
      }
    }
    if (!resources.methods(p, rest).isEmpty()) {
      MockProvider provider = p;
      return withFault(p, Fault.Target.API, () -> resources.api(provider, rest, request));
    }
    return notFound(path, p, providers);
  }

  /** An answer that may throw the error response it has built. */
  private interface Answer {
    MockResponse get() throws OAuthError;
  }

  private MockResponse tokenRequest(MockProvider p, RecordedRequest request) throws OAuthError {
    traffic.countTokenRequest(p, sniffGrantType(request));
    return withFault(p, Fault.Target.TOKEN, () -> token.token(p, request));
  }

  /** Answers with the first queued fault that applies, if any, instead of (or on) the answer. */
  private MockResponse withFault(MockProvider p, Fault.Target target, Answer answer)
      throws OAuthError {
    Fault fault = traffic.takeFault(p, target);
    if (fault == null) return answer.get();
    if (fault.kind() == Fault.Kind.DELAY) {
      MockResponse response;
      try {
        response = answer.get();
      } catch (OAuthError e) {
        response = e.response;
      }
      return response.newBuilder()
          .bodyDelay(fault.delay().toMillis(), TimeUnit.MILLISECONDS)
          .build();
    }
    return faultResponse(fault, p);
  }

  static MockResponse faultResponse(Fault fault, MockProvider p) {
    MockResponse.Builder b = new MockResponse.Builder().code(fault.status());
    switch (fault.kind()) {
      case DISCONNECT:
        return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
      case TRUNCATED_JSON:
        String json = Wire.toJson(fullAnswer(fault.target(), p));
        return b.setHeader("Content-Type", Wire.JSON)
            .setHeader("Cache-Control", "no-store")
            .body(json.substring(0, json.length() / 2))
            .build();
      case HTML:
        b.setHeader("Content-Type", "text/html; charset=utf-8").body("<!DOCTYPE html>\n<html>"
            + "<head><title>" + fault.status() + " Bad Gateway</title></head><body><center><h1>"
            + fault.status() + " Bad Gateway</h1></center><hr><center>nginx</center></body>"
            + "</html>\n");
        break;
      default:
        b.setHeader("Content-Type", "text/plain; charset=utf-8")
            .body("HTTP " + fault.status() + " (a fault injected by the Latchkey mock server)\n");
        break;
    }
    if (fault.retryAfterSeconds() != null) {
      b.setHeader("Retry-After", fault.retryAfterSeconds());
    }
    return b.build();
  }

  /** {@return a made-up answer of the kind {@code target}'s endpoint gives, to truncate} */
  private static Map<String, Object> fullAnswer(Fault.Target target, MockProvider p) {
    Map<String, Object> full = new LinkedHashMap<>();
    switch (target) {
      case PUSHED_AUTHORIZATION:
        full.put("request_uri", ParEndpoint.URN_PREFIX + ServerState.randomToken());
        full.put("expires_in", ParEndpoint.LIFETIME.getSeconds());
        return full;
      case DEVICE_AUTHORIZATION:
        full.put("device_code", ServerState.randomToken());
        full.put("user_code", DeviceEndpoints.userCode());
        full.put("verification_uri", "/" + p.id + DeviceEndpoints.VERIFICATION_PATH);
        full.put("expires_in", p.extensions.deviceCodeLifetime.getSeconds());
        full.put("interval", p.extensions.devicePollingInterval.getSeconds());
        return full;
      default:
        full.put("access_token", ServerState.randomToken());
        full.put("token_type", p.tokenType);
        full.put("expires_in", 3600);
        full.put("refresh_token", ServerState.randomToken());
        return full;
    }
  }

  /** Reads grant_type from wherever the request put it, without judging the dialect. */
  static String sniffGrantType(RecordedRequest request) {
    String grant = request.getUrl().queryParameter("grant_type");
    if (grant != null && !grant.isEmpty()) return grant;
    String body = Wire.body(request);
    if (body.isEmpty()) return "none";
    try {
      if (body.trim().startsWith("{")) {
        Object value = Wire.parseJsonObject(body).get("grant_type");
        return value instanceof String ? (String) value : "none";
      }
      String value = Wire.parseForm(body).get("grant_type");
      return value != null ? value : "none";
    } catch (Exception e) {
      return "none";
    }
  }

  private static MockResponse tooLarge() {
    return Wire.error(413, "invalid_request", "the request body is larger than "
        + Wire.MAX_BODY + " bytes; the mock server reads no more").build();
  }

  private MockResponse index(List<MockProvider> providers) {
    StringBuilder sb = new StringBuilder("Latchkey mock authorization server\n\n");
    for (MockProvider p : providers) {
      sb.append(p.displayName).append(": ").append(traffic.url()).append(p.id).append("/\n");
    }
    sb.append("\nAdmin API: ").append(traffic.url()).append("__admin/\n");
    return new MockResponse.Builder().code(200)
        .setHeader("Content-Type", "text/plain; charset=utf-8").body(sb.toString()).build();
  }

  private static MockResponse notFound(String path, MockProvider p,
      List<MockProvider> providers) {
    if (p != null) {
      return Wire.error(404, "not_found", "no endpoint at " + path + " on " + p.displayName)
          .build();
    }
    StringBuilder prefixes = new StringBuilder();
    for (MockProvider candidate : providers) {
      prefixes.append(prefixes.length() == 0 ? "/" : ", /").append(candidate.id);
    }
    return Wire.error(404, "not_found", "no endpoint at " + path + "; providers live under "
        + prefixes).build();
  }
}
