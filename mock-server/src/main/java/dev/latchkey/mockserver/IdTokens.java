package dev.latchkey.mockserver;

import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;

/**
 * ID tokens (OpenID Connect Core §2, §3.1.3.6): {@code iss}, {@code sub} (the userinfo's),
 * {@code aud} and {@code azp} the client, {@code exp}, {@code iat}, {@code auth_time}, the
 * authorization request's {@code nonce}, {@code at_hash} of the access token and
 * {@code c_hash} of the code it was exchanged for, signed with the provider's current key.
 */
final class IdTokens {
  private IdTokens() {
  }

  /** {@return whether a token response for {@code grant} carries an ID token} */
  static boolean issues(Grant grant, java.util.List<String> scopes) {
    return grant.provider.extensions.openId && grant.authTime != null && scopes.contains("openid");
  }

  static String issue(EndpointState state, Grant grant, String accessToken, String code) {
    MockProvider p = grant.provider;
    Instant now = state.now();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer(state.url() + p.id)
        .subject(grant.subject)
        .audience(grant.clientId)
        .claim("azp", grant.clientId)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(state.settings().accessLifetime(p))))
        .claim("auth_time", grant.authTime.getEpochSecond())
        .claim("at_hash", halfHash(accessToken));
    // OpenID Connect Core §12.2: a refreshed ID token carries no new nonce; we send none then.
    if (code != null) {
      claims.claim("c_hash", halfHash(code));
      if (grant.nonce != null) claims.claim("nonce", grant.nonce);
    }
    return state.signingKeys(p).sign(claims.build());
  }

  /** The left half of SHA-256, base64url: {@code at_hash} and {@code c_hash} for RS256/ES256. */
  static String halfHash(String value) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(value.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding()
          .encodeToString(Arrays.copyOf(digest, digest.length / 2));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
