package dev.latchkey.store.examples;

import dev.latchkey.store.TokenEncryption;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** The encryption examples of docs/fleet.md, as a user writes them. */
final class EncryptionExamples {
  private EncryptionExamples() {
  }

  /** {@code base64Key} comes from the environment, such as {@code LATCHKEY_TOKEN_KEY}. */
  static TokenEncryption encryption(String base64Key) {
    // snippet:token-encryption
    // A 256-bit key, made once with: openssl rand -base64 32
    SecretKey key = new SecretKeySpec(Base64.getDecoder().decode(base64Key), "AES");
    TokenEncryption encryption = TokenEncryption.builder()
        .currentKey("2025-06", key)              // key id: 1-32 of A-Z a-z 0-9 . _ -
        .build();
    // end-snippet
    return encryption;
  }

  static TokenEncryption rotated(SecretKey oldKey, SecretKey newKey) {
    // snippet:key-rotation
    TokenEncryption encryption = TokenEncryption.builder()
        .currentKey("2025-12", newKey)           // encrypts new values
        .previousKey("2025-06", oldKey)          // still decrypts values written before
        .build();
    // end-snippet
    return encryption;
  }
}
