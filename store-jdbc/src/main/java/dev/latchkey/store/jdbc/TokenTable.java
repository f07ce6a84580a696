package dev.latchkey.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.logging.Logger;

/**
 * The statements of a {@link JdbcTokenStore}'s table, one method per statement, each on a
 * connection the store borrowed. Writes that wake waiting instances (a swap, a lease release)
 * carry their PostgreSQL {@code pg_notify} in the same statement where notifications are on, so
 * that the notification costs no round trip of its own and fires when the write commits.
 */
final class TokenTable {
  private static final Logger LOG = Logger.getLogger("dev.latchkey.store.jdbc");
  /** program_limit_exceeded: what {@code pg_notify} raises when the notification queue is full. */
  private static final String NOTIFY_QUEUE_FULL = "54000";
  /** A row's token text (null: no token) and its version. */
  record Row(String value, long version) {
  }

  private final Clock clock;
  private final int queryTimeoutSeconds;
  private final PostgresNotifications notifications;

  private final String selectValue;
  private final String insertValue;
  private final String updateValue;
  private final String updateValueIfVersion;
  private final String updateValueIfLeased;
  private final String takeLease;
  private final String insertLease;
  private final String releaseLease;
  private final String renewLease;

  TokenTable(String table, Clock clock, int queryTimeoutSeconds,
      PostgresNotifications notifications) {
    this.clock = clock;
    this.queryTimeoutSeconds = queryTimeoutSeconds;
    this.notifications = notifications;
    selectValue = "SELECT token_value, version FROM " + table + " WHERE token_key = ?";
    insertValue = "INSERT INTO " + table + " (token_key, token_value, version, updated_at)"
        + " VALUES (?, ?, 1, ?)";
    updateValue = "UPDATE " + table + " SET token_value = ?, version = version + 1,"
        + " updated_at = ? WHERE token_key = ?";
    updateValueIfVersion = updateValue + " AND version = ?";
    // The fenced save ends the lease it was taken for: the instances it wakes find it free.
    updateValueIfLeased = "UPDATE " + table + " SET token_value = ?, version = version + 1,"
        + " updated_at = ?, lease_owner = NULL, lease_until = NULL WHERE token_key = ?"
        + " AND version = ? AND lease_owner = ? AND lease_until > ?";
    takeLease = "UPDATE " + table + " SET lease_owner = ?, lease_until = ? WHERE token_key = ?"
        + " AND (lease_owner IS NULL OR lease_owner = ? OR lease_until <= ?)";
    insertLease = "INSERT INTO " + table + " (token_key, token_value, version, lease_owner,"
        + " lease_until, updated_at) VALUES (?, NULL, 0, ?, ?, ?)";
    releaseLease = "UPDATE " + table + " SET lease_owner = NULL, lease_until = NULL"
        + " WHERE token_key = ? AND lease_owner = ?";
    renewLease = "UPDATE " + table + " SET lease_until = ? WHERE token_key = ?"
        + " AND lease_owner = ? AND lease_until > ?";
  }

  Row select(Connection connection, String key) throws SQLException {
    try (PreparedStatement statement = prepare(connection, selectValue)) {
      statement.setString(1, key);
      try (ResultSet result = statement.executeQuery()) {
        return result.next() ? new Row(result.getString(1), result.getLong(2)) : null;
      }
    }
  }

  /** Writes {@code value} (null empties the row) whatever the row holds; silently. */
  int overwrite(Connection connection, String key, String value) throws SQLException {
    return update(connection, updateValue, value, clock.millis(), key);
  }

  /** Inserts a first value; silently (a plain save wakes nobody). */
  void insertQuietly(Connection connection, String key, String value) throws SQLException {
    update(connection, insertValue, key, value, clock.millis());
  }

  /** Writes {@code value} if the row still has {@code version}; announced. */
  boolean swap(Connection connection, String key, String value, long version)
      throws SQLException {
    return write(connection, updateValueIfVersion, value, clock.millis(), key, version) == 1;
  }

  /** Inserts a first value, announced; a concurrent insert fails on the primary key. */
  void insert(Connection connection, String key, String value) throws SQLException {
    write(connection, insertValue, key, value, clock.millis());
  }

  /** The fenced save: {@link #swap} while {@code owner}'s lease holds, ending it; announced. */
  boolean swapLeased(Connection connection, String key, String value, long version,
      String owner) throws SQLException {
    long now = clock.millis();
    return write(connection, updateValueIfLeased, value, now, key, version, owner, now) == 1;
  }

  boolean takeLease(Connection connection, String key, String owner, long now, long until)
      throws SQLException {
    return update(connection, takeLease, owner, until, key, owner, now) == 1;
  }

  /** Creates the row with the lease; a concurrent insert fails on the primary key. */
  void insertLease(Connection connection, String key, String owner, long now, long until)
      throws SQLException {
    update(connection, insertLease, key, owner, until, now);
  }

  boolean renewLease(Connection connection, String key, String owner, long now, long until)
      throws SQLException {
    return update(connection, renewLease, until, key, owner, now) == 1;
  }

  /** Clears {@code owner}'s lease, announced; nothing (and no announcement) if not held. */
  void releaseLease(Connection connection, String key, String owner) throws SQLException {
    write(connection, releaseLease, key, owner);
  }

  PreparedStatement prepare(Connection connection, String sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    statement.setQueryTimeout(queryTimeoutSeconds);
    return statement;
  }

  /**
   * Runs a write that waiting instances should hear of: on PostgreSQL with notifications, as
   * {@code WITH changed AS (<write> RETURNING token_key) SELECT pg_notify(...) FROM changed},
   * which announces each written row when the statement commits; elsewhere as it is.
   */
  private int write(Connection connection, String sql, Object... parameters)
      throws SQLException {
    String announcing = notifications == null ? null : notifications.announcing(connection, sql);
    if (announcing != null) {
      try (PreparedStatement statement = prepare(connection, announcing)) {
        bind(statement, parameters);
        int rows = 0;
        try (ResultSet result = statement.executeQuery()) {
          while (result.next()) {
            rows++;
          }
        }
        return rows;
      } catch (SQLException e) {
        if (!NOTIFY_QUEUE_FULL.equals(e.getSQLState())) {
          throw e;
        }
        // The server's notification queue is full (a listener of any app on the cluster stuck
        // in a transaction): the statement wrote nothing. Write without announcing; waiting
        // instances find the result when they next read.
        LOG.fine("latchkey: PostgreSQL's notification queue is full; writing without pg_notify");
      }
    }
    return update(connection, sql, parameters);
  }

  /** Runs {@code sql} with {@code parameters}; returns the rows it changed. */
  private int update(Connection connection, String sql, Object... parameters)
      throws SQLException {
    try (PreparedStatement statement = prepare(connection, sql)) {
      bind(statement, parameters);
      return statement.executeUpdate();
    }
  }

  /** Binds strings and longs in order; a null is a NULL text (only a token value is null). */
  private static void bind(PreparedStatement statement, Object... parameters)
      throws SQLException {
    for (int i = 0; i < parameters.length; i++) {
      Object parameter = parameters[i];
      if (parameter == null) {
        statement.setNull(i + 1, Types.VARCHAR);
      } else if (parameter instanceof Long) {
        statement.setLong(i + 1, (Long) parameter);
      } else {
        statement.setString(i + 1, (String) parameter);
      }
    }
  }
}
