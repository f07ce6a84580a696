package dev.latchkey.store.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.OAuth2Exception;
import dev.latchkey.Token;
import dev.latchkey.TokenStore;
import dev.latchkey.store.TokenEncryption;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * What a shared {@link TokenStore} on a server must do beyond {@link TokenStoreContract}: store
 * the documented JSON, encrypt at rest with {@link TokenEncryption}, and refuse tampered values.
 * Its tests say also how to reach the raw stored values.
 */
public abstract class SharedTokenStoreContract extends TokenStoreContract {
  protected static final SecretKey KEY_1 = aesKey(1);
  protected static final SecretKey KEY_2 = aesKey(2);

  /**
   * Returns a store over this test's own namespace (a key prefix, a table); every call within a
   * test sees the same data.
   *
   * @param encryption the keys, or null for plain JSON
   */
  protected abstract TokenStore store(TokenEncryption encryption) throws Exception;

  @Test
  void aReleaseAfterAFencedSaveAnnouncesNothing() throws Exception {
    TokenStore store = store();
    try (TokenStore.Watch watch = store.watch("alice")) {
      org.junit.jupiter.api.Assumptions.assumeTrue(watch != null, "this store cannot notify");
      awaitListening(store, watch);
      Token last = store.load("alice");
      assertTrue(store.tryLease("alice", "holder.1", java.time.Duration.ofSeconds(30)));
      assertTrue(store.compareAndSetLeased("alice", "holder.1", last, fullToken("fenced")));
      assertTrue(watch.await(10_000), "a fenced save was announced");
      store.releaseLease("alice", "holder.1");
      // Bounded, and it can only fail on a notification that should not exist: the save ended
      // the lease, so the release after it has nothing to release and nothing to announce, and
      // the instances it woke are not woken again.
      assertFalse(watch.await(300), "the release after a fenced save announced nothing");
    }
  }

  /** Returns the text stored for {@code key}, as the server holds it, or null. */
  protected abstract String rawValue(String key) throws Exception;

  /** Replaces the text stored for {@code key}, bypassing the store (an attacker with access). */
  protected abstract void writeRawValue(String key, String value) throws Exception;

  @Override
  protected final TokenStore store() throws Exception {
    return store(null);
  }

  protected static TokenEncryption encryption(String keyId, SecretKey key) {
    return TokenEncryption.builder().currentKey(keyId, key).build();
  }

  private static SecretKey aesKey(int seed) {
    byte[] bytes = new byte[32];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (seed * 31 + i);
    }
    return new SecretKeySpec(bytes, "AES");
  }

  @Test
  void plainValuesAreTheDocumentedJson() throws Exception {
    store(null).save("alice", minimalToken("m"));
    assertEquals("{\"access_token\":\"access-only-m\",\"token_type\":\"Bearer\","
        + "\"issued_at\":\"2025-06-01T10:00:00Z\",\"scope\":\"\"}", rawValue("alice"));
  }

  @Test
  void encryptedValuesAtRestShowNoToken() throws Exception {
    TokenStore store = store(encryption("k1", KEY_1));
    Token token = fullToken("secret");
    store.save("alice", token);
    String raw = rawValue("alice");
    assertTrue(raw.startsWith("enc:v1:k1:"), raw);
    assertFalse(raw.contains("access-secret"), raw);
    assertFalse(raw.contains("refresh-secret"), raw);
    assertFalse(raw.contains("access_token"), raw);
    assertEquals(token, store.load("alice"));
    store.save("alice", token);
    assertNotEquals(raw, rawValue("alice"), "a fresh nonce per value");
  }

  @Test
  void compareAndSetComparesTokensNotCiphertexts() throws Exception {
    TokenStore store = store(encryption("k1", KEY_1));
    store.save("alice", fullToken("1"));
    assertFalse(store.compareAndSet("alice", fullToken("x"), fullToken("2")));
    assertTrue(store.compareAndSet("alice", fullToken("1"), fullToken("2")));
    assertTrue(store.compareAndSet("alice", fullToken("2"), null));
    assertNull(store.load("alice"));
  }

  @Test
  void aWrongKeyIsAClearIOExceptionWithoutTheToken() throws Exception {
    store(encryption("k1", KEY_1)).save("alice", fullToken("1"));
    OAuth2Exception e = assertThrows(OAuth2Exception.class,
        () -> store(encryption("k1", KEY_2)).load("alice"));
    assertEquals("The token stored under \"alice\" failed authentication with key \"k1\": the key"
        + " is not the one it was encrypted with, or the value was written for another entry or"
        + " altered. Check that every instance has the same key for id \"k1\"; a tampered entry"
        + " must be deleted", e.getMessage());
  }

  @Test
  void aValueNamingAnUnknownKeyIdSaysWhichKeyIsMissing() throws Exception {
    store(encryption("k1", KEY_1)).save("alice", fullToken("1"));
    OAuth2Exception e = assertThrows(OAuth2Exception.class,
        () -> store(encryption("k2", KEY_2)).load("alice"));
    assertEquals("The token stored under \"alice\" is encrypted with key \"k1\", which this store"
        + " does not have (it has [k2]); add that key with TokenEncryption.Builder.previousKey",
        e.getMessage());
  }

  @Test
  void valuesSwappedBetweenKeysAreRejected() throws Exception {
    TokenStore store = store(encryption("k1", KEY_1));
    store.save("alice", fullToken("alice"));
    store.save("mallory", fullToken("mallory"));
    writeRawValue("alice", rawValue("mallory"));
    OAuth2Exception e = assertThrows(OAuth2Exception.class, () -> store.load("alice"));
    assertTrue(e.getMessage().contains("written for another entry"), e.getMessage());
    assertEquals(fullToken("mallory"), store.load("mallory"));
  }

  @Test
  void aRotatedKeyStillReadsOldValuesAndWritesWithTheNewOne() throws Exception {
    store(encryption("2025-01", KEY_1)).save("alice", fullToken("1"));
    TokenStore rotated = store(TokenEncryption.builder().currentKey("2025-06", KEY_2)
        .previousKey("2025-01", KEY_1).build());
    assertEquals(fullToken("1"), rotated.load("alice"));
    assertTrue(rotated.compareAndSet("alice", fullToken("1"), fullToken("2")));
    assertTrue(rawValue("alice").startsWith("enc:v1:2025-06:"));
    assertEquals(fullToken("2"), rotated.load("alice"));
  }

  @Test
  void plainAndEncryptedStoresRefuseEachOthersValues() throws Exception {
    store(encryption("k1", KEY_1)).save("alice", fullToken("1"));
    OAuth2Exception plainReader = assertThrows(OAuth2Exception.class,
        () -> store(null).load("alice"));
    assertTrue(plainReader.getMessage().contains("is encrypted (key \"k1\") but this store has"
        + " no TokenEncryption"), plainReader.getMessage());
    store(null).save("bob", fullToken("2"));
    OAuth2Exception encryptedReader = assertThrows(OAuth2Exception.class,
        () -> store(encryption("k1", KEY_1)).load("bob"));
    assertTrue(encryptedReader.getMessage().contains("is not encrypted, but this store requires"
        + " encryption"), encryptedReader.getMessage());
  }

  @Test
  void aCorruptValueIsReportedWithoutItsContent() throws Exception {
    writeRawValue("alice", "{\"access_token\":\"access-secret-x\","
        + "\"issued_at\":\"2030-01-01T09:00:00Z\",\"scope\":[\"read\"]}");
    OAuth2Exception e = assertThrows(OAuth2Exception.class, () -> store(null).load("alice"));
    assertEquals("The token stored under \"alice\" is corrupt: scope is not a string; delete the"
        + " entry (the session then renews or asks the user to log in)", e.getMessage());
    writeRawValue("bob", "not json access-secret-y");
    OAuth2Exception notJson = assertThrows(OAuth2Exception.class, () -> store(null).load("bob"));
    assertFalse(notJson.getMessage().contains("access-secret"), notJson.getMessage());
  }
}
