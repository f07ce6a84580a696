package dev.latchkey;

import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okio.Buffer;

/**
 * The little JOSE the client needs: compact JWS signing (RFC 7515 §7.1) with the JDK's
 * {@code java.security}, and public keys as JWKs (RFC 7517, RFC 7518 §6). It only signs; anything
 * that must verify a JOSE object belongs in a well-kept library, not here.
 */
final class Jose {
  /** The algorithms Latchkey signs with (RFC 7518 §3.1), in order of preference. */
  static final String ES256 = "ES256";
  static final String PS256 = "PS256";
  static final String RS256 = "RS256";
  static final String HS256 = "HS256";

  /** ES256's R and S are each the 32-byte size of a P-256 field element (RFC 7518 §3.4). */
  private static final int P256_COORDINATE_BYTES = 32;
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private Jose() {
  }

  static String base64url(byte[] bytes) {
    return BASE64URL.encodeToString(bytes);
  }

  static String base64url(String text) {
    return base64url(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes a JSON object with members in the given order; values are strings, numbers or maps. */
  static String json(Map<String, ?> members) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.jsonValue(members);
    } catch (IOException e) {
      throw new AssertionError(e); // A Buffer never fails.
    }
    return buffer.readUtf8();
  }

  /** Returns {@code header.payload.signature}, signed with {@code key} under {@code alg}. */
  static String sign(String alg, Key key, String encodedHeader, Map<String, ?> payload) {
    String signingInput = encodedHeader + "." + base64url(json(payload));
    byte[] input = signingInput.getBytes(StandardCharsets.US_ASCII);
    return signingInput + "." + base64url(signature(alg, key, input));
  }

  private static byte[] signature(String alg, Key key, byte[] input) {
    try {
      switch (alg) {
        case ES256:
          return derToConcatenated(sign("SHA256withECDSA", (PrivateKey) key, input));
        case RS256:
          return sign("SHA256withRSA", (PrivateKey) key, input);
        case PS256:
          return pss((PrivateKey) key, input);
        case HS256:
          Mac mac = Mac.getInstance("HmacSHA256");
          mac.init(key);
          return mac.doFinal(input);
        default:
          throw new IllegalArgumentException("unsupported JWS algorithm " + alg);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("latchkey: signing with " + alg + " failed ("
          + e.getClass().getSimpleName() + "); check the key matches the algorithm", e);
    }
  }

  private static byte[] sign(String algorithm, PrivateKey key, byte[] input)
      throws GeneralSecurityException {
    Signature signature = Signature.getInstance(algorithm);
    signature.initSign(key);
    signature.update(input);
    return signature.sign();
  }

  /**
   * RSASSA-PSS with SHA-256, MGF1 with SHA-256 and a 32-byte salt (RFC 7518 §3.5). Java 11+ names
   * it {@code RSASSA-PSS} with parameters; Android (Conscrypt, API 23+) names it
   * {@code SHA256withRSA/PSS}, whose defaults are these same parameters.
   */
  private static byte[] pss(PrivateKey key, byte[] input) throws GeneralSecurityException {
    PSSParameterSpec spec = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
        32, 1);
    Signature signature;
    try {
      signature = Signature.getInstance("RSASSA-PSS");
      signature.setParameter(spec);
    } catch (GeneralSecurityException e) {
      signature = Signature.getInstance("SHA256withRSA/PSS");
      signature.setParameter(spec);
    }
    signature.initSign(key);
    signature.update(input);
    return signature.sign();
  }

  /** Turns the JDK's DER-encoded ECDSA signature into JWS's 64-byte R‖S (RFC 7518 §3.4). */
  static byte[] derToConcatenated(byte[] der) {
    int offset = 2;
    if (der.length < 8 || der[0] != 0x30) {
      throw new IllegalStateException("latchkey: the ECDSA signature is not DER");
    }
    if ((der[1] & 0xff) == 0x81) {
      offset = 3; // Long-form length; P-256 signatures never need it, other providers may use it.
    }
    byte[] out = new byte[2 * P256_COORDINATE_BYTES];
    offset = copyInteger(der, offset, out, 0);
    copyInteger(der, offset, out, P256_COORDINATE_BYTES);
    return out;
  }

  private static int copyInteger(byte[] der, int offset, byte[] out, int outOffset) {
    if (der[offset] != 0x02) {
      throw new IllegalStateException("latchkey: the ECDSA signature is not DER");
    }
    int length = der[offset + 1] & 0xff;
    int start = offset + 2;
    int end = start + length;
    while (start < end - 1 && der[start] == 0) {
      start++; // DER adds a zero byte to keep a high bit from reading as a sign.
    }
    int size = end - start;
    if (size > P256_COORDINATE_BYTES) {
      throw new IllegalStateException("latchkey: the ECDSA signature is not P-256");
    }
    System.arraycopy(der, start, out, outOffset + P256_COORDINATE_BYTES - size, size);
    return end;
  }

  /** Returns the public JWK of {@code key} with its required members in lexicographic order. */
  static Map<String, Object> publicJwk(PublicKey key) {
    Map<String, Object> jwk = new LinkedHashMap<>();
    if (key instanceof ECPublicKey) {
      ECPublicKey ec = (ECPublicKey) key;
      jwk.put("crv", "P-256");
      jwk.put("kty", "EC");
      jwk.put("x", base64url(unsigned(ec.getW().getAffineX(), P256_COORDINATE_BYTES)));
      jwk.put("y", base64url(unsigned(ec.getW().getAffineY(), P256_COORDINATE_BYTES)));
    } else if (key instanceof RSAPublicKey) {
      RSAPublicKey rsa = (RSAPublicKey) key;
      jwk.put("e", base64url(unsigned(rsa.getPublicExponent(), 0)));
      jwk.put("kty", "RSA");
      jwk.put("n", base64url(unsigned(rsa.getModulus(), 0)));
    } else {
      throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm());
    }
    return jwk;
  }

  /** Big-endian bytes without a sign byte, left-padded to {@code size} when size is positive. */
  private static byte[] unsigned(BigInteger value, int size) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    if (size <= 0 || bytes.length == size) {
      return bytes;
    }
    byte[] padded = new byte[size];
    System.arraycopy(bytes, 0, padded, size - bytes.length, bytes.length);
    return padded;
  }

  /** Returns an HMAC key for HS256 from a client secret (OpenID Connect Core §9). */
  static Key hmacKey(String secret) {
    return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }
}
