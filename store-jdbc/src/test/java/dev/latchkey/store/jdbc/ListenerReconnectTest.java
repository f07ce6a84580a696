package dev.latchkey.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.TokenStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A listening connection that stops answering (a network that drops packets without closing the
 * socket) is found out when the listener checks it after a quiet spell, and replaced.
 */
final class ListenerReconnectTest {
  @RegisterExtension
  static final PostgresServerExtension postgres = new PostgresServerExtension();

  private static final String CHANNEL = "latchkey_reconnect_test";

  @Test
  void aListenerWhoseConnectionNoLongerAnswersReconnects() throws Exception {
    try (HikariDataSource pool = postgres.server().newPool(4)) {
      AtomicInteger handedOut = new AtomicInteger();
      CountDownLatch replaced = new CountDownLatch(1);
      // The first connection is the dead one: its validity check fails, as on a silent network.
      DataSource dataSource = JdbcProxies.delegate(DataSource.class, pool, (method, args, call) -> {
        Object result = call.proceed();
        if (!(result instanceof Connection connection)) {
          return result;
        }
        if (handedOut.incrementAndGet() > 1) {
          replaced.countDown();
          return connection;
        }
        return JdbcProxies.delegate(Connection.class, connection, (connectionMethod, values,
            connectionCall) -> connectionMethod.getName().equals("isValid") ? Boolean.FALSE
                : connectionCall.proceed());
      });
      PostgresNotifications notifications =
          new PostgresNotifications(dataSource, CHANNEL, Duration.ofMillis(1));
      try (TokenStore.Watch watch = notifications.watch("alice")) {
        assertTrue(replaced.await(30, TimeUnit.SECONDS),
            "the listener replaced a connection that no longer answers");
        // The new connection hears notifications (it may still be running LISTEN: bounded retry).
        boolean heard = false;
        for (int i = 0; i < 100 && !heard; i++) {
          try (Connection connection = pool.getConnection();
              PreparedStatement notify = connection.prepareStatement(
                  "SELECT pg_notify('" + CHANNEL + "', 'alice')")) {
            notify.executeQuery().close();
          }
          heard = watch.await(100);
        }
        assertTrue(heard, "a notification on the new connection woke the watch");
      } finally {
        notifications.close();
      }
    }
  }
}
