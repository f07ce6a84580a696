package dev.latchkey.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.TokenStore;
import dev.latchkey.store.TokenEncryption;
import dev.latchkey.store.TokenStoreException;
import dev.latchkey.store.testing.LocalServices;
import dev.latchkey.store.testing.SharedTokenStoreContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.JedisPooled;

final class RedisTokenStoreTest extends SharedTokenStoreContract {
  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private final String prefix = "test-" + UUID.randomUUID() + ":";
  private final List<RedisTokenStore> opened = new ArrayList<>();
  private JedisPooled raw;

  @BeforeEach
  void connect() {
    raw = new JedisPooled(redis.server().uri());
  }

  @AfterEach
  void close() {
    opened.forEach(RedisTokenStore::close);
    raw.close();
  }

  @Override
  protected TokenStore store(TokenEncryption encryption) {
    RedisTokenStore store = RedisTokenStore.builder().uri(redis.server().uri())
        .keyPrefix(prefix).encryption(encryption).build();
    opened.add(store);
    return store;
  }

  @Override
  protected String rawValue(String key) {
    return raw.get(prefix + "token:" + key);
  }

  @Override
  protected void writeRawValue(String key, String value) {
    raw.set(prefix + "token:" + key, value);
  }

  @Test
  void keysAreTheDocumentedLayoutUnderThePrefix() throws Exception {
    TokenStore store = store(null);
    store.save("alice", fullToken("1"));
    assertTrue(store.tryLease("alice", "owner-1", Duration.ofSeconds(10)));
    assertEquals("owner-1", raw.get(prefix + "lease:alice"));
    long ttl = raw.pttl(prefix + "lease:alice");
    assertTrue(ttl > 9_000 && ttl <= 10_000, "the lease expires on the server: " + ttl);
    assertEquals(-1, raw.pttl(prefix + "token:alice"), "tokens do not expire");
    store.releaseLease("alice", "owner-1");
    assertNull(raw.get(prefix + "lease:alice"));
  }

  @Test
  void storesWithDifferentPrefixesDoNotSeeEachOther() throws Exception {
    store(null).save("alice", fullToken("1"));
    RedisTokenStore other = RedisTokenStore.builder().uri(redis.server().uri())
        .keyPrefix(prefix + "other:").build();
    opened.add(other);
    assertNull(other.load("alice"));
    assertTrue(other.tryLease("alice", "x", Duration.ofSeconds(5)));
  }

  @Test
  void aClientTheAppOwnsIsUsedAndLeftOpen() throws Exception {
    RedisTokenStore store = RedisTokenStore.builder().client(raw).keyPrefix(prefix).build();
    store.save("alice", fullToken("1"));
    store.close();
    assertEquals(fullToken("1"), store.load("alice"), "the app's client is still open");
    assertTrue(store.toString().startsWith("RedisTokenStore{(client JedisPooled), keyPrefix="));
  }

  @Test
  void aDownServerIsReportedWithoutTokens() throws Exception {
    int closed = LocalServices.freePort();
    RedisTokenStore store = RedisTokenStore.builder().uri("redis://127.0.0.1:" + closed).build();
    opened.add(store);
    TokenStoreException e = assertThrows(TokenStoreException.class,
        () -> store.compareAndSet("alice", fullToken("1"), fullToken("2")));
    assertTrue(e.getMessage().startsWith("Redis token store 127.0.0.1:" + closed
        + ": compareAndSet of \"alice\" failed (JedisConnectionException: "), e.getMessage());
    assertTrue(e.getMessage().endsWith("check that Redis is up and reachable"), e.getMessage());
    assertFalse(e.getMessage().contains("secret"), e.getMessage());
    assertThrows(TokenStoreException.class,
        () -> store.tryLease("alice", "o", Duration.ofSeconds(1)));
    assertThrows(TokenStoreException.class, () -> store.load("alice"));
  }

  @Test
  void builderNamesWhatIsMissingOrWrong() {
    assertEquals("Set client(jedis) or uri(\"redis://host:6379\")",
        assertThrows(IllegalStateException.class, () -> RedisTokenStore.builder().build())
            .getMessage());
    assertEquals("uri must be redis:// or rediss:// with a host and port, such as"
        + " redis://127.0.0.1:6379: http://***@example.test/",
        assertThrows(IllegalArgumentException.class,
            () -> RedisTokenStore.builder().uri("http://user:hunter2@example.test/")).getMessage());
    assertEquals("connectTimeout and socketTimeout apply to a client made from uri(...); configure"
        + " them on the client you pass to client(...)",
        assertThrows(IllegalStateException.class, () -> RedisTokenStore.builder().client(raw)
            .connectTimeout(Duration.ofMillis(100)).build()).getMessage());
    assertEquals("keyPrefix == null", assertThrows(NullPointerException.class,
        () -> RedisTokenStore.builder().keyPrefix(null)).getMessage());
  }

  @Test
  void toStringShowsWhereButNoPassword() {
    RedisTokenStore store = RedisTokenStore.builder()
        .uri("redis://:hunter2@127.0.0.1:" + redis.server().port())
        .encryption(encryption("k1", KEY_1)).build();
    opened.add(store);
    assertEquals("RedisTokenStore{127.0.0.1:" + redis.server().port()
        + ", keyPrefix=latchkey:, encrypted}", store.toString());
  }

  @Test
  void newBuilderDerivesAStoreWithAnotherPrefix() throws Exception {
    RedisTokenStore store = (RedisTokenStore) store(null);
    RedisTokenStore derived = store.newBuilder().keyPrefix(prefix + "derived:").build();
    opened.add(derived);
    derived.save("alice", fullToken("d"));
    assertNull(store.load("alice"));
    assertEquals(prefix + "derived:", derived.keyPrefix());
    assertEquals(fullToken("d"), derived.load("alice"));
  }
}
