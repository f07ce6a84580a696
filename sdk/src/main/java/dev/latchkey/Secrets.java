package dev.latchkey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Random values, PKCE and constant-time comparison. */
final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {
  }

  /**
   * Returns {@code bytes} random bytes as base64url without padding. 32 bytes give 256 bits:
   * comfortably over the 128 bits RFC 6749 §10.10 asks of a state value, and a 43-character PKCE
   * verifier (RFC 7636 §4.1 allows 43 to 128).
   */
  static String randomUrlSafe(int bytes) {
    byte[] buffer = new byte[bytes];
    RANDOM.nextBytes(buffer);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
  }

  /**
   * Returns base64url(SHA-256(ASCII(value))) without padding: the S256 code challenge of a
   * verifier (RFC 7636 §4.2), a DPoP proof's {@code ath} (RFC 9449 §4.2), a JWK thumbprint
   * (RFC 7638 §3).
   */
  static String s256(String value) {
    byte[] digest = sha256().digest(value.getBytes(StandardCharsets.US_ASCII));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
  }

  /** Compares two strings in time that depends only on their lengths. */
  static boolean constantTimeEquals(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8),
        b.getBytes(StandardCharsets.UTF_8));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java platform has SHA-256", e);
    }
  }
}
