package dev.latchkey.mockserver;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * The pushed authorization request endpoint (RFC 9126 §2): the client authenticates as at the
 * token endpoint, its authorization parameters are checked as the authorization endpoint would
 * check them, and it gets a single-use {@code request_uri} that lives {@link #LIFETIME}. A DPoP
 * proof or {@code dpop_jkt} binds the code to a key (RFC 9449 §10).
 */
final class ParEndpoint {
  /** How long a request_uri stays good (RFC 9126 §2.2 suggests 5 to 600 seconds). */
  static final Duration LIFETIME = Duration.ofSeconds(60);
  static final String URN_PREFIX = "urn:ietf:params:oauth:request_uri:";

  private final EndpointState state;
  private final ClientAuthentication clients;
  private final DpopVerifier dpop;

  ParEndpoint(EndpointState state) {
    this.state = state;
    this.clients = new ClientAuthentication(state);
    this.dpop = new DpopVerifier(state);
  }

  MockResponse push(MockProvider p, RecordedRequest request) {
    if (!request.getMethod().equals("POST")) {
      return Wire.methodNotAllowed("POST", request.getUrl().encodedPath());
    }
    try {
      TokenRequest call = TokenRequest.read(p, request);
      Client client = clients.authenticate(call);
      Map<String, String> params = new LinkedHashMap<>(call.params);
      if (params.containsKey("request_uri")) {
        throw OAuthError.badRequest("invalid_request", "a pushed request may not carry "
            + "request_uri (RFC 9126 §2.1)");
      }
      String clientId = params.get("client_id");
      if (clientId != null && !clientId.equals(client.id)) {
        throw OAuthError.badRequest("invalid_request", "client_id " + clientId + " is not the "
            + "authenticated client " + client.id);
      }
      bindDpopKey(p, request, params);
      AuthorizationRequest ar;
      try {
        ar = AuthorizationParams.check(state, client, params);
      } catch (AuthorizationParams.Problem e) {
        throw OAuthError.badRequest(e.error, e.description);
      }
      String requestUri = URN_PREFIX + ServerState.randomToken();
      state.putPushedRequest(requestUri,
          new PushedRequest(client, ar, state.now().plus(LIFETIME)));
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("request_uri", requestUri);
      body.put("expires_in", LIFETIME.getSeconds());
      return Wire.json(201, body).setHeader("Cache-Control", "no-store").build();
    } catch (OAuthError e) {
      return e.response;
    }
  }

  /**
   * RFC 9449 §10.1: a DPoP proof at the PAR endpoint binds the code to its key, as
   * {@code dpop_jkt} does; with both, they must name the same key.
   */
  private void bindDpopKey(MockProvider p, RecordedRequest request, Map<String, String> params)
      throws OAuthError {
    if (p.presentation != MockProvider.TokenPresentation.DPOP) return;
    String jkt;
    try {
      jkt = dpop.verify(p, request, null);
    } catch (Refusal r) {
      throw DpopBinding.error(r);
    }
    if (jkt == null) return;
    String sent = params.putIfAbsent("dpop_jkt", jkt);
    if (sent != null && !sent.equals(jkt)) {
      throw OAuthError.badRequest("invalid_dpop_proof", "dpop_jkt is not the thumbprint of the "
          + "DPoP proof's key; send one key's (RFC 9449 §10.1)");
    }
  }
}
