package dev.latchkey.oidc;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.latchkey.IdTokenException;
import dev.latchkey.IdTokenException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/** The claim checks of OpenID Connect Core §3.1.3.7 (and §3.3.2.11 for {@code c_hash}). */
final class Claims {
  private Claims() {
  }

  /** What the claims must say. */
  record Expected(String issuer, String clientId, String nonce, String accessToken, String code,
      Instant now, Duration leeway) {
  }

  static void check(JWTClaimsSet claims, Expected expected, String provider)
      throws IdTokenException {
    if (!expected.issuer().equals(claims.getIssuer())) {
      throw OidcVerifier.refused(provider, Reason.ISSUER, "its iss " + Quote.of(claims.getIssuer())
          + " is not the provider's issuer " + Quote.of(expected.issuer()));
    }
    if (claims.getSubject() == null || claims.getSubject().isEmpty()) {
      throw OidcVerifier.refused(provider, Reason.MALFORMED, "it has no sub");
    }
    List<String> audience = claims.getAudience();
    if (!audience.contains(expected.clientId())) {
      throw OidcVerifier.refused(provider, Reason.AUDIENCE, "its aud " + Quote.of(audience)
          + " does not contain this client's id " + Quote.of(expected.clientId()));
    }
    String azp = string(claims, "azp", provider);
    if (azp == null ? audience.size() > 1 : !azp.equals(expected.clientId())) {
      throw OidcVerifier.refused(provider, Reason.AUTHORIZED_PARTY, azp == null
          ? "it has several audiences and no azp naming this client"
          : "its azp " + Quote.of(azp) + " is not this client's id");
    }
    Date exp = claims.getExpirationTime();
    Date iat = claims.getIssueTime();
    if (exp == null || iat == null) {
      throw OidcVerifier.refused(provider, Reason.MALFORMED, "it has no " + (exp == null ? "exp"
          : "iat"));
    }
    Instant now = expected.now();
    if (now.isAfter(exp.toInstant().plus(expected.leeway()))) {
      throw OidcVerifier.refused(provider, Reason.EXPIRED, "it expired at " + exp.toInstant()
          + ", and the client's clock says " + now);
    }
    if (iat.toInstant().isAfter(now.plus(expected.leeway()))) {
      throw OidcVerifier.refused(provider, Reason.ISSUED_IN_FUTURE, "it was issued at "
          + iat.toInstant() + ", in the future by the client's clock (" + now + ")");
    }
    if (expected.nonce() != null) {
      String nonce = string(claims, "nonce", provider);
      if (nonce == null || !MessageDigest.isEqual(bytes(nonce), bytes(expected.nonce()))) {
        throw OidcVerifier.refused(provider, Reason.NONCE, nonce == null ? "it has no nonce"
            : "its nonce is not the one this login sent");
      }
    }
    checkHash(claims, "at_hash", expected.accessToken(), Reason.ACCESS_TOKEN_HASH, provider);
    checkHash(claims, "c_hash", expected.code(), Reason.CODE_HASH, provider);
  }

  /** at_hash and c_hash: base64url of the left half of SHA-256 of the value (RS256/PS256/ES256). */
  private static void checkHash(JWTClaimsSet claims, String name, String value, Reason reason,
      String provider) throws IdTokenException {
    String hash = string(claims, name, provider);
    if (hash == null || value == null) {
      return;
    }
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(bytes(value));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e); // Every JVM has SHA-256.
    }
    String expected = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(Arrays.copyOf(digest, digest.length / 2));
    if (!MessageDigest.isEqual(bytes(expected), bytes(hash))) {
      throw OidcVerifier.refused(provider, reason, "its " + name + " does not match the "
          + (reason == Reason.ACCESS_TOKEN_HASH ? "access token" : "authorization code")
          + " issued with it");
    }
  }

  private static String string(JWTClaimsSet claims, String name, String provider)
      throws IdTokenException {
    try {
      return claims.getStringClaim(name);
    } catch (ParseException e) {
      throw OidcVerifier.refused(provider, Reason.MALFORMED, "its " + name + " is not a string");
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** What to do, per failed check. */
  static String advice(Reason reason) {
    switch (reason) {
      case ALGORITHM:
      case SIGNATURE:
      case MALFORMED:
        return "It was not issued by the provider, or was altered on the way: do not sign the"
            + " user in";
      case UNKNOWN_KEY:
        return "Check the provider's jwks_uri; if it just rotated its keys, try again in a"
            + " minute";
      case ISSUER:
        return "Check the issuer the provider was discovered from or configured with";
      case AUDIENCE:
      case AUTHORIZED_PARTY:
        return "The token was issued to another client: do not sign the user in";
      case EXPIRED:
      case ISSUED_IN_FUTURE:
        return "Check that this machine's clock is right (see Clock skew); otherwise start a new"
            + " login";
      case NONCE:
        return "The token was not issued for this login (a replay): start a new login";
      default:
        return "It was not issued with this token or code: do not sign the user in";
    }
  }
}
