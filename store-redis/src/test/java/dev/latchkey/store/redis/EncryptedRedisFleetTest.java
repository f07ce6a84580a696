package dev.latchkey.store.redis;

import dev.latchkey.store.TokenEncryption;
import javax.crypto.spec.SecretKeySpec;

/**
 * The fleet contract with every token encrypted: compare-and-set must compare tokens, since no
 * two encryptions of one token are the same text.
 */
final class EncryptedRedisFleetTest extends RedisFleetTest {
  private static final TokenEncryption ENCRYPTION = TokenEncryption.builder()
      .currentKey("fleet-1", new SecretKeySpec(new byte[32], "AES")).build();

  @Override
  TokenEncryption encryption() {
    return ENCRYPTION;
  }
}
