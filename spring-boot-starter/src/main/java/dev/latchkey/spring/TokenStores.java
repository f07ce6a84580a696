package dev.latchkey.spring;

import dev.latchkey.TokenStore;
import dev.latchkey.store.jdbc.JdbcTokenStore;
import dev.latchkey.store.redis.RedisTokenStore;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.ClassUtils;

/** Makes the token store {@code latchkey.store.type} names. */
final class TokenStores {
  private TokenStores() {
  }

  static TokenStore create(StoreProperties store, ObjectProvider<DataSource> dataSource) {
    switch (store.getType()) {
      case MEMORY:
        return TokenStore.inMemory();
      case FILE:
        if (store.getFile().getPath() == null) {
          throw new LatchkeyConfigurationException("latchkey.store.file.path", "is missing",
              "Set the file the tokens are kept in, or use another latchkey.store.type", null);
        }
        return TokenStore.file(store.getFile().getPath());
      case JDBC:
        requireModule("dev.latchkey.store.jdbc.JdbcTokenStore", "jdbc", "latchkey-store-jdbc");
        DataSource ds = dataSource.getIfUnique();
        if (ds == null) {
          throw new LatchkeyConfigurationException("latchkey.store.type", "is jdbc, but the app"
              + " has no single DataSource bean", "Configure spring.datasource.* (or one"
                  + " DataSource bean), or use another latchkey.store.type", null);
        }
        return Jdbc.create(ds, store.getJdbc());
      case REDIS:
        requireModule("dev.latchkey.store.redis.RedisTokenStore", "redis", "latchkey-store-redis");
        if (store.getRedis().getUri() == null) {
          throw new LatchkeyConfigurationException("latchkey.store.redis.uri", "is missing",
              "Set the Redis server's URI, such as redis://localhost:6379", null);
        }
        return Redis.create(store.getRedis());
      default:
        throw new AssertionError(store.getType());
    }
  }

  private static void requireModule(String className, String type, String artifact) {
    if (!ClassUtils.isPresent(className, TokenStores.class.getClassLoader())) {
      throw new LatchkeyConfigurationException("latchkey.store.type", "is " + type + ", but "
          + artifact + " is not on the classpath", "Add the dev.latchkey:" + artifact
              + " dependency", null);
    }
  }

  /** Loaded only when the JDBC store is chosen, so the module stays optional. */
  private static final class Jdbc {
    static TokenStore create(DataSource dataSource, StoreProperties.JdbcStore jdbc) {
      return JdbcTokenStore.builder().dataSource(dataSource).table(jdbc.getTable())
          .createTable(jdbc.isCreateTable()).build();
    }
  }

  /** Loaded only when the Redis store is chosen, so the module stays optional. */
  private static final class Redis {
    static TokenStore create(StoreProperties.RedisStore redis) {
      return RedisTokenStore.builder().uri(redis.getUri()).keyPrefix(redis.getKeyPrefix()).build();
    }
  }
}
