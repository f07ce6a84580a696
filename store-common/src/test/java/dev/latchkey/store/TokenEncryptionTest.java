package dev.latchkey.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

final class TokenEncryptionTest {
  private static final SecretKeySpec KEY = new SecretKeySpec(new byte[32], "AES");

  @Test
  void aCurrentKeyIsRequired() {
    assertEquals("currentKey is required: the key new values are encrypted with",
        assertThrows(IllegalStateException.class,
            () -> TokenEncryption.builder().previousKey("old", KEY).build()).getMessage());
  }

  @Test
  void keysMustBeAesOfAStandardSize() {
    assertEquals("key \"k1\" has 64 bits; AES takes 128, 192 or 256 (32 random bytes make a 256-bit"
        + " key)", assertThrows(IllegalArgumentException.class, () -> TokenEncryption.builder()
            .currentKey("k1", new SecretKeySpec(new byte[8], "AES"))).getMessage());
    assertEquals("key \"k1\" must be an AES key, not HmacSHA256; wrap 32 random bytes as new"
        + " SecretKeySpec(bytes, \"AES\")", assertThrows(IllegalArgumentException.class,
            () -> TokenEncryption.builder()
                .currentKey("k1", new SecretKeySpec(new byte[32], "HmacSHA256"))).getMessage());
  }

  @Test
  void keyIdsAreShortAndPlain() {
    assertEquals("keyId must be 1 to 32 of A-Z a-z 0-9 . _ -: \"a:b\"; use a short name such as"
        + " 2025-06", assertThrows(IllegalArgumentException.class,
            () -> TokenEncryption.builder().currentKey("a:b", KEY)).getMessage());
    assertEquals("keyId == null", assertThrows(NullPointerException.class,
        () -> TokenEncryption.builder().currentKey(null, KEY)).getMessage());
  }

  @Test
  void newBuilderRotatesKeepingTheOldKeyForReading() {
    TokenEncryption first = TokenEncryption.builder().currentKey("2025-01", KEY).build();
    TokenEncryption rotated = first.newBuilder()
        .currentKey("2025-06", new SecretKeySpec(new byte[16], "AES")).build();
    assertEquals("2025-06", rotated.currentKeyId());
    assertEquals("TokenEncryption{AES-GCM, current=2025-06, keys=[2025-01, 2025-06]}",
        rotated.toString());
    assertEquals("2025-01", first.currentKeyId());
  }
}
