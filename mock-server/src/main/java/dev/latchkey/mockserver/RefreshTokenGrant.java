package dev.latchkey.mockserver;

import java.time.Instant;
import java.util.List;
import mockwebserver3.MockResponse;

/**
 * {@code grant_type=refresh_token} (RFC 6749 §6), the refresh token in the provider's own
 * parameter; rotates it (RFC 9700 §4.14.2) or extends it, as the settings say.
 */
final class RefreshTokenGrant implements GrantHandler {
  private final EndpointState state;
  private final TokenResponder responder;

  RefreshTokenGrant(EndpointState state, TokenResponder responder) {
    this.state = state;
    this.responder = responder;
  }

  @Override public MockResponse grant(TokenRequest request, Client client) throws OAuthError {
    MockProvider p = request.provider;
    String param = p.refreshParam;
    if (!param.equals("refresh_token") && request.params.containsKey("refresh_token")) {
      throw OAuthError.badRequest("invalid_request", p.displayName + " reads the refresh token"
          + " from the " + param + " parameter: send the refresh token as " + param
          + " (grant_type=refresh_token&" + param + "=...), not as refresh_token");
    }
    String value = request.param(param);
    if (value == null) {
      throw OAuthError.badRequest("invalid_request", param + " is missing; send the "
          + "refresh token as " + param);
    }
    IssuedToken token = state.token(value);
    if (token == null || !token.refresh || !token.grant.provider.id.equals(p.id)) {
      throw OAuthError.badRequest("invalid_grant",
          "the refresh token is unknown; authorize again");
    }
    if (!token.grant.clientId.equals(client.id)) {
      throw OAuthError.badRequest("invalid_grant",
          "the refresh token was issued to another client");
    }
    if (token.isRevoked()) {
      throw OAuthError.badRequest("invalid_grant", token.rotated.get()
          ? "the refresh token was already used and rotated; use the newest refresh token"
          : "the refresh token was revoked; authorize again");
    }
    Instant now = state.now();
    if (token.isExpired(now)) {
      throw OAuthError.badRequest("invalid_grant", "the refresh token expired; authorize again");
    }
    checkBinding(token, request);
    List<String> scopes = narrowed(request, client, token);
    if (state.settings().rotate(p)) {
      if (!token.rotated.compareAndSet(false, true)) {
        throw OAuthError.badRequest("invalid_grant",
            "the refresh token was already used and rotated; use the newest refresh token");
      }
      token.revoked = true;
      return responder.respond(request, token.grant, scopes, true, null);
    }
    // Without rotation the same refresh token stays valid, its lifetime counted from last use.
    token.expiresAt = now.plus(state.settings().refreshLifetime(p));
    return responder.respond(request, token.grant, scopes, false, token.value);
  }

  /**
   * A bound refresh token needs a proof of the same key (RFC 9449 §5), or the same client
   * certificate (RFC 8705 §4).
   */
  private static void checkBinding(IssuedToken token, TokenRequest request) throws OAuthError {
    String cert = token.cnf.x5tS256;
    if (cert != null && !cert.equals(request.accessCnf.x5tS256)) {
      throw OAuthError.badRequest("invalid_grant", "the refresh token is bound to a client "
          + "certificate; refresh over mutual TLS with that certificate (RFC 8705 §4)");
    }
    String bound = token.cnf.jkt;
    if (bound == null) return;
    if (request.accessCnf.jkt == null) {
      throw OAuthError.badRequest("invalid_dpop_proof", "the refresh token is DPoP-bound; "
          + "send a DPoP proof made with its key (RFC 9449 §5)");
    }
    if (!bound.equals(request.accessCnf.jkt)) {
      throw OAuthError.badRequest("invalid_dpop_proof", "the refresh token is bound to another "
          + "DPoP key than this proof's; sign the proof with the key it was issued to");
    }
  }

  /** A refresh may narrow the granted scope, never widen it (RFC 6749 §6). */
  private static List<String> narrowed(TokenRequest request, Client client, IssuedToken token)
      throws OAuthError {
    String scopeParam = request.param("scope");
    if (scopeParam == null) return token.grant.scopes;
    List<String> scopes = Scopes.parse(scopeParam);
    Scopes.check(request.provider, client, scopes);
    for (String s : scopes) {
      if (!token.grant.scopes.contains(s)) {
        throw OAuthError.badRequest("invalid_scope", "scope \"" + s + "\" was not granted; a "
            + "refresh may only narrow the original scope (RFC 6749 §6)");
      }
    }
    return scopes;
  }
}
