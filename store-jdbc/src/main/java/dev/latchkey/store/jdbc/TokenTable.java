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
    try (PreparedStatement statement = prepare(connection, updateValue)) {
      bindValue(statement, value, key);
      return statement.executeUpdate();
    }
  }

  /** Inserts a first value; silently (a plain save wakes nobody). */
  void insertQuietly(Connection connection, String key, String value) throws SQLException {
    try (PreparedStatement statement = prepare(connection, insertValue)) {
      bindInsert(statement, key, value);
      statement.executeUpdate();
    }
  }

  /** Writes {@code value} if the row still has {@code version}; announced. */
  boolean swap(Connection connection, String key, String value, long version)
      throws SQLException {
    return write(connection, updateValueIfVersion, statement -> {
      bindValue(statement, value, key);
      statement.setLong(4, version);
    }) == 1;
  }

  /** Inserts a first value, announced; a concurrent insert fails on the primary key. */
  void insert(Connection connection, String key, String value) throws SQLException {
    write(connection, insertValue, statement -> bindInsert(statement, key, value));
  }

  /** The fenced save: {@link #swap} while {@code owner}'s lease holds, ending it; announced. */
  boolean swapLeased(Connection connection, String key, String value, long version,
      String owner) throws SQLException {
    return write(connection, updateValueIfLeased, statement -> {
      long now = bindValue(statement, value, key);
      statement.setLong(4, version);
      statement.setString(5, owner);
      statement.setLong(6, now);
    }) == 1;
  }

  boolean takeLease(Connection connection, String key, String owner, long now, long until)
      throws SQLException {
    try (PreparedStatement statement = prepare(connection, takeLease)) {
      statement.setString(1, owner);
      statement.setLong(2, until);
      statement.setString(3, key);
      statement.setString(4, owner);
      statement.setLong(5, now);
      return statement.executeUpdate() == 1;
    }
  }

  /** Creates the row with the lease; a concurrent insert fails on the primary key. */
  void insertLease(Connection connection, String key, String owner, long now, long until)
      throws SQLException {
    try (PreparedStatement statement = prepare(connection, insertLease)) {
      statement.setString(1, key);
      statement.setString(2, owner);
      statement.setLong(3, until);
      statement.setLong(4, now);
      statement.executeUpdate();
    }
  }

  boolean renewLease(Connection connection, String key, String owner, long now, long until)
      throws SQLException {
    try (PreparedStatement statement = prepare(connection, renewLease)) {
      statement.setLong(1, until);
      statement.setString(2, key);
      statement.setString(3, owner);
      statement.setLong(4, now);
      return statement.executeUpdate() == 1;
    }
  }

  /** Clears {@code owner}'s lease, announced; nothing (and no announcement) if not held. */
  void releaseLease(Connection connection, String key, String owner) throws SQLException {
    write(connection, releaseLease, statement -> {
      statement.setString(1, key);
      statement.setString(2, owner);
    });
  }

  PreparedStatement prepare(Connection connection, String sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    statement.setQueryTimeout(queryTimeoutSeconds);
    return statement;
  }

  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  /**
   * Runs a write that waiting instances should hear of: on PostgreSQL with notifications, as
   * {@code WITH changed AS (<write> RETURNING token_key) SELECT pg_notify(...) FROM changed},
   * which announces each written row when the statement commits; elsewhere as it is.
   */
  private int write(Connection connection, String sql, Binder binder)
      throws SQLException {
    String announcing = notifications == null ? null : notifications.announcing(connection, sql);
    if (announcing != null) {
      try (PreparedStatement statement = prepare(connection, announcing)) {
        binder.bind(statement);
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
    try (PreparedStatement statement = prepare(connection, sql)) {
      binder.bind(statement);
      return statement.executeUpdate();
    }
  }

  /** Binds value, {@code updated_at} and key as parameters 1 to 3; returns the time used. */
  private long bindValue(PreparedStatement statement, String value, String key)
      throws SQLException {
    if (value == null) {
      statement.setNull(1, Types.VARCHAR);
    } else {
      statement.setString(1, value);
    }
    long now = clock.millis();
    statement.setLong(2, now);
    statement.setString(3, key);
    return now;
  }

  private void bindInsert(PreparedStatement statement, String key, String value)
      throws SQLException {
    statement.setString(1, key);
    statement.setString(2, value);
    statement.setLong(3, clock.millis());
  }
}
