package dev.latchkey.store.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.latchkey.store.TokenCodec;
import dev.latchkey.store.TokenEncryption;
import dev.latchkey.store.testing.StoreSnippets;
import dev.latchkey.store.testing.TokenStoreContract;
import java.nio.file.Path;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

final class EncryptionExamplesTest {
  @Test
  void aKeyFromTheEnvironmentEncryptsAndARotationStillReadsIt() throws Exception {
    byte[] bytes = new byte[32];
    new java.security.SecureRandom().nextBytes(bytes);
    TokenEncryption encryption =
        EncryptionExamples.encryption(Base64.getEncoder().encodeToString(bytes));
    String stored =
        TokenCodec.encrypted(encryption).encode("alice", TokenStoreContract.fullToken("1"));
    TokenEncryption rotated = EncryptionExamples.rotated(new SecretKeySpec(bytes, "AES"),
        new SecretKeySpec(new byte[32], "AES"));
    assertEquals(TokenStoreContract.fullToken("1"),
        TokenCodec.encrypted(rotated).decode("alice", stored));
  }

  @Test
  void theFleetPageShowsTheseExamples() throws Exception {
    StoreSnippets.assertDocumented(StoreSnippets.fleetPage(),
        Path.of("src/test/java/dev/latchkey/store/examples/EncryptionExamples.java"),
        "token-encryption", "key-rotation");
  }
}
