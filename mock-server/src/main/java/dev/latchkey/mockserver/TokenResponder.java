package dev.latchkey.mockserver;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;

/** Issues tokens for a grant and answers with an RFC 6749 §5.1 token response. */
final class TokenResponder {
  private final EndpointState state;

  TokenResponder(EndpointState state) {
    this.state = state;
  }

  /**
   * Issues an access token, and a refresh token when {@code newRefresh}; {@code keptRefresh} is
   * a refresh token that stays valid and goes back in the response.
   */
  MockResponse respond(TokenRequest request, Grant grant, List<String> scopes,
      boolean newRefresh, String keptRefresh) {
    return respond(request, grant, scopes, newRefresh, keptRefresh, Map.of(), null);
  }

  /**
   * As above, with {@code extra} members (such as RFC 8693's issued_token_type) first, and an
   * access token that expires at {@code notAfter} if that comes before its lifetime ends.
   */
  MockResponse respond(TokenRequest request, Grant grant, List<String> scopes,
      boolean newRefresh, String keptRefresh, Map<String, Object> extra, Instant notAfter) {
    MockProvider p = grant.provider;
    IssuedToken access = state.issue(grant, false, scopes, request.accessCnf, notAfter);
    long expiresIn = state.settings().accessLifetime(p).getSeconds();
    if (notAfter != null) {
      expiresIn = Math.min(expiresIn, Duration.between(state.now(), access.expiresAt).getSeconds());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", access.value);
    body.putAll(extra);
    // RFC 9449 §5: a DPoP-bound token's type is DPoP; a certificate-bound one stays Bearer.
    body.put("token_type", request.accessCnf.jkt != null ? "DPoP" : p.tokenType);
    body.put("expires_in", expiresIn);
    if (newRefresh) {
      body.put("refresh_token",
          state.issue(grant, true, grant.scopes, request.refreshCnf, null).value);
    } else if (keptRefresh != null) {
      body.put("refresh_token", keptRefresh);
    }
    if (grant.scopeRequested && !scopes.isEmpty()) body.put("scope", String.join(" ", scopes));
    if (IdTokens.issues(grant, scopes)) {
      String code = "authorization_code".equals(request.param("grant_type"))
          ? request.param("code") : null;
      body.put("id_token", IdTokens.issue(state, grant, access.value, code));
    }
    return Wire.json(200, body)
        .setHeader("Cache-Control", "no-store")
        .setHeader("Pragma", "no-cache")
        .build();
  }
}
