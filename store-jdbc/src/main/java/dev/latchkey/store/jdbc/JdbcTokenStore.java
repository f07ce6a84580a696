package dev.latchkey.store.jdbc;

import static java.util.Objects.requireNonNull;

import dev.latchkey.Token;
import dev.latchkey.TokenStore;
import dev.latchkey.store.TokenCodec;
import dev.latchkey.store.TokenEncryption;
import dev.latchkey.store.TokenStoreException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A {@link TokenStore} in one table of the SQL database a fleet already shares, with a renewal
 * lease so that across the fleet one instance renews a token and the others read its result.
 * Plain JDBC on any {@link DataSource}; tested on PostgreSQL.
 *
 * <pre>{@code
 * HikariDataSource pool = ...;   // the app's pool: give it short connect and socket timeouts
 * JdbcTokenStore store = JdbcTokenStore.builder().dataSource(pool).build();
 * OAuth2Client client = OAuth2Client.builder()...tokenStore(store).build();
 * }</pre>
 *
 * <h2>The table</h2>
 * One row per session key ({@link #ddl()} shows the exact statement):
 * <pre>
 * CREATE TABLE IF NOT EXISTS latchkey_tokens (
 *   token_key   VARCHAR(255) NOT NULL PRIMARY KEY,
 *   token_value TEXT,                -- JSON or an encrypted value; NULL: no token
 *   version     BIGINT NOT NULL,     -- bumped by every write of token_value
 *   lease_owner VARCHAR(128),        -- who renews the token now, if anyone
 *   lease_until BIGINT,              -- when that lease ends, epoch milliseconds
 *   updated_at  BIGINT NOT NULL      -- last write, epoch milliseconds
 * )</pre>
 * The store creates it on first use unless built with {@code createTable(false)}, for schemas
 * that only migrations change. Deleting a token empties its row rather than removing it, so a
 * version number is never reused (which would let a stale compare-and-set succeed).
 *
 * <h2>Atomicity</h2>
 * Compare-and-set reads the row, compares the stored token with the expected one, and writes
 * with {@code UPDATE ... WHERE version = ?}: if another instance wrote in between, the update
 * matches no row and the store judges the new value. The lease is two columns set by a
 * conditional {@code UPDATE} (free, expired, or already ours); lease times come from the
 * builder's {@link Builder#clock clock}, so instances need roughly synchronized clocks (NTP).
 *
 * <h2>When the database is down</h2>
 * Every method throws a {@link TokenStoreException} (an {@link IOException}) naming the
 * operation, the key and the SQLState, never a token. Sessions take that as an outage: they
 * warn once, keep their tokens in memory and renew on their own. How fast that happens is the
 * {@code DataSource}'s connect timeout; each statement has a {@link Builder#queryTimeout query
 * timeout}.
 */
public final class JdbcTokenStore implements TokenStore, AutoCloseable {
  /** The table used unless {@link Builder#table} names another. */
  public static final String DEFAULT_TABLE = "latchkey_tokens";
  /** How long a statement may run unless {@link Builder#queryTimeout} says otherwise. */
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(5);
  /** The longest session key the table holds. */
  public static final int MAX_KEY_LENGTH = 255;
  /** The longest lease owner id the table holds. */
  public static final int MAX_OWNER_LENGTH = 128;

  /** A table name, optionally schema-qualified: letters, digits and underscores only. */
  private static final Pattern TABLE =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");
  /** Tries before compare-and-set gives up on a row others keep rewriting with equal tokens. */
  private static final int CAS_ATTEMPTS = 8;

  private final DataSource dataSource;
  private final String table;
  private final TokenEncryption encryption;
  private final TokenCodec codec;
  private final Clock clock;
  private final boolean createTable;
  private final Builder settings;
  private volatile boolean tableReady;

  private final TokenTable rows;
  private final PostgresNotifications notifications;

  private JdbcTokenStore(Builder builder) {
    this.settings = new Builder(builder);
    this.dataSource = builder.dataSource;
    this.table = builder.table;
    this.encryption = builder.encryption;
    this.codec = encryption == null ? TokenCodec.plain() : TokenCodec.encrypted(encryption);
    this.clock = builder.clock;
    int queryTimeoutSeconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE,
        builder.queryTimeout.getSeconds()));
    this.createTable = builder.createTable;
    this.tableReady = !createTable;
    notifications = builder.notifications
        ? new PostgresNotifications(dataSource, "latchkey_" + table.replace('.', '_')) : null;
    rows = new TokenTable(table, clock, queryTimeoutSeconds, notifications);
  }

  /**
   * Returns a builder; {@link Builder#dataSource} is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder with this store's settings, to derive a store with another table or
   * encryption.
   *
   * @return a builder initialized with this store's settings
   */
  public Builder newBuilder() {
    return new Builder(settings);
  }

  /**
   * Returns the table this store keeps tokens in.
   *
   * @return the table name, as configured
   */
  public String table() {
    return table;
  }

  /**
   * Returns the statement that creates this store's table, for a migration of your own (with
   * {@code createTable(false)}). It is tested on PostgreSQL and keeps to SQL that MySQL, MariaDB,
   * SQLite and H2 also accept; other databases may need {@code TEXT} or {@code IF NOT EXISTS}
   * spelled their way.
   *
   * @return a {@code CREATE TABLE IF NOT EXISTS} statement
   */
  public String ddl() {
    return "CREATE TABLE IF NOT EXISTS " + table + " (\n"
        + "  token_key   VARCHAR(" + MAX_KEY_LENGTH + ") NOT NULL PRIMARY KEY,\n"
        + "  token_value TEXT,\n"
        + "  version     BIGINT NOT NULL,\n"
        + "  lease_owner VARCHAR(" + MAX_OWNER_LENGTH + "),\n"
        + "  lease_until BIGINT,\n"
        + "  updated_at  BIGINT NOT NULL\n"
        + ")";
  }

  @Override
  public Token load(String key) throws IOException {
    checkKey(key);
    try (Connection connection = connect()) {
      TokenTable.Row row = rows.select(connection, key);
      return row == null || row.value() == null ? null : codec.decode(key, row.value());
    } catch (SQLException e) {
      throw failure("load", key, e);
    }
  }

  @Override
  public void save(String key, Token token) throws IOException {
    checkKey(key);
    String value = codec.encode(key, requireNonNull(token, "token == null"));
    try (Connection connection = connect()) {
      for (int attempt = 0; ; attempt++) {
        if (rows.overwrite(connection, key, value) == 1) {
          return;
        }
        try {
          rows.insertQuietly(connection, key, value);
          return;
        } catch (SQLException e) {
          if (!isDuplicateKey(e) || attempt >= 1) {
            throw e;
          }
          // Another instance created the row since the update: update it now.
        }
      }
    } catch (SQLException e) {
      throw failure("save", key, e);
    }
  }

  @Override
  public boolean compareAndSet(String key, Token expected, Token update) throws IOException {
    return swap("compareAndSet", key, null, expected, update);
  }

  /**
   * Swaps as {@link #compareAndSet} does, with {@code AND lease_owner = ? AND lease_until > ?}
   * added to the {@code UPDATE}, which also ends the lease: the fenced save of a renewal.
   */
  @Override
  public boolean compareAndSetLeased(String key, String owner, Token expected, Token update)
      throws IOException {
    return swap("compareAndSetLeased", key, requireNonNull(owner, "owner == null"), expected,
        update);
  }

  private boolean swap(String operation, String key, String owner, Token expected, Token update)
      throws IOException {
    checkKey(key);
    String value = update == null ? null : codec.encode(key, update);
    try (Connection connection = connect()) {
      for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
        TokenTable.Row row = rows.select(connection, key);
        Token current = row == null || row.value() == null ? null : codec.decode(key, row.value());
        if (!Objects.equals(current, expected)) {
          return false;
        }
        if (owner != null) {
          // A lease row always exists while a lease is held, so no row means no lease; a failed
          // swap is another write or a lapsed lease: either way not ours to make.
          return row != null && rows.swapLeased(connection, key, value, row.version(), owner);
        }
        if (row != null) {
          if (rows.swap(connection, key, value, row.version())) {
            return true;
          }
        } else if (value == null) {
          return true; // Nothing there, nothing wanted.
        } else {
          try {
            rows.insert(connection, key, value);
            return true;
          } catch (SQLException e) {
            if (!isDuplicateKey(e)) {
              throw e;
            }
          }
        }
        // Another instance wrote between our read and our write: judge its value afresh.
      }
      return false;
    } catch (SQLException e) {
      throw failure(operation, key, e);
    }
  }

  @Override
  public void delete(String key) throws IOException {
    checkKey(key);
    try (Connection connection = connect()) {
      rows.overwrite(connection, key, null);
    } catch (SQLException e) {
      throw failure("delete", key, e);
    }
  }

  @Override
  public boolean tryLease(String key, String owner, Duration ttl) throws IOException {
    checkKey(key);
    requireNonNull(owner, "owner == null");
    if (owner.isEmpty() || owner.length() > MAX_OWNER_LENGTH) {
      throw new IllegalArgumentException("owner must be 1 to " + MAX_OWNER_LENGTH
          + " characters: " + owner.length());
    }
    long now = clock.millis();
    long until = now + checkTtl(ttl);
    try (Connection connection = connect()) {
      if (rows.takeLease(connection, key, owner, now, until)) {
        return true;
      }
      try {
        rows.insertLease(connection, key, owner, now, until);
        return true;
      } catch (SQLException e) {
        if (!isDuplicateKey(e)) {
          throw e;
        }
      }
      // The row appeared since the update looked: try once more against it.
      return rows.takeLease(connection, key, owner, now, until);
    } catch (SQLException e) {
      throw failure("tryLease", key, e);
    }
  }

  @Override
  public boolean renewLease(String key, String owner, Duration ttl) throws IOException {
    checkKey(key);
    requireNonNull(owner, "owner == null");
    long now = clock.millis();
    long until = now + checkTtl(ttl);
    try (Connection connection = connect()) {
      return rows.renewLease(connection, key, owner, now, until);
    } catch (SQLException e) {
      throw failure("renewLease", key, e);
    }
  }

  @Override
  public void releaseLease(String key, String owner) throws IOException {
    checkKey(key);
    requireNonNull(owner, "owner == null");
    try (Connection connection = connect()) {
      rows.releaseLease(connection, key, owner);
    } catch (SQLException e) {
      throw failure("releaseLease", key, e);
    }
  }

  /**
   * Watches {@code key} through PostgreSQL's {@code LISTEN/NOTIFY} when the database is
   * PostgreSQL and {@link Builder#notifications} is on (the default): one listening connection
   * per store, borrowed from the {@code DataSource} for the store's life, receives the session
   * keys that saves and lease releases announce with {@code pg_notify}. On other databases it
   * returns null and waiting sessions poll, as they do while that connection is being replaced.
   */
  @Override
  public Watch watch(String key) throws IOException {
    checkKey(key);
    return notifications == null ? null : notifications.watch(key);
  }

  /** Stops listening for notifications and returns the listening connection to the pool. */
  public void close() {
    if (notifications != null) {
      notifications.close();
    }
  }

  @Override
  public String toString() {
    return "JdbcTokenStore{table=" + table + (encryption == null ? "" : ", encrypted") + "}";
  }

  private static long checkTtl(Duration ttl) {
    if (requireNonNull(ttl, "ttl == null").toMillis() < 1) {
      throw new IllegalArgumentException("ttl must be at least 1 ms: " + ttl);
    }
    return ttl.toMillis();
  }

  /**
   * Borrows a connection in auto-commit mode, where each statement stands alone (the store's
   * atomicity comes from conditional statements, not transactions), creating the table first if
   * needed.
   */
  private Connection connect() throws SQLException {
    Connection connection = dataSource.getConnection();
    try {
      if (!connection.getAutoCommit()) {
        connection.setAutoCommit(true);
      }
      if (!tableReady) {
        createTable(connection);
      }
      return connection;
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  private synchronized void createTable(Connection connection) throws SQLException {
    if (tableReady) {
      return;
    }
    try (PreparedStatement statement = rows.prepare(connection, ddl())) {
      statement.execute();
    } catch (SQLException e) {
      // Instances starting together race to create the table: PostgreSQL may then report a
      // duplicate type or table although IF NOT EXISTS was given. If the table is there now,
      // another instance made it.
      try (PreparedStatement probe =
          rows.prepare(connection, "SELECT token_key FROM " + table + " WHERE 1 = 0")) {
        probe.executeQuery().close();
      } catch (SQLException absent) {
        e.addSuppressed(absent);
        throw e;
      }
    }
    tableReady = true;
  }

  private static boolean isDuplicateKey(SQLException e) {
    String state = e.getSQLState();
    return e instanceof SQLIntegrityConstraintViolationException
        || (state != null && state.startsWith("23"));
  }

  private static void checkKey(String key) {
    requireNonNull(key, "key == null");
    if (key.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException("key must be at most " + MAX_KEY_LENGTH
          + " characters for the token_key column: " + key.length());
    }
  }

  private TokenStoreException failure(String operation, String key, SQLException e) {
    String state = e.getSQLState();
    String where = "JDBC token store (table " + table + "): " + operation + " of \"" + key
        + "\" failed (SQLState " + state + ", " + e.getClass().getSimpleName();
    if ("42P01".equals(state) || "42S02".equals(state)) {
      // Dropped, or lost in a restore since this store made it: make it again on the next call.
      tableReady = !createTable;
      return new TokenStoreException(where + "): the table does not exist; create it with the"
          + " DDL of JdbcTokenStore.ddl() (docs/fleet.md), or build the store with"
          + " createTable(true)", e);
    }
    // Data and constraint errors (SQLState classes 22 and 23) may quote the row's values, and
    // so a token: keep their message and the exception out. Others, such as connection
    // failures and timeouts, say nothing about the data and help find the fault.
    if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
      return new TokenStoreException(where + ")", null);
    }
    return new TokenStoreException(where + ": " + e.getMessage() + "); check that the database"
        + " is up and reachable", e);
  }

  /** Builds a {@link JdbcTokenStore}. Obtain one from {@link JdbcTokenStore#builder()}. */
  public static final class Builder {
    private DataSource dataSource;
    private String table = DEFAULT_TABLE;
    private TokenEncryption encryption;
    private Clock clock = Clock.systemUTC();
    private Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;
    private boolean createTable = true;
    private boolean notifications = true;

    Builder() {
    }

    Builder(Builder other) {
      this.dataSource = other.dataSource;
      this.table = other.table;
      this.encryption = other.encryption;
      this.clock = other.clock;
      this.queryTimeout = other.queryTimeout;
      this.createTable = other.createTable;
      this.notifications = other.notifications;
    }

    /**
     * Sets whether instances waiting for another's renewal are woken by PostgreSQL's
     * {@code LISTEN/NOTIFY}, which keeps one connection of the {@code DataSource} for the store's
     * life ({@link JdbcTokenStore#close()} returns it). Off, or on another database, they read
     * the table at growing intervals (25 ms, 50 ms, ... up to 500 ms).
     *
     * @param notifications true (the default) to use notifications where the database has them
     * @return this builder
     */
    public Builder notifications(boolean notifications) {
      this.notifications = notifications;
      return this;
    }

    /**
     * Sets where connections come from: the app's pool (HikariCP or any other).
     *
     * @param dataSource the data source; give it a short connect timeout (HikariCP's
     *     {@code connectionTimeout}, the driver's {@code connectTimeout} and
     *     {@code socketTimeout}) so that an outage is reported fast
     * @return this builder
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = requireNonNull(dataSource, "dataSource == null");
      return this;
    }

    /**
     * Sets the table; every instance of an app must use the same one.
     *
     * @param table a SQL identifier, optionally schema-qualified ({@code app.latchkey_tokens});
     *     default {@value #DEFAULT_TABLE}
     * @return this builder
     */
    public Builder table(String table) {
      requireNonNull(table, "table == null");
      if (!TABLE.matcher(table).matches()) {
        throw new IllegalArgumentException("table must be a SQL identifier of letters, digits and"
            + " underscores, optionally schema-qualified (latchkey_tokens, app.latchkey_tokens): \""
            + table + "\"");
      }
      this.table = table;
      return this;
    }

    /**
     * Encrypts every stored token with AES-GCM; every instance must have the same keys.
     *
     * @param encryption the keys, or null to store plain JSON (the default)
     * @return this builder
     */
    public Builder encryption(TokenEncryption encryption) {
      this.encryption = encryption;
      return this;
    }

    /**
     * Sets the clock that times leases and {@code updated_at}.
     *
     * @param clock the clock; default {@link Clock#systemUTC()}
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Sets how long each statement may run before the driver cancels it.
     *
     * @param timeout whole seconds, at least 1; default 5 s
     * @return this builder
     */
    public Builder queryTimeout(Duration timeout) {
      requireNonNull(timeout, "queryTimeout == null");
      if (timeout.getSeconds() < 1) {
        throw new IllegalArgumentException("queryTimeout must be at least 1 s (JDBC counts whole"
            + " seconds): " + timeout);
      }
      this.queryTimeout = timeout;
      return this;
    }

    /**
     * Sets whether the store creates its table on first use ({@code CREATE TABLE IF NOT
     * EXISTS}). Turn it off where only migrations change the schema, and run
     * {@link JdbcTokenStore#ddl()} in one.
     *
     * @param createTable false to leave the schema alone; default true
     * @return this builder
     */
    public Builder createTable(boolean createTable) {
      this.createTable = createTable;
      return this;
    }

    /**
     * Returns the store. It connects on first use, not here.
     *
     * @return a new store
     * @throws IllegalStateException if no data source was set
     */
    public JdbcTokenStore build() {
      if (dataSource == null) {
        throw new IllegalStateException("dataSource is required: pass the app's connection pool");
      }
      return new JdbcTokenStore(this);
    }
  }
}
