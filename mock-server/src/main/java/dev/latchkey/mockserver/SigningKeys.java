package dev.latchkey.mockserver;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One provider's ID token signing keys: the current key signs, and the JWKS publishes it with
 * the one it replaced, so tokens signed before a rotation still verify until the next one.
 * Made on first use (an RSA key takes a moment), not at start-up.
 */
final class SigningKeys {
  private final MockProvider.SigningAlgorithm alg;
  /** The current key first, then the previous one; replaced whole on rotation. */
  private volatile List<JWK> keys;

  SigningKeys(MockProvider.SigningAlgorithm alg) {
    this.alg = alg;
    this.keys = List.of(generate());
  }

  JWSAlgorithm algorithm() {
    return JWSAlgorithm.parse(alg.name());
  }

  /** {@return the new current key's id}; the old current key stays published once more */
  synchronized String rotate() {
    JWK next = generate();
    keys = List.of(next, keys.get(0));
    return next.getKeyID();
  }

  String currentKeyId() {
    return keys.get(0).getKeyID();
  }

  /** {@return the JWK Set document (RFC 7517 §5): the public halves only} */
  Map<String, Object> jwks() {
    List<Object> published = new ArrayList<>();
    for (JWK k : keys) published.add(k.toPublicJWK().toJSONObject());
    return Map.of("keys", published);
  }

  String sign(JWTClaimsSet claims) {
    JWK key = keys.get(0);
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm()).keyID(key.getKeyID())
        .type(com.nimbusds.jose.JOSEObjectType.JWT).build(), claims);
    try {
      JWSSigner signer = key instanceof ECKey ? new ECDSASigner((ECKey) key)
          : new RSASSASigner((RSAKey) key);
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign an ID token", e);
    }
    return jwt.serialize();
  }

  /** {@return the claims of a JWT one of the published keys signed, or null if none did} */
  JWTClaimsSet verify(String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!algorithm().equals(jwt.getHeader().getAlgorithm())) return null;
      for (JWK key : keys) {
        if (!key.getKeyID().equals(jwt.getHeader().getKeyID())) continue;
        return jwt.verify(ClientKeys.verifier(key)) ? jwt.getJWTClaimsSet() : null;
      }
      return null;
    } catch (ParseException | JOSEException e) {
      return null;
    }
  }

  private JWK generate() {
    String kid = ServerState.randomToken().substring(0, 16);
    try {
      if (alg == MockProvider.SigningAlgorithm.ES256) {
        return new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE)
            .algorithm(JWSAlgorithm.ES256).generate();
      }
      return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.RS256).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot make a signing key", e);
    }
  }
}
