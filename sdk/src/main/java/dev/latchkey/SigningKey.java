package dev.latchkey;

import static java.util.Objects.requireNonNull;

import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;

/**
 * A client's private key for {@code private_key_jwt} client authentication (RFC 7523 §2.2,
 * OpenID Connect Core §9): an RSA key signs RS256 (or PS256), an EC P-256 key ES256. The
 * provider holds the public half, registered with the client or published in its JWKS; a
 * {@linkplain #withKeyId key id} tells the provider which one.
 *
 * <pre>{@code
 * SigningKey key = SigningKey.fromPem(Files.readString(Path.of("client-key.pem")))
 *     .withKeyId("2025-06");
 * }</pre>
 *
 * <p>Immutable. {@link #toString()} shows the algorithm and key id, never the key.
 */
public final class SigningKey {
  final PrivateKey privateKey;
  private final String algorithm;
  private final String keyId;

  private SigningKey(PrivateKey privateKey, String algorithm, String keyId) {
    this.privateKey = privateKey;
    this.algorithm = algorithm;
    this.keyId = keyId;
  }

  /**
   * Reads an unencrypted PKCS#8 PEM private key ({@code -----BEGIN PRIVATE KEY-----}), RSA or
   * EC P-256.
   *
   * @param pem the PEM text
   * @return the key, signing RS256 (RSA) or ES256 (EC)
   * @throws IllegalArgumentException if the text is not such a key, saying what it is instead
   *     (an encrypted key, PKCS#1 or SEC 1) and how to convert it
   */
  public static SigningKey fromPem(String pem) {
    requireNonNull(pem, "pem == null");
    return of(Pem.privateKey(pem, "The private key"));
  }

  /**
   * Wraps a private key, such as one from an Android or PKCS#11 key store.
   *
   * @param privateKey an RSA or EC P-256 private key
   * @return the key, signing RS256 (RSA) or ES256 (EC)
   * @throws IllegalArgumentException for another key type or curve
   */
  public static SigningKey of(PrivateKey privateKey) {
    requireNonNull(privateKey, "privateKey == null");
    return new SigningKey(privateKey, defaultAlgorithm(privateKey), null);
  }

  private static String defaultAlgorithm(PrivateKey key) {
    if (key instanceof RSAPrivateKey || "RSA".equals(key.getAlgorithm())) {
      return Jose.RS256;
    }
    if (key instanceof ECPrivateKey) {
      if (((ECPrivateKey) key).getParams().getCurve().getField().getFieldSize() != 256) {
        throw new IllegalArgumentException("The EC private key is not on P-256; ES256 needs a"
            + " P-256 key (openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256)");
      }
      return Jose.ES256;
    }
    if ("EC".equals(key.getAlgorithm())) {
      return Jose.ES256; // A hardware-backed key does not expose its parameters.
    }
    throw new IllegalArgumentException("A " + key.getAlgorithm() + " private key cannot sign"
        + " a client assertion; use an RSA or EC P-256 key");
  }

  /**
   * Returns this key with a key id, sent as the assertion's {@code kid} header.
   *
   * @param keyId the id the provider knows the public key by, or null for none
   * @return a key with the id
   */
  public SigningKey withKeyId(String keyId) {
    if (keyId != null && keyId.isEmpty()) {
      throw new IllegalArgumentException("keyId is empty; pass null for none");
    }
    return new SigningKey(privateKey, algorithm, keyId);
  }

  /**
   * Returns this key signing with another algorithm: {@code PS256} or {@code RS256} for an RSA
   * key (FAPI 2.0 asks for PS256 or ES256), {@code ES256} for an EC key.
   *
   * @param algorithm the JWS algorithm (RFC 7518 §3.1)
   * @return a key signing with it
   * @throws IllegalArgumentException if the key cannot sign with it
   */
  public SigningKey withAlgorithm(String algorithm) {
    requireNonNull(algorithm, "algorithm == null");
    boolean rsa = Jose.RS256.equals(this.algorithm) || Jose.PS256.equals(this.algorithm);
    boolean fits = rsa ? Jose.RS256.equals(algorithm) || Jose.PS256.equals(algorithm)
        : Jose.ES256.equals(algorithm);
    if (!fits) {
      throw new IllegalArgumentException("An " + (rsa ? "RSA" : "EC") + " key cannot sign "
          + algorithm + "; use " + (rsa ? "RS256 or PS256" : "ES256"));
    }
    return new SigningKey(privateKey, algorithm, keyId);
  }

  /**
   * Returns the JWS algorithm this key signs with.
   *
   * @return {@code RS256}, {@code PS256} or {@code ES256}
   */
  public String algorithm() {
    return algorithm;
  }

  /**
   * Returns the key id sent as {@code kid}.
   *
   * @return the key id, or null
   */
  public String keyId() {
    return keyId;
  }

  @Override
  public String toString() {
    return "SigningKey{algorithm=" + algorithm + (keyId == null ? "" : ", keyId=" + keyId) + "}";
  }
}
