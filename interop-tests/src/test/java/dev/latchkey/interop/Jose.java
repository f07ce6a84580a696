package dev.latchkey.interop;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * JWTs written by hand with Nimbus from the RFCs, for the raw requests that check the server
 * side of a feature before the sdk speaks it: client assertions (RFC 7523 §2.2) and DPoP proofs
 * (RFC 9449 §4.2).
 */
final class Jose {
  private Jose() {
  }

  /** An RFC 7523 client assertion signed with {@code key} (RS256). */
  static String clientAssertion(String clientId, String audience, RSAKey key) throws Exception {
    return assertion(clientId, audience, new RSASSASigner(key),
        new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build());
  }

  /** An RFC 7523 client assertion MACed with the client's secret (HS256). */
  static String clientAssertion(String clientId, String audience, String secret)
      throws Exception {
    return assertion(clientId, audience, new MACSigner(secret.getBytes(StandardCharsets.UTF_8)),
        new JWSHeader(JWSAlgorithm.HS256));
  }

  private static String assertion(String clientId, String audience, JWSSigner signer,
      JWSHeader header) throws Exception {
    Instant now = Instant.now();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(clientId).subject(clientId).audience(audience)
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60)))
        .jwtID(UUID.randomUUID().toString())
        .build();
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  /** A new P-256 key for DPoP proofs. */
  static ECKey dpopKey() throws Exception {
    return new ECKeyGenerator(Curve.P_256).generate();
  }

  /**
   * A DPoP proof for {@code method} {@code url}; with {@code accessToken}, its {@code ath}
   * (for a resource request), without it for the token endpoint.
   */
  static String dpopProof(ECKey key, String method, String url, String accessToken)
      throws Exception {
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .jwtID(UUID.randomUUID().toString())
        .claim("htm", method)
        .claim("htu", url)
        .issueTime(new Date());
    if (accessToken != null) {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(accessToken.getBytes(StandardCharsets.US_ASCII));
      claims.claim("ath", Base64URL.encode(hash).toString());
    }
    SignedJWT proof = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
        .type(new JOSEObjectType("dpop+jwt")).jwk(key.toPublicJWK()).build(), claims.build());
    proof.sign(new ECDSASigner(key));
    return proof.serialize();
  }
}
