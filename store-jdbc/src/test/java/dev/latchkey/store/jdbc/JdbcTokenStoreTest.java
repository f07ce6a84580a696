package dev.latchkey.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.TokenStore;
import dev.latchkey.mockserver.ManualClock;
import dev.latchkey.store.TokenEncryption;
import dev.latchkey.store.TokenStoreException;
import dev.latchkey.store.testing.SharedTokenStoreContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

final class JdbcTokenStoreTest extends SharedTokenStoreContract {
  @RegisterExtension
  static final PostgresServerExtension postgres = new PostgresServerExtension();

  private static HikariDataSource pool;
  /** A table of this test's own, created on demand by the store. */
  private final String table = "tokens_" + UUID.randomUUID().toString().replace("-", "");

  @BeforeEach
  void openPool() {
    if (pool == null) {
      pool = postgres.server().newPool(20);
    }
  }

  @AfterAll
  static void closePool() {
    if (pool != null) {
      pool.close();
    }
  }

  @Override
  protected TokenStore store(TokenEncryption encryption) {
    return JdbcTokenStore.builder().dataSource(pool).table(table).encryption(encryption).build();
  }

  @Override
  protected String rawValue(String key) throws SQLException {
    return (String) column(key, "token_value");
  }

  @Override
  protected void writeRawValue(String key, String value) throws Exception {
    try (Connection c = pool.getConnection(); Statement ddl = c.createStatement()) {
      ddl.execute(((JdbcTokenStore) store(null)).ddl()); // This test may not have made it yet.
    }
    try (Connection c = pool.getConnection();
        PreparedStatement update = c.prepareStatement("UPDATE " + table
            + " SET token_value = ? WHERE token_key = ?");
        PreparedStatement insert = c.prepareStatement("INSERT INTO " + table
            + " (token_key, token_value, version, updated_at) VALUES (?, ?, 1, 0)")) {
      update.setString(1, value);
      update.setString(2, key);
      if (update.executeUpdate() == 0) {
        insert.setString(1, key);
        insert.setString(2, value);
        insert.executeUpdate();
      }
    }
  }

  private Object column(String key, String column) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement select = c.prepareStatement("SELECT " + column + " FROM " + table
            + " WHERE token_key = ?")) {
      select.setString(1, key);
      try (ResultSet result = select.executeQuery()) {
        return result.next() ? result.getObject(1) : null;
      }
    }
  }

  @Test
  void compareAndSetBumpsTheVersionColumnAndLeasesDoNot() throws Exception {
    TokenStore store = store(null);
    assertTrue(store.compareAndSet("alice", null, fullToken("1")));
    assertEquals(1L, column("alice", "version"));
    assertTrue(store.tryLease("alice", "instance-a", Duration.ofSeconds(10)));
    assertEquals("instance-a", column("alice", "lease_owner"));
    assertEquals(1L, column("alice", "version"));
    assertTrue(store.compareAndSet("alice", fullToken("1"), fullToken("2")));
    assertEquals(2L, column("alice", "version"));
    store.releaseLease("alice", "instance-a");
    assertNull(column("alice", "lease_owner"));
    assertNull(column("alice", "lease_until"));
  }

  @Test
  void deletingEmptiesTheRowSoVersionsAreNeverReused() throws Exception {
    TokenStore store = store(null);
    store.save("alice", fullToken("1"));
    store.delete("alice");
    assertEquals(2L, column("alice", "version"));
    assertNull(column("alice", "token_value"));
    assertTrue(store.compareAndSet("alice", null, fullToken("2")));
    assertEquals(3L, column("alice", "version"));
  }

  @Test
  void leaseExpiryFollowsTheStoresClock() throws Exception {
    ManualClock clock = new ManualClock();
    TokenStore store = JdbcTokenStore.builder().dataSource(pool).table(table).clock(clock).build();
    assertTrue(store.tryLease("alice", "crashed", Duration.ofSeconds(10)));
    assertEquals(clock.millis() + 10_000, column("alice", "lease_until"));
    clock.advance(Duration.ofMillis(9_999));
    assertFalse(store.tryLease("alice", "survivor", Duration.ofSeconds(10)));
    clock.advance(Duration.ofMillis(1));
    assertTrue(store.tryLease("alice", "survivor", Duration.ofSeconds(10)));
    assertEquals("survivor", column("alice", "lease_owner"));
  }

  @Test
  void aMissingTableIsNamedWithTheFixWhenNotCreatedOnDemand() {
    JdbcTokenStore store = JdbcTokenStore.builder().dataSource(pool).table(table)
        .createTable(false).build();
    TokenStoreException e = assertThrows(TokenStoreException.class, () -> store.load("alice"));
    assertEquals("JDBC token store (table " + table + "): load of \"alice\" failed (SQLState"
        + " 42P01, PSQLException): the table does not exist; create it with the DDL of"
        + " JdbcTokenStore.ddl() (docs/fleet.md), or build the store with createTable(true)",
        e.getMessage());
  }

  @Test
  void aTableDroppedAfterFirstUseIsMadeAgain() throws Exception {
    TokenStore store = store(null);
    store.save("alice", fullToken("1"));
    try (Connection c = pool.getConnection(); Statement statement = c.createStatement()) {
      statement.execute("DROP TABLE " + table);
    }
    TokenStoreException e = assertThrows(TokenStoreException.class, () -> store.load("alice"));
    assertTrue(e.getMessage().contains("SQLState 42P01"), e.getMessage());
    assertNull(store.load("alice"), "created again on the next call");
    store.save("alice", fullToken("2"));
    assertEquals(fullToken("2"), store.load("alice"));
  }

  @Test
  void theDocumentedDdlCreatesAWorkingTable() throws Exception {
    JdbcTokenStore store = JdbcTokenStore.builder().dataSource(pool).table(table)
        .createTable(false).build();
    try (Connection c = pool.getConnection(); Statement statement = c.createStatement()) {
      statement.execute(store.ddl());
      statement.execute(store.ddl()); // IF NOT EXISTS: a migration may run it twice.
    }
    store.save("alice", fullToken("1"));
    assertEquals(fullToken("1"), store.load("alice"));
    assertEquals("CREATE TABLE IF NOT EXISTS " + table + " (\n"
        + "  token_key   VARCHAR(255) NOT NULL PRIMARY KEY,\n"
        + "  token_value TEXT,\n"
        + "  version     BIGINT NOT NULL,\n"
        + "  lease_owner VARCHAR(128),\n"
        + "  lease_until BIGINT,\n"
        + "  updated_at  BIGINT NOT NULL\n"
        + ")", store.ddl());
  }

  @Test
  void aSchemaQualifiedTableWorks() throws Exception {
    try (Connection c = pool.getConnection(); Statement statement = c.createStatement()) {
      statement.execute("CREATE SCHEMA IF NOT EXISTS app");
    }
    TokenStore store = JdbcTokenStore.builder().dataSource(pool).table("app." + table).build();
    store.save("alice", fullToken("1"));
    assertEquals(fullToken("1"), store.load("alice"));
  }

  @Test
  void tableNamesAreValidatedAsIdentifiers() {
    for (String bad : new String[] {"tokens; DROP TABLE users", "1tokens", "a.b.c", "tok-ens",
        "\"quoted\"", ""}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> JdbcTokenStore.builder().table(bad));
      assertEquals("table must be a SQL identifier of letters, digits and underscores,"
          + " optionally schema-qualified (latchkey_tokens, app.latchkey_tokens): \"" + bad + "\"",
          e.getMessage());
    }
    assertEquals("dataSource is required: pass the app's connection pool",
        assertThrows(IllegalStateException.class, () -> JdbcTokenStore.builder().build())
            .getMessage());
  }

  @Test
  void aDownDatabaseIsReportedWithoutTokens() throws Exception {
    int closed = dev.latchkey.store.testing.LocalServices.freePort();
    com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
    config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + closed + "/postgres?user=postgres");
    config.setConnectionTimeout(250); // HikariCP's least: fail fast.
    config.setInitializationFailTimeout(-1);
    try (HikariDataSource down = new HikariDataSource(config)) {
      JdbcTokenStore store = JdbcTokenStore.builder().dataSource(down).table(table).build();
      TokenStoreException e = assertThrows(TokenStoreException.class,
          () -> store.compareAndSet("alice", fullToken("1"), fullToken("2")));
        assertTrue(e.getMessage().startsWith("JDBC token store (table " + table + "):"
          + " compareAndSet of \"alice\" failed (SQLState 08001,"), e.getMessage());
      assertTrue(e.getMessage().endsWith("check that the database is up and reachable"),
          e.getMessage());
      assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }
  }

  @Test
  void dataErrorsKeepTheirMessageOutOfTheException() throws Exception {
    TokenStore store = store(null);
    String tooLong = "k".repeat(300);
    assertThrows(IllegalArgumentException.class, () -> store.load(tooLong));
    store.save("alice", minimalToken("1"));
    try (Connection c = pool.getConnection(); Statement statement = c.createStatement()) {
      statement.execute("ALTER TABLE " + table + " ADD CONSTRAINT short_values"
          + " CHECK (length(token_value) < 200)");
    }
    TokenStoreException e = assertThrows(TokenStoreException.class,
        () -> store.save("bob", fullToken("secret")));
    assertEquals("JDBC token store (table " + table + "): save of \"bob\" failed (SQLState 23514,"
        + " PSQLException)", e.getMessage());
    assertNull(e.getCause(), "the driver's message quotes the failing row");
  }
}
