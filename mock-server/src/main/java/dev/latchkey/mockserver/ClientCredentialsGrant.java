package dev.latchkey.mockserver;

import java.util.List;
import mockwebserver3.MockResponse;

/** {@code grant_type=client_credentials} (RFC 6749 §4.4): confidential clients only. */
final class ClientCredentialsGrant implements GrantHandler {
  private final TokenResponder responder;

  ClientCredentialsGrant(TokenResponder responder) {
    this.responder = responder;
  }

  @Override public MockResponse grant(TokenRequest request, Client client) throws OAuthError {
    MockProvider p = request.provider;
    if (client.isPublic()) {
      throw OAuthError.badRequest("unauthorized_client", "public client " + client.id
          + " cannot use client_credentials; it has no secret (RFC 6749 §4.4)");
    }
    String scopeParam = request.param("scope");
    List<String> scopes = Scopes.parse(scopeParam);
    Scopes.check(p, client, scopes);
    Grant grant = new Grant(p, client.id, client.id, scopes, scopeParam != null);
    return responder.respond(request, grant, scopes, p.refreshOnClientCredentials, null);
  }
}
