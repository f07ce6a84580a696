package dev.latchkey.oidc;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.IdTokenException;
import dev.latchkey.IdTokenException.Reason;
import dev.latchkey.IdTokenVerifier;
import dev.latchkey.OAuth2Client;
import java.io.IOException;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;

/**
 * Validates OpenID Connect ID tokens (OpenID Connect Core §3.1.3.7) with nimbus-jose-jwt: the
 * signature against the issuer's JWKS ({@code RS256}, {@code PS256} or {@code ES256}; {@code none}
 * and HMAC are refused), then {@code iss}, {@code aud}, {@code azp}, {@code exp} and {@code iat}
 * with a leeway, {@code nonce}, and {@code at_hash}/{@code c_hash} when present.
 *
 * <pre>{@code
 * OAuth2Client client = OAuth2Client.builder()
 *     .provider(Provider.discover(http, "https://id.example.com"))   // issuer and jwks_uri
 *     .clientId("my-app")
 *     .redirectUri("https://app.example.com/callback")
 *     .scopes("openid", "profile", "email")
 *     .idTokenVerifier(OidcVerifier.create())
 *     .build();
 * }</pre>
 *
 * <h2>Keys</h2>
 * The issuer's keys are fetched once and cached. A token whose {@code kid} is not in the cache
 * makes the verifier fetch them again (the issuer rotated its keys), but never more often than
 * {@link #DEFAULT_REFETCH_INTERVAL} by the client's clock, so tokens with made-up {@code kid}s
 * cannot make it hammer the issuer. Share one verifier between clients: it keeps one cache per
 * JWKS URL.
 */
public final class OidcVerifier implements IdTokenVerifier {
  /** How far {@code exp} and {@code iat} may be off by the client's clock, by default. */
  public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(60);
  /** The least time between two fetches of an issuer's keys, by default. */
  public static final Duration DEFAULT_REFETCH_INTERVAL = Duration.ofSeconds(60);

  /** The signature algorithms accepted: asymmetric only (no {@code none}, no HMAC). */
  private static final Set<JWSAlgorithm> ALGORITHMS = Collections.unmodifiableSet(
      new LinkedHashSet<>(Arrays.asList(JWSAlgorithm.RS256, JWSAlgorithm.PS256,
          JWSAlgorithm.ES256)));

  private final Duration leeway;
  private final Duration refetchInterval;
  private final Map<HttpUrl, JwksCache> caches = new ConcurrentHashMap<>();

  private OidcVerifier(Builder builder) {
    this.leeway = builder.leeway;
    this.refetchInterval = builder.refetchInterval;
  }

  /**
   * Returns a verifier with the default leeway and refetch interval.
   *
   * @return a new verifier
   */
  public static OidcVerifier create() {
    return builder().build();
  }

  /**
   * Returns a builder for a verifier.
   *
   * @return a builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Map<String, Object> verify(OAuth2Client client, String idToken, String nonce,
      String accessToken, String code) throws IOException {
    requireNonNull(client, "client == null");
    requireNonNull(idToken, "idToken == null");
    String provider = client.provider().name();
    String issuer = client.provider().issuer();
    HttpUrl jwksUri = client.provider().jwksUri();
    if (issuer == null || jwksUri == null) {
      throw new IllegalStateException("Provider " + provider + " has no " + (issuer == null
          ? "issuer" : "jwksUri") + " to validate ID tokens with; use Provider.discover, or set"
          + " Provider.Builder.issuer and jwksUri");
    }
    SignedJWT jwt = parse(idToken, provider);
    JWSHeader header = jwt.getHeader();
    JWSAlgorithm alg = header.getAlgorithm();
    if (!ALGORITHMS.contains(alg)) {
      throw refused(provider, Reason.ALGORITHM, "it is signed with " + Quote.of(alg.getName())
          + ", and only RS256, PS256 and ES256 are accepted");
    }
    verifySignature(client, jwt, alg, header.getKeyID(), jwksUri, provider);
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw refused(provider, Reason.MALFORMED, "its claims are not a JSON object");
    }
    Claims.check(claims, new Claims.Expected(issuer, client.clientId(), nonce, accessToken, code,
        client.clock().instant(), leeway), provider);
    return claims.toJSONObject();
  }

  private static SignedJWT parse(String idToken, String provider) throws IdTokenException {
    JWT jwt;
    try {
      jwt = JWTParser.parse(idToken);
    } catch (ParseException e) {
      // A signed token with its signature cut off ("header.claims.") parses as nothing.
      throw idToken.endsWith(".") ? refused(provider, Reason.SIGNATURE, "it has no signature")
          : refused(provider, Reason.MALFORMED, "it is not a JWT");
    }
    if (!(jwt instanceof SignedJWT)) {
      // A PlainJWT is alg "none"; an EncryptedJWT is not signed by the issuer's key as such.
      throw refused(provider, Reason.ALGORITHM, "it is not signed (alg "
          + Quote.of(jwt.getHeader().getAlgorithm().getName()) + ")");
    }
    SignedJWT signed = (SignedJWT) jwt;
    if (signed.getSignature() == null || signed.getSignature().decode().length == 0) {
      throw refused(provider, Reason.SIGNATURE, "it has no signature");
    }
    return signed;
  }

  private void verifySignature(OAuth2Client client, SignedJWT jwt, JWSAlgorithm alg, String kid,
      HttpUrl jwksUri, String provider) throws IOException {
    JwksCache cache = caches.computeIfAbsent(jwksUri,
        url -> new JwksCache(url, refetchInterval.toMillis()));
    List<JWK> keys = cache.keys(client.httpClient(), client.clock());
    List<JWK> candidates = candidates(keys, kid, alg, provider);
    if (candidates.isEmpty()) {
      List<JWK> fresh = cache.refetch(keys, client.httpClient(), client.clock());
      candidates = fresh == null ? candidates : candidates(fresh, kid, alg, provider);
    }
    if (candidates.isEmpty()) {
      throw refused(provider, Reason.UNKNOWN_KEY, (kid == null ? "it names no key (kid)"
          : "its key " + Quote.of(kid) + " is not") + " in the issuer's JWKS at " + jwksUri
          + " (fetched again at most every " + refetchInterval.getSeconds() + " s)");
    }
    for (JWK key : candidates) {
      if (verifies(jwt, key, alg)) {
        return;
      }
    }
    throw refused(provider, Reason.SIGNATURE, "its signature does not verify with the issuer's"
        + " key");
  }

  /** The keys that may have signed a token with {@code kid} and {@code alg}. */
  private static List<JWK> candidates(List<JWK> keys, String kid, JWSAlgorithm alg,
      String provider) throws IdTokenException {
    List<JWK> found = new ArrayList<>();
    for (JWK key : keys) {
      if (kid != null && !kid.equals(key.getKeyID())) {
        continue;
      }
      if (!suits(key, alg)) {
        if (kid != null) {
          // The token names a key that cannot have made this signature: an algorithm confusion.
          throw refused(provider, Reason.UNKNOWN_KEY, "its key " + Quote.of(kid) + " is of type "
              + key.getKeyType() + (key.getAlgorithm() == null ? ""
                  : " for " + key.getAlgorithm().getName()) + ", which cannot verify "
              + alg.getName());
        }
        continue;
      }
      found.add(key);
    }
    return found;
  }

  /** RFC 7517 §4.2–4.4: a signing key of the algorithm's type, {@code alg} matching if given. */
  private static boolean suits(JWK key, JWSAlgorithm alg) {
    if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
      return false;
    }
    if (key.getAlgorithm() != null && !key.getAlgorithm().equals(alg)) {
      return false;
    }
    if (JWSAlgorithm.ES256.equals(alg)) {
      return key instanceof ECKey && Curve.P_256.equals(((ECKey) key).getCurve());
    }
    return key instanceof RSAKey;
  }

  private static boolean verifies(SignedJWT jwt, JWK key, JWSAlgorithm alg) {
    try {
      JWSVerifier verifier = JWSAlgorithm.ES256.equals(alg)
          ? new ECDSAVerifier(((ECKey) key).toECPublicKey())
          : new RSASSAVerifier(((RSAKey) key).toRSAPublicKey());
      return jwt.verify(verifier);
    } catch (JOSEException | IllegalStateException e) {
      return false; // A key too short or malformed verifies nothing.
    }
  }

  static IdTokenException refused(String provider, Reason reason, String detail) {
    return new IdTokenException(reason, "The ID token from " + provider + " was refused: "
        + detail + ". " + Claims.advice(reason));
  }

  /** Builds an {@link OidcVerifier}. */
  public static final class Builder {
    private Duration leeway = DEFAULT_LEEWAY;
    private Duration refetchInterval = DEFAULT_REFETCH_INTERVAL;

    Builder() {
    }

    /**
     * Sets how far {@code exp} and {@code iat} may be off by the client's clock. Default
     * {@link #DEFAULT_LEEWAY}.
     *
     * @param leeway a non-negative duration, at most 5 minutes
     * @return this builder
     */
    public Builder leeway(Duration leeway) {
      requireNonNull(leeway, "leeway == null");
      if (leeway.isNegative() || leeway.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("leeway must be between 0 and 5 minutes: " + leeway);
      }
      this.leeway = leeway;
      return this;
    }

    /**
     * Sets the least time between two fetches of an issuer's keys. Default
     * {@link #DEFAULT_REFETCH_INTERVAL}.
     *
     * @param interval a positive duration
     * @return this builder
     */
    public Builder refetchInterval(Duration interval) {
      requireNonNull(interval, "interval == null");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("refetchInterval must be positive: " + interval);
      }
      this.refetchInterval = interval;
      return this;
    }

    /**
     * Returns the verifier.
     *
     * @return a new verifier
     */
    public OidcVerifier build() {
      return new OidcVerifier(this);
    }
  }
}
