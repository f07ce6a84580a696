package dev.latchkey.constraints;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

/**
 * Verifies the JOSE objects the sdk signs with nimbus-jose-jwt, a library independent of the
 * sdk's own signing code, so a test never passes by our code agreeing with itself.
 */
final class Jwts {
  private Jwts() {
  }

  /** Parses a DPoP proof, checks its header and verifies it with its own embedded public JWK. */
  static SignedJWT verifiedProof(String proof) throws Exception {
    SignedJWT jwt = SignedJWT.parse(proof);
    assertTrue("dpop+jwt".equals(jwt.getHeader().getType().toString()), "typ is dpop+jwt");
    JWK jwk = jwt.getHeader().getJWK();
    assertTrue(jwk != null && !jwk.isPrivate(), "the header holds a public JWK only");
    assertTrue(jwt.verify(verifier(jwk)), "the proof's signature verifies with its jwk");
    return jwt;
  }

  /** The verified proof of a request's {@code DPoP} header, which it must have. */
  static SignedJWT proof(mockwebserver3.RecordedRequest request) throws Exception {
    String proof = request.getHeaders().get("DPoP");
    assertTrue(proof != null, "the request carries a DPoP header: " + request);
    return verifiedProof(proof);
  }

  /** Parses a JWT and verifies it with {@code key}. */
  static JWTClaimsSet verified(String jwt, PublicKey key) throws Exception {
    SignedJWT signed = SignedJWT.parse(jwt);
    JWSVerifier verifier = key instanceof ECPublicKey ? new ECDSAVerifier((ECPublicKey) key)
        : new RSASSAVerifier((RSAPublicKey) key);
    assertTrue(signed.verify(verifier), "the signature verifies with the public key");
    return signed.getJWTClaimsSet();
  }

  /** Parses a JWT and verifies its HS256 MAC with {@code secret}. */
  static JWTClaimsSet verifiedHmac(String jwt, String secret) throws Exception {
    SignedJWT signed = SignedJWT.parse(jwt);
    assertTrue(signed.verify(new MACVerifier(secret.getBytes(StandardCharsets.UTF_8))),
        "the MAC verifies with the client secret");
    return signed.getJWTClaimsSet();
  }

  static JWSVerifier verifier(JWK jwk) throws Exception {
    if (jwk instanceof ECKey) {
      return new ECDSAVerifier((ECKey) jwk);
    }
    return new RSASSAVerifier((RSAKey) jwk);
  }

  static String ath(String accessToken) throws Exception {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII)));
  }

  static String thumbprint(SignedJWT proof) throws Exception {
    return proof.getHeader().getJWK().computeThumbprint().toString();
  }
}
