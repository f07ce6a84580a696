package dev.latchkey.mockserver;

import java.util.EnumMap;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Token (RFC 6749 §3.2) and revocation (RFC 7009) endpoints: reads the request in the
 * provider's dialect, authenticates the client, and hands the grant to its handler.
 */
final class TokenEndpoint {
  private final EndpointState state;
  private final ClientAuthentication clients;
  private final DpopBinding dpop;
  private final Map<MockProvider.GrantType, GrantHandler> grants =
      new EnumMap<>(MockProvider.GrantType.class);

  TokenEndpoint(EndpointState state) {
    this.state = state;
    this.clients = new ClientAuthentication(state);
    this.dpop = new DpopBinding(state);
    TokenResponder responder = new TokenResponder(state);
    grants.put(MockProvider.GrantType.AUTHORIZATION_CODE,
        new AuthorizationCodeGrant(state, responder));
    grants.put(MockProvider.GrantType.REFRESH_TOKEN, new RefreshTokenGrant(state, responder));
    grants.put(MockProvider.GrantType.CLIENT_CREDENTIALS, new ClientCredentialsGrant(responder));
    grants.put(MockProvider.GrantType.DEVICE_CODE, new DeviceCodeGrant(state, responder));
    grants.put(MockProvider.GrantType.TOKEN_EXCHANGE, new TokenExchangeGrant(state, responder));
  }

  MockResponse token(MockProvider p, RecordedRequest request) {
    if (!request.getMethod().equals("POST")) {
      return Wire.methodNotAllowed("POST", request.getUrl().encodedPath());
    }
    try {
      TokenRequest read = TokenRequest.read(p, request);
      Client client = clients.authenticate(read);
      TokenRequest call = bindCertificate(dpop.bind(read, client), client);
      String grantType = call.param("grant_type");
      if (grantType == null) {
        throw OAuthError.badRequest("invalid_request", "grant_type is missing; "
            + p.displayName + " supports grant_type " + p.grantNames());
      }
      MockProvider.GrantType grant = MockProvider.GrantType.fromWire(grantType);
      if (grant == null || !p.supports(grant)) {
        if (grant == MockProvider.GrantType.REFRESH_TOKEN) {
          throw OAuthError.badRequest("unsupported_grant_type", p.displayName + " issues no "
              + "refresh tokens and cannot refresh; request a new token with grant_type="
              + p.grants.get(0).wireName());
        }
        throw OAuthError.badRequest("unsupported_grant_type", p.displayName
            + " does not support grant_type=" + grantType + "; it supports " + p.grantNames());
      }
      return grants.get(grant).grant(call, client);
    } catch (OAuthError e) {
      return e.response;
    }
  }

  /**
   * RFC 8705 §3: over mutual TLS, the provider's tokens are bound to the client certificate; a
   * public client's refresh token too (§4), a confidential client's is bound by its
   * authentication already.
   */
  private static TokenRequest bindCertificate(TokenRequest request, Client client) {
    if (!request.provider.extensions.certificateBound) return request;
    String x5t = ClientCertificates.thumbprint(request.raw);
    if (x5t == null) return request;
    return request.bound(request.accessCnf.withCertificate(x5t), client.isPublic()
        ? request.refreshCnf.withCertificate(x5t) : request.refreshCnf);
  }

  /** RFC 7009: always 200 for a token, known or not, once the client is authenticated. */
  MockResponse revoke(MockProvider p, RecordedRequest request) {
    if (!request.getMethod().equals("POST")) {
      return Wire.methodNotAllowed("POST", request.getUrl().encodedPath());
    }
    try {
      TokenRequest call = TokenRequest.read(p, request);
      Client client = clients.authenticate(call);
      String token = call.param("token");
      if (token == null) {
        throw OAuthError.badRequest("invalid_request",
            "token is missing; send the access or refresh token to revoke (RFC 7009 §2.1)");
      }
      IssuedToken issued = state.token(token);
      if (issued != null && issued.grant.provider.id.equals(p.id)
          && issued.grant.clientId.equals(client.id)) {
        state.revoke(token);
      }
      return new MockResponse.Builder().code(200).setHeader("Cache-Control", "no-store").build();
    } catch (OAuthError e) {
      return e.response;
    }
  }
}
