package dev.latchkey.mockserver;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/** The providers' APIs, userinfo endpoints and the standard provider's metadata document. */
final class ResourceEndpoints {
  private final ServerState state;

  ResourceEndpoints(ServerState state) {
    this.state = state;
  }

  /** Checks the bearer token (RFC 6750 §2.1); returns it, or throws the provider's 401. */
  private IssuedToken authenticate(Provider p, RecordedRequest request) throws OAuthError {
    String header = request.getHeaders().get("Authorization");
    String token = null;
    if (header != null) {
      header = header.trim();
      if (header.length() > 7 && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
        token = header.substring(7).trim();
      }
    }
    if (token == null) {
      throw unauthorized(p, null, "Bearer realm=\"" + p.id + "\"");
    }
    IssuedToken issued = state.tokens.get(token);
    String problem = null;
    if (issued == null || issued.refresh || issued.grant.provider != p) {
      problem = "the access token is unknown";
    } else if (issued.isRevoked()) {
      problem = "the access token was revoked";
    } else if (issued.isExpired(state.now())) {
      problem = "the access token expired";
    }
    if (problem != null) {
      throw unauthorized(p, problem, "Bearer error=\"invalid_token\"");
    }
    return issued;
  }

  private static OAuthError unauthorized(Provider p, String problem, String challenge) {
    if (!p.bearerChallenge) {
      // Onna answers a bad or expired token with a bare 401: no challenge, no body.
      return new OAuthError(new MockResponse.Builder().code(401).build());
    }
    MockResponse.Builder b = problem == null
        ? Wire.error(401, "unauthorized",
            "send Authorization: Bearer <access token> (RFC 6750 §2.1)")
        : Wire.error(401, "invalid_token", problem);
    return new OAuthError(b.setHeader("WWW-Authenticate", challenge).build());
  }

  MockResponse oraProjects(RecordedRequest request) throws OAuthError {
    if (!request.getMethod().equals("GET")) return Wire.methodNotAllowed("GET", "/ora/v1/projects");
    IssuedToken t = authenticate(Provider.ORA, request);
    List<Object> projects = List.of(
        project("prj-apollo", "Apollo", t.grant.subject),
        project("prj-gemini", "Gemini", t.grant.subject));
    return Wire.json(200, projects).build();
  }

  private static Map<String, Object> project(String id, String name, String owner) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("name", name);
    m.put("owner", owner);
    return m;
  }

  MockResponse orangeLogicMe(RecordedRequest request) throws OAuthError {
    if (!request.getMethod().equals("GET")) {
      return Wire.methodNotAllowed("GET", "/orangelogic/api/me");
    }
    IssuedToken t = authenticate(Provider.ORANGELOGIC, request);
    Map<String, Object> me = new LinkedHashMap<>();
    me.put("id", t.grant.subject);
    me.put("userName", DemoUser.USERNAME);
    me.put("displayName", DemoUser.NAME);
    me.put("email", DemoUser.EMAIL);
    return Wire.json(200, me).build();
  }

  MockResponse organization(RecordedRequest request) throws OAuthError {
    if (!request.getMethod().equals("GET")) {
      return Wire.methodNotAllowed("GET", "/orgapi/api/organization");
    }
    IssuedToken t = authenticate(Provider.ORGAPI, request);
    Map<String, Object> org = new LinkedHashMap<>();
    org.put("id", "org-42");
    org.put("name", "Demo Organization");
    org.put("client_id", t.grant.clientId);
    return Wire.json(200, org).build();
  }

  MockResponse onnaWorkspaces(RecordedRequest request) throws OAuthError {
    if (!request.getMethod().equals("POST")) {
      return Wire.methodNotAllowed("POST", "/onna/v1/workspaces");
    }
    IssuedToken t = authenticate(Provider.ONNA, request);
    String name = "Demo workspace";
    String body = Wire.body(request);
    if (!body.isEmpty()) {
      try {
        Object n = Wire.parseJsonObject(body).get("name");
        if (n instanceof String) name = (String) n;
      } catch (IOException e) {
        return Wire.json(400, Map.of("message", "the body must be a JSON object: "
            + e.getMessage())).build();
      }
    }
    Map<String, Object> ws = new LinkedHashMap<>();
    ws.put("id", "ws-" + ServerState.randomToken().substring(0, 12));
    ws.put("name", name);
    ws.put("owner", t.grant.clientId);
    ws.put("created_at", state.now().toString());
    return Wire.json(200, ws).build();
  }

  /** Orgo and standard: {@code sub} always, more claims per granted scope. */
  MockResponse userinfo(Provider p, RecordedRequest request) throws OAuthError {
    String method = request.getMethod();
    if (!method.equals("GET") && !method.equals("POST")) {
      return Wire.methodNotAllowed("GET, POST", request.getUrl().encodedPath());
    }
    IssuedToken t = authenticate(p, request);
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", t.grant.subject);
    boolean user = t.grant.subject.equals(DemoUser.SUBJECT);
    if (user && t.scopes.contains("profile")) {
      claims.put("name", DemoUser.NAME);
      claims.put("preferred_username", DemoUser.USERNAME);
    }
    if (user && t.scopes.contains("email")) {
      claims.put("email", DemoUser.EMAIL);
      claims.put("email_verified", true);
    }
    if (user && t.scopes.contains("groups")) claims.put("groups", DemoUser.GROUPS);
    if (user && t.scopes.contains("roles")) claims.put("roles", DemoUser.ROLES);
    return Wire.json(200, claims).build();
  }

  /** RFC 8414 §2 metadata of the standard provider. */
  MockResponse metadata(RecordedRequest request) {
    if (!request.getMethod().equals("GET")) {
      return Wire.methodNotAllowed("GET", request.getUrl().encodedPath());
    }
    HttpUrl base = state.url;
    String issuer = base.newBuilder().addPathSegment("standard").build().toString();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("issuer", issuer);
    m.put("authorization_endpoint", issuer + "/authorize");
    m.put("token_endpoint", issuer + "/token");
    m.put("revocation_endpoint", issuer + "/revoke");
    m.put("userinfo_endpoint", issuer + "/userinfo");
    m.put("response_types_supported", List.of("code"));
    m.put("grant_types_supported",
        List.of("authorization_code", "refresh_token", "client_credentials"));
    m.put("code_challenge_methods_supported", List.of("S256"));
    m.put("token_endpoint_auth_methods_supported",
        List.of("client_secret_basic", "client_secret_post", "none"));
    m.put("revocation_endpoint_auth_methods_supported",
        List.of("client_secret_basic", "client_secret_post", "none"));
    m.put("scopes_supported", List.of("profile", "email", "read", "write"));
    return Wire.json(200, m).build();
  }
}
