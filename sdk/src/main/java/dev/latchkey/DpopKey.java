package dev.latchkey;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The key pair a DPoP-bound token is bound to (RFC 9449 §4.2), with the proof header it signs
 * under precomputed. It travels with its token, into the store too, so a bound refresh token still
 * works after a restart. {@link #toString()} shows only the algorithm.
 */
final class DpopKey {
  /** The field names in the storage format: never rename them. */
  private static final String ALG = "alg";
  private static final String PRIVATE = "private_pkcs8";
  private static final String PUBLIC = "public_x509";

  final String algorithm;
  final KeyPair keyPair;
  /** The proof's protected header, {@code typ}, {@code alg} and the public {@code jwk}, encoded. */
  final String encodedHeader;
  /**
   * The JWK SHA-256 thumbprint of the public key (RFC 7638 §3): the {@code dpop_jkt} that binds
   * an authorization code to this key (RFC 9449 §10).
   */
  final String thumbprint;

  private DpopKey(String algorithm, KeyPair keyPair) {
    this.algorithm = algorithm;
    this.keyPair = keyPair;
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("typ", "dpop+jwt");
    header.put("alg", algorithm);
    Map<String, Object> jwk = Jose.publicJwk(keyPair.getPublic());
    header.put("jwk", jwk);
    this.encodedHeader = Jose.base64url(Jose.json(header));
    // RFC 7638 §3.2: the required members in lexicographic order, no whitespace, all ASCII.
    this.thumbprint = Secrets.s256(Jose.json(jwk));
  }

  /** Generates a new key: P-256 for ES256, 2048-bit RSA for RS256 and PS256. */
  static DpopKey generate(String algorithm) {
    try {
      KeyPairGenerator generator;
      if (Jose.ES256.equals(algorithm)) {
        generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
      } else if (Jose.RS256.equals(algorithm) || Jose.PS256.equals(algorithm)) {
        generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
      } else {
        throw new IllegalArgumentException("unsupported DPoP algorithm " + algorithm);
      }
      return new DpopKey(algorithm, generator.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("latchkey: cannot generate a " + algorithm
          + " key for DPoP on this platform (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /** Returns this key in the storage format: the algorithm and both halves, base64url DER. */
  Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(ALG, algorithm);
    map.put(PRIVATE, Jose.base64url(keyPair.getPrivate().getEncoded()));
    map.put(PUBLIC, Jose.base64url(keyPair.getPublic().getEncoded()));
    return map;
  }

  /**
   * Reads a key written by {@link #toMap()}.
   *
   * @throws IllegalArgumentException naming what is wrong, never quoting a value
   */
  static DpopKey fromMap(String field, Object value) {
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException(field + " is not an object");
    }
    Map<?, ?> map = (Map<?, ?>) value;
    Object alg = map.get(ALG);
    if (!Jose.ES256.equals(alg) && !Jose.RS256.equals(alg) && !Jose.PS256.equals(alg)) {
      throw new IllegalArgumentException(field + "." + ALG + " is not ES256, RS256 or PS256");
    }
    String keyAlgorithm = Jose.ES256.equals(alg) ? "EC" : "RSA";
    try {
      KeyFactory factory = KeyFactory.getInstance(keyAlgorithm);
      PrivateKey privateKey = factory.generatePrivate(
          new PKCS8EncodedKeySpec(decode(field, map.get(PRIVATE), PRIVATE)));
      PublicKey publicKey = factory.generatePublic(
          new X509EncodedKeySpec(decode(field, map.get(PUBLIC), PUBLIC)));
      return new DpopKey((String) alg, new KeyPair(publicKey, privateKey));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(field + " is not a " + keyAlgorithm + " key pair");
    }
  }

  private static byte[] decode(String field, Object value, String name) {
    if (!(value instanceof String)) {
      throw new IllegalArgumentException(field + "." + name + " is missing");
    }
    try {
      return Base64.getUrlDecoder().decode((String) value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + "." + name + " is not base64url");
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DpopKey
        && algorithm.equals(((DpopKey) other).algorithm)
        && Arrays.equals(keyPair.getPublic().getEncoded(),
            ((DpopKey) other).keyPair.getPublic().getEncoded());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(keyPair.getPublic().getEncoded());
  }

  @Override
  public String toString() {
    return "DpopKey{" + algorithm + "}";
  }
}
