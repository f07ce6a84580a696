package dev.latchkey.store.redis;

import dev.latchkey.TokenStore;
import dev.latchkey.store.TokenEncryption;
import dev.latchkey.store.testing.FleetContract;
import dev.latchkey.store.testing.LocalServices;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Eight app instances, each with its own RedisTokenStore and connection pool, on one Redis. */
class RedisFleetTest extends FleetContract {
  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private final String prefix = "fleet-" + UUID.randomUUID() + ":";
  private final List<RedisTokenStore> opened = new ArrayList<>();

  @AfterEach
  void closeStores() {
    opened.forEach(RedisTokenStore::close);
  }

  @Override
  protected TokenStore newInstanceStore() {
    RedisTokenStore store = RedisTokenStore.builder().uri(redis.server().uri())
        .keyPrefix(prefix).encryption(encryption()).build();
    opened.add(store);
    return store;
  }

  /** Returns the fleet's encryption, or null for plain JSON. */
  TokenEncryption encryption() {
    return null;
  }

  @Override
  protected TokenStore storeOnAClosedPort() {
    RedisTokenStore store = RedisTokenStore.builder()
        .uri("redis://127.0.0.1:" + LocalServices.freePort()).build();
    opened.add(store);
    return store;
  }

  @Override
  protected void stopServer() {
    redis.server().stop();
  }

  @Override
  protected void startServer() {
    redis.server().start();
  }
}
