package dev.latchkey.store.jdbc;

import static dev.latchkey.store.testing.TokenStoreContract.fullToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When PostgreSQL's notification queue is full, {@code pg_notify} fails its whole statement; the
 * store then writes without announcing, rather than report an outage for want of a wake-up.
 */
final class NotifyQueueFullTest {
  @RegisterExtension
  static final PostgresServerExtension postgres = new PostgresServerExtension();

  @Test
  void writesWithoutAnnouncingWhenTheNotificationQueueIsFull() throws Exception {
    try (HikariDataSource pool = postgres.server().newPool(4)) {
      AtomicInteger refused = new AtomicInteger();
      JdbcTokenStore store = JdbcTokenStore.builder()
          .dataSource(queueFull(pool, refused))
          .table("tokens_" + UUID.randomUUID().toString().replace("-", ""))
          .build();
      try {
        assertTrue(store.compareAndSet("alice", null, fullToken("1")));
        assertTrue(store.tryLease("alice", "holder.1", Duration.ofSeconds(30)));
        assertTrue(store.compareAndSetLeased("alice", "holder.1", fullToken("1"),
            fullToken("2")));
        store.releaseLease("alice", "holder.1");
        assertEquals(fullToken("2"), store.load("alice"));
        assertTrue(store.tryLease("alice", "next.1", Duration.ofSeconds(30)),
            "the fenced save ended the lease without its announcement");
        assertEquals(3, refused.get(), "insert, fenced save and release each tried to announce");
      } finally {
        store.close();
      }
    }
  }

  /** {@code dataSource}, whose announcing statements fail as with a full notification queue. */
  private static DataSource queueFull(DataSource dataSource, AtomicInteger refused) {
    return JdbcProxies.delegate(DataSource.class, dataSource, (method, args, call) -> {
      Object result = call.proceed();
      if (!(result instanceof Connection connection)) {
        return result;
      }
      return JdbcProxies.delegate(Connection.class, connection, (connectionMethod, sql,
          connectionCall) -> {
        Object statement = connectionCall.proceed();
        if (!connectionMethod.getName().equals("prepareStatement")
            || !((String) sql[0]).startsWith("WITH changed AS")) {
          return statement;
        }
        return JdbcProxies.delegate(PreparedStatement.class, (PreparedStatement) statement,
            (statementMethod, values, statementCall) -> {
              if (!statementMethod.getName().equals("executeQuery")) {
                return statementCall.proceed();
              }
              refused.incrementAndGet();
              throw new SQLException("too many notifications in the NOTIFY queue", "54000");
            });
      });
    });
  }
}
