package dev.latchkey.mockserver;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;

/** Reads a client's public key from a JWK, a PEM public key or a PEM certificate. */
final class ClientKeys {
  private ClientKeys() {
  }

  /**
   * Parses {@code text}: a public JWK (JSON), {@code -----BEGIN PUBLIC KEY-----} (X.509
   * SubjectPublicKeyInfo) or {@code -----BEGIN CERTIFICATE-----}; RSA or EC P-256.
   */
  static JWK parse(String text) {
    String trimmed = text.trim();
    if (trimmed.startsWith("{")) {
      JWK jwk;
      try {
        jwk = JWK.parse(trimmed);
      } catch (ParseException e) {
        throw new IllegalArgumentException("not a JWK: " + e.getMessage());
      }
      if (jwk.isPrivate()) {
        throw new IllegalArgumentException("the JWK holds a private key; register the public "
            + "key only");
      }
      return of(jwk);
    }
    try {
      if (trimmed.startsWith("-----BEGIN PUBLIC KEY-----")) {
        byte[] der = pem(trimmed, "PUBLIC KEY");
        for (String algorithm : new String[] {"RSA", "EC"}) {
          try {
            return of(KeyFactory.getInstance(algorithm)
                .generatePublic(new X509EncodedKeySpec(der)), null);
          } catch (java.security.spec.InvalidKeySpecException e) {
            // Try the other type.
          }
        }
        throw new IllegalArgumentException("the PEM public key is neither RSA nor EC");
      }
      if (trimmed.startsWith("-----BEGIN CERTIFICATE-----")) {
        return of(CertificateFactory.getInstance("X.509").generateCertificate(
            new ByteArrayInputStream(pem(trimmed, "CERTIFICATE"))).getPublicKey(), null);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read the key: " + e.getMessage());
    }
    throw new IllegalArgumentException("a client key is a public JWK (JSON), a PEM "
        + "\"-----BEGIN PUBLIC KEY-----\" or a PEM certificate");
  }

  /**
   * {@return a verifier of {@code key}'s signatures: ECDSA for an EC key, RSASSA (PKCS #1 and
   * PSS) for an RSA key}
   */
  static com.nimbusds.jose.JWSVerifier verifier(JWK key) throws com.nimbusds.jose.JOSEException {
    if (key instanceof ECKey) return new com.nimbusds.jose.crypto.ECDSAVerifier((ECKey) key);
    if (key instanceof RSAKey) return new com.nimbusds.jose.crypto.RSASSAVerifier((RSAKey) key);
    throw new com.nimbusds.jose.JOSEException("not an EC or RSA key: " + key.getKeyType());
  }

  /** {@return the X.509 certificate in {@code pem} ({@code -----BEGIN CERTIFICATE-----})} */
  static java.security.cert.X509Certificate certificate(String pem) {
    try {
      return (java.security.cert.X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(pem(pem.trim(), "CERTIFICATE")));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read the certificate: " + e.getMessage());
    }
  }

  /** {@return {@code key} as a JWK with {@code keyId}; RSA or EC P-256 only} */
  static JWK of(PublicKey key, String keyId) {
    if (key instanceof RSAPublicKey) {
      return new RSAKey.Builder((RSAPublicKey) key).keyID(keyId).build();
    }
    if (key instanceof ECPublicKey) {
      Curve curve = Curve.forECParameterSpec(((ECPublicKey) key).getParams());
      if (!Curve.P_256.equals(curve)) {
        throw new IllegalArgumentException("an EC client key must be on P-256; got " + curve);
      }
      return new ECKey.Builder(Curve.P_256, (ECPublicKey) key).keyID(keyId).build();
    }
    throw new IllegalArgumentException("a client key is RSA or EC P-256; got "
        + key.getAlgorithm());
  }

  private static JWK of(JWK jwk) {
    if (jwk instanceof RSAKey) return jwk;
    if (jwk instanceof ECKey && Curve.P_256.equals(((ECKey) jwk).getCurve())) return jwk;
    throw new IllegalArgumentException("a client key is RSA or EC P-256; got "
        + jwk.getKeyType());
  }

  private static byte[] pem(String text, String label) {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < 0) throw new IllegalArgumentException("a PEM " + label + " needs "
        + begin + " and " + end);
    try {
      return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the PEM " + label + " is not Base64");
    }
  }
}
