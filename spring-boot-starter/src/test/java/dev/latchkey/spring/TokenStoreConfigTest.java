package dev.latchkey.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.Token;
import dev.latchkey.TokenSession;
import dev.latchkey.TokenStore;
import dev.latchkey.store.jdbc.JdbcTokenStore;
import dev.latchkey.store.redis.RedisTokenStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code latchkey.store.*} picks the store; each client keeps its keys apart in it. */
final class TokenStoreConfigTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(LatchkeyAutoConfiguration.class))
      .withPropertyValues(
          "latchkey.clients.a.provider=onna", "latchkey.clients.a.client-id=a",
          "latchkey.clients.a.client-secret=secret-a",
          "latchkey.clients.b.provider=onna", "latchkey.clients.b.client-id=b",
          "latchkey.clients.b.client-secret=secret-b");

  private static Token token(String value) {
    return Token.builder().accessToken(value).issuedAt(Instant.now())
        .expiresAt(Instant.now().plusSeconds(3600)).build();
  }

  @Test
  void memoryIsTheDefaultAndClientsDoNotShareUserKeys() {
    runner.run(context -> {
      assertEquals(TokenStore.inMemory().getClass(), context.getBean(TokenStore.class).getClass());
      LatchkeyClients clients = context.getBean(LatchkeyClients.class);
      clients.userSession("a", "alice").save(token("token-of-a"));
      clients.userSession("b", "alice").save(token("token-of-b"));
      assertEquals("token-of-a", context.getBean(TokenStore.class).load("a:alice").accessToken());
      assertEquals("token-of-b", context.getBean(TokenStore.class).load("b:alice").accessToken());
    });
  }

  @Test
  void fileStoreWritesTheConfiguredFile(@TempDir Path dir) {
    Path file = dir.resolve("tokens.json");
    runner.withPropertyValues("latchkey.store.type=file", "latchkey.store.file.path=" + file)
        .run(context -> {
          TokenSession alice = context.getBean(LatchkeyClients.class).userSession("a", "alice");
          alice.save(token("file-token"));
          assertTrue(Files.exists(file));
          assertEquals("file-token", context.getBean(TokenStore.class).load("a:alice")
              .accessToken());
        });
  }

  @Test
  void jdbcStoreRunsOnTheAppsDataSource() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:latchkey;MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
    // A DataSource bean, as Boot's own (any version) or the app would make it.
    runner.withBean(DataSource.class, () -> h2)
        .withPropertyValues("latchkey.store.type=jdbc")
        .run(context -> {
          assertInstanceOf(JdbcTokenStore.class, context.getBean(TokenStore.class));
          context.getBean(LatchkeyClients.class).userSession("a", "alice")
              .save(token("jdbc-token"));
          assertEquals("jdbc-token", context.getBean(TokenStore.class).load("a:alice")
              .accessToken());
        });
  }

  @Test
  void jdbcStoreWithoutADataSourceNamesTheProperty() {
    runner.withPropertyValues("latchkey.store.type=jdbc").run(context -> {
      Throwable t = context.getStartupFailure();
      assertNotNull(t);
      while (!(t instanceof LatchkeyConfigurationException)) {
        t = t.getCause();
      }
      assertEquals("latchkey.store.type", ((LatchkeyConfigurationException) t).property());
    });
  }

  @Test
  void redisStoreComesFromItsUri() {
    runner.withPropertyValues("latchkey.store.type=redis",
        "latchkey.store.redis.uri=redis://127.0.0.1:6379", "latchkey.store.redis.key-prefix=app:")
        .run(context -> {
          RedisTokenStore store = assertInstanceOf(RedisTokenStore.class,
              context.getBean(TokenStore.class));
          assertEquals("app:", store.keyPrefix());
        });
  }

  @Test
  void theAppsOwnStoreWins() {
    TokenStore mine = TokenStore.inMemory();
    runner.withBean(TokenStore.class, () -> mine).run(context ->
        assertSame(mine, context.getBean(TokenStore.class)));
  }
}
