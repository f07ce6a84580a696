package dev.latchkey;

import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signs client assertions: {@code private_key_jwt} with the client's {@link SigningKey} and
 * {@code client_secret_jwt} with HS256 over the client secret (RFC 7523 §2.2 and §3, OpenID
 * Connect Core §9).
 */
final class ClientAssertions {
  /** The {@code client_assertion_type} of a JWT assertion (RFC 7523 §2.2). */
  static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  /** How long an assertion is valid: long enough for clock skew, short enough to be single use. */
  static final Duration LIFETIME = Duration.ofSeconds(60);

  private final String clientId;
  private final Clock clock;

  ClientAssertions(String clientId, Clock clock) {
    this.clientId = clientId;
    this.clock = clock;
  }

  /** Signs a {@code private_key_jwt} assertion for {@code audience}. */
  String privateKeyJwt(SigningKey key, String audience) {
    return sign(key.algorithm(), key.keyId(), key.privateKey, audience);
  }

  /** Signs a {@code client_secret_jwt} assertion (HS256) for {@code audience}. */
  String clientSecretJwt(String clientSecret, String audience) {
    return sign(Jose.HS256, null, Jose.hmacKey(clientSecret), audience);
  }

  private String sign(String alg, String keyId, Key key, String audience) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", alg);
    header.put("typ", "JWT");
    if (keyId != null) {
      header.put("kid", keyId);
    }
    long now = clock.instant().getEpochSecond();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", clientId);
    claims.put("sub", clientId);
    claims.put("aud", audience);
    claims.put("jti", Secrets.randomUrlSafe(16));
    claims.put("iat", now);
    claims.put("exp", now + LIFETIME.getSeconds());
    return Jose.sign(alg, key, Jose.base64url(Jose.json(header)), claims);
  }
}
