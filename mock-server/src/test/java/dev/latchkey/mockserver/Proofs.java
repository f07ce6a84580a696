package dev.latchkey.mockserver;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** Test keys, DPoP proofs and client assertions, made as a client would make them. */
final class Proofs {
  static final ECKey EC = generateEc();
  static final ECKey OTHER_EC = generateEc();
  static final RSAKey RSA = generateRsa();

  private Proofs() {
  }

  static ECKey generateEc() {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
    } catch (JOSEException e) {
      throw new AssertionError(e);
    }
  }

  static RSAKey generateRsa() {
    try {
      return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
    } catch (JOSEException e) {
      throw new AssertionError(e);
    }
  }

  static JWSSigner signer(JWK key) {
    try {
      if (key instanceof ECKey) return new ECDSASigner((ECKey) key);
      return new RSASSASigner((RSAKey) key);
    } catch (JOSEException e) {
      throw new AssertionError(e);
    }
  }

  /** {@return a DPoP proof for {@code htm} and {@code htu} made now with {@code key}} */
  static String dpop(JWK key, String htm, String htu, Instant iat) {
    return dpop(key, alg(key), "dpop+jwt", claims(htm, htu, iat).build());
  }

  static JWTClaimsSet.Builder claims(String htm, String htu, Instant iat) {
    return new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString()).claim("htm", htm)
        .claim("htu", htu).issueTime(Date.from(iat));
  }

  static JWSAlgorithm alg(JWK key) {
    return key instanceof ECKey ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
  }

  static String dpop(JWK key, JWSAlgorithm alg, String typ, JWTClaimsSet claims) {
    JWSHeader header = new JWSHeader.Builder(alg).type(new JOSEObjectType(typ))
        .jwk(key.toPublicJWK()).build();
    return sign(key, header, claims);
  }

  static String sign(JWK key, JWSHeader header, JWTClaimsSet claims) {
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(signer(key));
    } catch (JOSEException e) {
      throw new AssertionError(e);
    }
    return jwt.serialize();
  }

  /** {@return a JWT signed HS256 with {@code secret}, computed by hand: any secret length} */
  static String hmac(String secret, JWTClaimsSet claims) {
    String input = new JWSHeader(JWSAlgorithm.HS256).toBase64URL() + "."
        + com.nimbusds.jose.util.Base64URL.encode(claims.toString());
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(
          secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
      return input + "." + com.nimbusds.jose.util.Base64URL.encode(
          mac.doFinal(input.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static String thumbprint(JWK key) {
    try {
      return key.computeThumbprint().toString();
    } catch (JOSEException e) {
      throw new AssertionError(e);
    }
  }
}
