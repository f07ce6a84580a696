package dev.latchkey.store.jdbc;

import dev.latchkey.TokenStore;
import dev.latchkey.store.KeyWatches;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link JdbcTokenStore}'s {@code LISTEN/NOTIFY} on PostgreSQL: saves and lease releases
 * announce the session key with {@code pg_notify} (in the write's own statement, see
 * {@link #announcing}), and one thread holding one connection listens
 * and wakes the sessions watching that key. The store needs no PostgreSQL driver to compile:
 * {@code PGConnection.getNotifications(int)} is reached by reflection, and on another database
 * (or a driver without it) nothing is announced and {@link #watch} returns null, so that waiting
 * sessions poll.
 */
final class PostgresNotifications {
  private static final Logger LOG = Logger.getLogger("dev.latchkey.store.jdbc");
  /** How long one wait for notifications lasts, so that {@link #close} is seen soon. */
  private static final int RECEIVE_MILLIS = 500;
  private static final long RECONNECT_MILLIS = 1000;
  /**
   * How long the listener waits without a notification before it checks its connection: a
   * network that drops packets silently leaves the socket open, and without this it would wait on
   * it for hours (TCP keepalive), every notification lost, every waiting session polling.
   */
  static final Duration DEFAULT_CHECK_AFTER = Duration.ofSeconds(30);
  private static final int CHECK_TIMEOUT_SECONDS = 5;

  private final DataSource dataSource;
  private final String channel;
  private final KeyWatches watches = new KeyWatches();
  private final long checkAfterNanos;
  /** Null until a connection was looked at; then whether it is PostgreSQL. */
  private volatile Boolean postgres;
  private Thread listener;
  private volatile boolean closed;

  PostgresNotifications(DataSource dataSource, String channel) {
    this(dataSource, channel, DEFAULT_CHECK_AFTER);
  }

  PostgresNotifications(DataSource dataSource, String channel, Duration checkAfter) {
    this.dataSource = dataSource;
    this.checkAfterNanos = checkAfter.toNanos();
    // Unquoted in LISTEN, so PostgreSQL folds it to lower case; at most 63 bytes.
    String name = channel.toLowerCase(Locale.ROOT);
    this.channel = name.length() > 63 ? name.substring(0, 63) : name;
  }

  /** Returns a watch of {@code key}, or null where the database cannot notify. */
  TokenStore.Watch watch(String key) {
    if (Boolean.FALSE.equals(postgres)) {
      return null;
    }
    synchronized (this) {
      if (listener == null && !closed) {
        listener = new Thread(this::listen, "latchkey-jdbc-watch");
        listener.setDaemon(true);
        listener.start();
      }
    }
    return watches.open(key);
  }

  /**
   * Returns {@code write} (an {@code UPDATE} or {@code INSERT} of the token table) made to
   * announce the key of each row it writes when it commits, or null where the database cannot
   * notify. The channel is the table's name, so it holds only letters, digits and underscores.
   */
  String announcing(Connection connection, String write) throws SQLException {
    if (postgres == null) {
      postgres = isPostgres(connection);
    }
    if (!postgres) {
      return null;
    }
    return "WITH changed AS (" + write + " RETURNING token_key) SELECT pg_notify('" + channel
        + "', token_key) FROM changed";
  }

  void close() {
    synchronized (this) {
      closed = true;
      if (listener != null) {
        listener.interrupt();
      }
    }
  }

  private void listen() {
    while (!closed) {
      try (Connection connection = dataSource.getConnection()) {
        if (!connection.getAutoCommit()) {
          connection.setAutoCommit(true);
        }
        postgres = isPostgres(connection);
        if (!postgres) {
          return;
        }
        Class<?> pgConnection = Class.forName("org.postgresql.PGConnection", false,
            JdbcTokenStore.class.getClassLoader());
        Object pg = connection.unwrap(pgConnection);
        Method receive = pgConnection.getMethod("getNotifications", int.class);
        Method parameter = Class.forName("org.postgresql.PGNotification", false,
            pgConnection.getClassLoader()).getMethod("getParameter");
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + channel);
        }
        long quietSince = System.nanoTime();
        while (!closed) {
          Object[] received = (Object[]) receive.invoke(pg, RECEIVE_MILLIS);
          if (received != null && received.length > 0) {
            for (Object notification : received) {
              watches.changed((String) parameter.invoke(notification));
            }
            quietSince = System.nanoTime();
          } else if (System.nanoTime() - quietSince >= checkAfterNanos) {
            if (!connection.isValid(CHECK_TIMEOUT_SECONDS)) {
              throw new SQLException("the listening connection no longer answers");
            }
            quietSince = System.nanoTime();
          }
        }
      } catch (ClassNotFoundException | NoSuchMethodException e) {
        postgres = false; // A driver without notifications: sessions poll.
        return;
      } catch (Exception e) {
        if (closed) {
          return;
        }
        LOG.log(Level.FINE, "latchkey: listening for token notifications failed ("
            + e.getClass().getSimpleName() + "); waiting sessions poll until it is back", e);
      }
      try {
        Thread.sleep(RECONNECT_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static boolean isPostgres(Connection connection) throws SQLException {
    return "PostgreSQL".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName());
  }
}
