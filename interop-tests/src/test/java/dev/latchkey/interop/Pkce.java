package dev.latchkey.interop;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** A PKCE verifier and its S256 challenge (RFC 7636 §4.1–4.2), for raw authorization requests. */
final class Pkce {
  private final String verifier;

  Pkce() {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  String verifier() {
    return verifier;
  }

  String challenge() {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
