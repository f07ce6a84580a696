package dev.latchkey.mockserver;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * The built-in providers' sample APIs, userinfo endpoints and RFC 8414 metadata, each behind
 * the provider's own token check.
 */
final class ResourceEndpoints {
  /** Answers an API request that presented a live token. */
  interface Handler {
    MockResponse answer(ResourceEndpoints endpoints, RecordedRequest request, IssuedToken token);
  }

  /** A built-in API: which provider, method and path under its prefix, and its answer. */
  static final class Api {
    final MockProvider provider;
    final String method;
    final String path;
    final Handler handler;

    Api(MockProvider provider, String method, String path, Handler handler) {
      this.provider = provider;
      this.method = method;
      this.path = path;
      this.handler = handler;
    }
  }

  static final List<Api> BUILT_IN_APIS = List.of(
      new Api(MockProvider.ORA, "GET", "/v1/projects", (e, r, t) -> oraProjects(t)),
      new Api(MockProvider.ORANGE_LOGIC, "GET", "/api/me", (e, r, t) -> orangeLogicMe(t)),
      new Api(MockProvider.ORGANIZATION_API, "GET", "/api/organization",
          (e, r, t) -> organization(t)),
      new Api(MockProvider.ONNA, "GET", "/v1/workspaces", (e, r, t) -> onnaWorkspaceList(t)),
      new Api(MockProvider.ONNA, "POST", "/v1/workspaces", ResourceEndpoints::onnaWorkspaces));

  private final EndpointState state;
  private final ResourceGuard guard;

  ResourceEndpoints(EndpointState state) {
    this.state = state;
    this.guard = new ResourceGuard(state);
  }

  /** {@return the built-in APIs {@code p} serves; none for a provider of your own} */
  static List<Api> apis(MockProvider p) {
    List<Api> result = new ArrayList<>();
    if (!MockProvider.builtIns().contains(p)) return result;
    for (Api api : BUILT_IN_APIS) {
      if (api.provider.id.equals(p.id)) result.add(api);
    }
    return result;
  }

  /** {@return the methods answered at {@code rest}: stubbed first, then built in} */
  List<String> methods(MockProvider p, String rest) {
    List<String> methods = new ArrayList<>(state.stubbedMethods(p, rest));
    for (Api api : apis(p)) {
      if (api.path.equals(rest) && !methods.contains(api.method)) methods.add(api.method);
    }
    return methods;
  }

  /**
   * Answers an API request at {@code rest}, stubbed or built in, behind the token check; a 405
   * for a method not answered there. Call only where {@link #methods} is not empty.
   */
  MockResponse api(MockProvider p, String rest, RecordedRequest request) throws OAuthError {
    String method = request.getMethod();
    ApiStub stub = state.stub(p, method, rest);
    Api builtIn = null;
    for (Api api : apis(p)) {
      if (api.path.equals(rest) && api.method.equals(method)) builtIn = api;
    }
    if (stub == null && builtIn == null) {
      List<String> allowed = methods(p, rest);
      Collections.sort(allowed);
      return Wire.methodNotAllowed(String.join(", ", allowed), "/" + p.id + rest);
    }
    IssuedToken t = guard.check(p, request);
    return stub != null ? answer(stub) : builtIn.handler.answer(this, request, t);
  }

  private static MockResponse answer(ApiStub stub) {
    MockResponse.Builder b = new MockResponse.Builder().code(stub.status()).body(stub.body());
    if (stub.contentType() != null) b.setHeader("Content-Type", stub.contentType());
    for (Map.Entry<String, String> h : stub.headers().entrySet()) {
      b.setHeader(h.getKey(), h.getValue());
    }
    return b.build();
  }

  private static MockResponse oraProjects(IssuedToken t) {
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

  private static MockResponse orangeLogicMe(IssuedToken t) {
    Map<String, Object> me = new LinkedHashMap<>();
    me.put("id", t.grant.subject);
    me.put("userName", DemoUser.USERNAME);
    me.put("displayName", DemoUser.NAME);
    me.put("email", DemoUser.EMAIL);
    return Wire.json(200, me).build();
  }

  private static MockResponse organization(IssuedToken t) {
    Map<String, Object> org = new LinkedHashMap<>();
    org.put("id", "org-42");
    org.put("name", "Demo Organization");
    org.put("client_id", t.grant.clientId);
    return Wire.json(200, org).build();
  }

  private static MockResponse onnaWorkspaceList(IssuedToken t) {
    Map<String, Object> ws = new LinkedHashMap<>();
    ws.put("id", "ws-demo");
    ws.put("name", "Demo workspace");
    ws.put("owner", t.grant.clientId);
    return Wire.json(200, List.of(ws)).build();
  }

  private MockResponse onnaWorkspaces(RecordedRequest request, IssuedToken t) {
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

  /** {@code sub} always, more claims per granted scope. */
  MockResponse userinfo(MockProvider p, RecordedRequest request) throws OAuthError {
    String method = request.getMethod();
    if (!method.equals("GET") && !method.equals("POST")) {
      return Wire.methodNotAllowed("GET, POST", request.getUrl().encodedPath());
    }
    IssuedToken t = guard.check(p, request);
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

  /** RFC 8414 §2 metadata of a provider that publishes it, from its settings. */
  MockResponse metadata(MockProvider p, RecordedRequest request) {
    if (!request.getMethod().equals("GET")) {
      return Wire.methodNotAllowed("GET", request.getUrl().encodedPath());
    }
    String issuer = state.url().toString() + p.id;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("issuer", issuer);
    if (p.authorizePath != null) m.put("authorization_endpoint", issuer + p.authorizePath);
    m.put("token_endpoint", issuer + p.tokenPath);
    if (p.revokePath != null) m.put("revocation_endpoint", issuer + p.revokePath);
    if (p.userinfoPath != null) m.put("userinfo_endpoint", issuer + p.userinfoPath);
    if (p.authorizePath != null) m.put("response_types_supported", List.of("code"));
    List<String> grants = new ArrayList<>();
    for (MockProvider.GrantType g : p.grants) grants.add(g.wireName());
    m.put("grant_types_supported", grants);
    if (p.authorizePath != null) m.put("code_challenge_methods_supported", List.of("S256"));
    List<String> methods = new ArrayList<>();
    if (p.clientAuth.contains(MockProvider.ClientAuthMethod.BASIC)) {
      methods.add("client_secret_basic");
    }
    if (p.clientAuth.contains(MockProvider.ClientAuthMethod.BODY)) {
      methods.add("client_secret_post");
    }
    if (p.clientAuth.contains(MockProvider.ClientAuthMethod.PRIVATE_KEY_JWT)) {
      methods.add("private_key_jwt");
    }
    if (p.clientAuth.contains(MockProvider.ClientAuthMethod.CLIENT_SECRET_JWT)) {
      methods.add("client_secret_jwt");
    }
    if (state.mtlsUrl() != null) {
      if (p.clientAuth.contains(MockProvider.ClientAuthMethod.TLS_CLIENT_AUTH)) {
        methods.add("tls_client_auth");
      }
      if (p.clientAuth.contains(MockProvider.ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH)) {
        methods.add("self_signed_tls_client_auth");
      }
    }
    if (p.publicClients) methods.add("none");
    m.put("token_endpoint_auth_methods_supported", methods);
    List<String> assertionAlgs = ClientAssertions.algorithms(p);
    if (!assertionAlgs.isEmpty()) {
      m.put("token_endpoint_auth_signing_alg_values_supported", assertionAlgs);
    }
    if (p.revokePath != null) {
      m.put("revocation_endpoint_auth_methods_supported", methods);
      if (!assertionAlgs.isEmpty()) {
        m.put("revocation_endpoint_auth_signing_alg_values_supported", assertionAlgs);
      }
    }
    if (p.supports(MockProvider.GrantType.DEVICE_CODE)) {
      m.put("device_authorization_endpoint", issuer + DeviceEndpoints.AUTHORIZATION_PATH);
    }
    if (p.extensions.parPath != null) {
      m.put("pushed_authorization_request_endpoint", issuer + p.extensions.parPath);
      m.put("require_pushed_authorization_requests", state.settings().requirePar(p));
    }
    URI mtls = state.mtlsUrl();
    if (mtls != null) {
      String base = mtls + p.id;
      Map<String, Object> aliases = new LinkedHashMap<>();
      aliases.put("token_endpoint", base + p.tokenPath);
      if (p.revokePath != null) aliases.put("revocation_endpoint", base + p.revokePath);
      if (p.userinfoPath != null) aliases.put("userinfo_endpoint", base + p.userinfoPath);
      if (p.extensions.parPath != null) {
        aliases.put("pushed_authorization_request_endpoint", base + p.extensions.parPath);
      }
      if (p.supports(MockProvider.GrantType.DEVICE_CODE)) {
        aliases.put("device_authorization_endpoint", base + DeviceEndpoints.AUTHORIZATION_PATH);
      }
      m.put("mtls_endpoint_aliases", aliases);
    }
    m.put("tls_client_certificate_bound_access_tokens",
        mtls != null && p.extensions.certificateBound);
    if (p.presentation == MockProvider.TokenPresentation.DPOP) {
      m.put("dpop_signing_alg_values_supported", DpopVerifier.ALGORITHMS);
    }
    if (p.scopes != null) {
      List<String> scopes = new ArrayList<>();
      if (p.extensions.openId) scopes.add("openid");
      scopes.addAll(p.scopes);
      m.put("scopes_supported", scopes);
    }
    if (p.extensions.openId) OpenIdEndpoints.describe(p, issuer, m);
    return Wire.json(200, m).build();
  }
}
