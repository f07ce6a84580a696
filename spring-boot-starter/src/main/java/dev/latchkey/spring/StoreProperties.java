package dev.latchkey.spring;

import java.nio.file.Path;

/**
 * The token store: {@code latchkey.store.*}, bound into {@link LatchkeyProperties#getStore()}.
 * Each kind of store has its own group: {@code file}, {@code jdbc} and {@code redis}.
 */
public final class StoreProperties {
  /** Kind of token store. */
  private StoreType type = StoreType.MEMORY;
  /** Settings of the file store. */
  private FileStore file = new FileStore();
  /** Settings of the JDBC store. */
  private JdbcStore jdbc = new JdbcStore();
  /** Settings of the Redis store. */
  private RedisStore redis = new RedisStore();

  /**
   * Returns the kind of token store.
   *
   * @return the value
   */
  public StoreType getType() {
    return type;
  }

  /**
   * Sets the kind of token store.
   *
   * @param type the value
   */
  public void setType(StoreType type) {
    this.type = type;
  }

  /**
   * Returns the settings of the file store.
   *
   * @return the value
   */
  public FileStore getFile() {
    return file;
  }

  /**
   * Sets the settings of the file store.
   *
   * @param file the value
   */
  public void setFile(FileStore file) {
    this.file = file;
  }

  /**
   * Returns the settings of the JDBC store.
   *
   * @return the value
   */
  public JdbcStore getJdbc() {
    return jdbc;
  }

  /**
   * Sets the settings of the JDBC store.
   *
   * @param jdbc the value
   */
  public void setJdbc(JdbcStore jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Returns the settings of the Redis store.
   *
   * @return the value
   */
  public RedisStore getRedis() {
    return redis;
  }

  /**
   * Sets the settings of the Redis store.
   *
   * @param redis the value
   */
  public void setRedis(RedisStore redis) {
    this.redis = redis;
  }


  /** {@code latchkey.store.file.*}. */
  public static final class FileStore {
    /** File the tokens are kept in, written with owner-only permissions. */
    private Path path;

    /**
     * Returns the file the tokens are kept in, written with owner-only permissions.
     *
     * @return the value
     */
    public Path getPath() {
      return path;
    }

    /**
     * Sets the file the tokens are kept in, written with owner-only permissions.
     *
     * @param path the value
     */
    public void setPath(Path path) {
      this.path = path;
    }
  }

  /** {@code latchkey.store.jdbc.*}: the JDBC store on the app's {@code DataSource}. */
  public static final class JdbcStore {
    /** Table the tokens are kept in. */
    private String table = "latchkey_tokens";
    /** Whether the store creates its table on first use. */
    private boolean createTable = true;

    /**
     * Returns the table the tokens are kept in.
     *
     * @return the value
     */
    public String getTable() {
      return table;
    }

    /**
     * Sets the table the tokens are kept in.
     *
     * @param table the value
     */
    public void setTable(String table) {
      this.table = table;
    }

    /**
     * Returns whether the store creates its table on first use.
     *
     * @return the value
     */
    public boolean isCreateTable() {
      return createTable;
    }

    /**
     * Sets whether the store creates its table on first use.
     *
     * @param createTable the value
     */
    public void setCreateTable(boolean createTable) {
      this.createTable = createTable;
    }
  }

  /** {@code latchkey.store.redis.*}. */
  public static final class RedisStore {
    /** Redis server URI: redis://[[user]:password@]host[:port][/database], or rediss:// for TLS. */
    private String uri;
    /** Prefix of the store's Redis keys. */
    private String keyPrefix = "latchkey:";

    /**
     * Returns the Redis server URI: redis://[[user]:password@]host[:port][/database], or rediss:// for TLS.
     *
     * @return the value
     */
    public String getUri() {
      return uri;
    }

    /**
     * Sets the Redis server URI: redis://[[user]:password@]host[:port][/database], or rediss:// for TLS.
     *
     * @param uri the value
     */
    public void setUri(String uri) {
      this.uri = uri;
    }

    /**
     * Returns the prefix of the store's Redis keys.
     *
     * @return the value
     */
    public String getKeyPrefix() {
      return keyPrefix;
    }

    /**
     * Sets the prefix of the store's Redis keys.
     *
     * @param keyPrefix the value
     */
    public void setKeyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
    }
  }

  /** The kinds of token store. */
  public enum StoreType {
    /** In this process's memory: tokens are lost on restart. */
    MEMORY,
    /** In one file; processes sharing it renew one at a time. */
    FILE,
    /** In a table on the app's {@code DataSource} (latchkey-store-jdbc). */
    JDBC,
    /** In Redis (latchkey-store-redis). */
    REDIS
  }
}
