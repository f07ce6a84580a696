package dev.latchkey.store.redis;

import static java.util.Objects.requireNonNull;

import dev.latchkey.Token;
import dev.latchkey.TokenStore;
import dev.latchkey.store.KeyWatches;
import dev.latchkey.store.TokenCodec;
import dev.latchkey.store.TokenEncryption;
import dev.latchkey.store.TokenStoreException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * A {@link TokenStore} on Redis, shared by every instance of an application, with a renewal
 * lease so that across the fleet one instance renews a token and the others read its result.
 *
 * <pre>{@code
 * RedisTokenStore store = RedisTokenStore.builder()
 *     .uri("redis://redis.internal:6379")
 *     .keyPrefix("billing:latchkey:")
 *     .build();
 * OAuth2Client client = OAuth2Client.builder()...tokenStore(store).build();
 * }</pre>
 *
 * <h2>What it keeps</h2>
 * A token is a string value at {@code <prefix>token:<key>}: the JSON of {@link TokenCodec}, or
 * its AES-GCM encryption when the store has a {@link TokenEncryption}. Compare-and-set runs as a
 * Lua script on the server, so it is atomic across instances. A renewal lease is
 * {@code <prefix>lease:<key>} holding the owner's id, taken with {@code SET NX PX} (re-entrant for
 * its owner) and released only by its owner, by Lua scripts; Redis expires it by itself, so an
 * instance that crashes mid-renewal holds up the others for at most the lease's time.
 *
 * <h2>When Redis is down</h2>
 * Every method throws a {@link TokenStoreException} (an {@link IOException}) whose message names
 * the operation and key and never a token. Sessions take that as an outage: they warn once, keep
 * their tokens in memory and renew on their own. A client built from {@link Builder#uri} fails
 * fast: {@value #DEFAULT_CONNECT_TIMEOUT_MILLIS} ms to connect, {@value
 * #DEFAULT_SOCKET_TIMEOUT_MILLIS} ms per reply. Give a client of your own short timeouts too.
 *
 * <p>Use Redis with an eviction policy that never evicts keys without a TTL ({@code noeviction}
 * or a {@code volatile-*} policy): an evicted user token means that user logs in again.
 */
public final class RedisTokenStore implements TokenStore, AutoCloseable {
  /** The default prefix of every key the store writes. */
  public static final String DEFAULT_KEY_PREFIX = "latchkey:";
  /** How long a client made from a URI waits to connect: a down server is reported this soon. */
  public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 1000;
  /** How long a client made from a URI waits for a reply. */
  public static final long DEFAULT_SOCKET_TIMEOUT_MILLIS = 2000;

  /** Sets a lease if nobody holds it, or extends it for its owner. */
  private static final String TAKE_LEASE =
      "if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end\n"
      + "if redis.call('GET', KEYS[1]) == ARGV[1] then\n"
      + "  redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1\n"
      + "end\n"
      + "return 0";
  /** Extends a lease only for the owner that still holds it; never takes a lapsed one. */
  private static final String RENEW_LEASE =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then\n"
      + "  redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1\n"
      + "end\n"
      + "return 0";
  /** Releases the owner's lease and tells the waiting instances (ARGV[2] the channel, ARGV[3]). */
  private static final String RELEASE_LEASE =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then\n"
      + "  redis.call('DEL', KEYS[1]) redis.call('PUBLISH', ARGV[2], ARGV[3]) return 1\n"
      + "end\n"
      + "return 0";
  /**
   * Replaces the value only if it is still the exact text the client read (ARGV[1] = 1) or still
   * absent (ARGV[1] = 0); writes ARGV[4] when ARGV[3] = 1, deletes otherwise. The client compares
   * tokens, not texts (encrypted texts differ every time): this script makes the swap atomic.
   * Then it publishes the session key (ARGV[6]) on the store's channel (ARGV[5]), which wakes the
   * instances waiting for this renewal. With a second key (the lease), it swaps only while the
   * lease holds ARGV[7], and then ends it: the fenced save of a renewal.
   */
  private static final String COMPARE_AND_SET =
      "if KEYS[2] and redis.call('GET', KEYS[2]) ~= ARGV[7] then return 0 end\n"
      + "local current = redis.call('GET', KEYS[1])\n"
      + "if ARGV[1] == '1' then\n"
      + "  if current ~= ARGV[2] then return 0 end\n"
      + "elseif current then return 0 end\n"
      + "if ARGV[3] == '1' then redis.call('SET', KEYS[1], ARGV[4])\n"
      + "else redis.call('DEL', KEYS[1]) end\n"
      + "if KEYS[2] then redis.call('DEL', KEYS[2]) end\n"
      + "redis.call('PUBLISH', ARGV[5], ARGV[6])\n"
      + "return 1";
  /** Tries before compare-and-set gives up on an entry others keep rewriting with equal tokens. */
  private static final int CAS_ATTEMPTS = 8;

  private final UnifiedJedis redis;
  private final boolean ownsClient;
  private final String where;
  private final String keyPrefix;
  private final TokenEncryption encryption;
  private final TokenCodec codec;
  private final Builder settings;
  private final String channel;
  private final KeyWatches watches = new KeyWatches();
  private final Object subscriberLock = new Object();
  private RedisSubscriber subscriber;

  private RedisTokenStore(Builder builder, UnifiedJedis redis, boolean ownsClient, String where) {
    this.settings = new Builder(builder);
    this.redis = redis;
    this.ownsClient = ownsClient;
    this.where = where;
    this.keyPrefix = builder.keyPrefix;
    this.encryption = builder.encryption;
    this.codec = encryption == null ? TokenCodec.plain() : TokenCodec.encrypted(encryption);
    this.channel = keyPrefix + "renewed";
  }

  /**
   * Returns a builder; set either {@link Builder#client} or {@link Builder#uri}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder with this store's settings, to derive a store with another prefix or
   * encryption. A store built from it with {@link Builder#uri} opens a client of its own.
   *
   * @return a builder initialized with this store's settings
   */
  public Builder newBuilder() {
    return new Builder(settings);
  }

  /**
   * Returns the prefix of every key this store writes.
   *
   * @return the key prefix
   */
  public String keyPrefix() {
    return keyPrefix;
  }

  @Override
  public Token load(String key) throws IOException {
    String raw = call("load", key, () -> redis.get(tokenKey(key)));
    return raw == null ? null : codec.decode(key, raw);
  }

  @Override
  public void save(String key, Token token) throws IOException {
    requireNonNull(token, "token == null");
    String value = codec.encode(key, token);
    call("save", key, () -> redis.set(tokenKey(key), value));
  }

  @Override
  public boolean compareAndSet(String key, Token expected, Token update) throws IOException {
    return swap("compareAndSet", key, null, expected, update);
  }

  /**
   * Swaps as {@link #compareAndSet} does, in the same script, if {@code owner} still holds the
   * key's lease, and ends the lease. The script then touches two keys, the token's and the
   * lease's: on Redis Cluster (a {@code JedisCluster} client) they may live on different nodes, so
   * there the lease is read first and the token swapped by the one-key script, the token's
   * compare-and-set stays the guard against writing over a newer token, and the lease ends with
   * the session's {@link #releaseLease}.
   */
  @Override
  public boolean compareAndSetLeased(String key, String owner, Token expected, Token update)
      throws IOException {
    requireNonNull(owner, "owner == null");
    if (redis instanceof JedisCluster) {
      String holder = call("compareAndSetLeased", key, () -> redis.get(leaseKey(key)));
      return owner.equals(holder) && swap("compareAndSetLeased", key, null, expected, update);
    }
    return swap("compareAndSetLeased", key, owner, expected, update);
  }

  private boolean swap(String operation, String key, String owner, Token expected, Token update)
      throws IOException {
    String tokenKey = tokenKey(key);
    String value = update == null ? "" : codec.encode(key, update);
    List<String> keys = owner == null ? List.of(tokenKey) : List.of(tokenKey, leaseKey(key));
    for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      String raw = call(operation, key, () -> redis.get(tokenKey));
      Token current = raw == null ? null : codec.decode(key, raw);
      if (!Objects.equals(current, expected)) {
        return false;
      }
      List<String> args = List.of(raw == null ? "0" : "1", raw == null ? "" : raw,
          update == null ? "0" : "1", value, channel, key, owner == null ? "" : owner);
      Object swapped = call(operation, key, () -> redis.eval(COMPARE_AND_SET, keys, args));
      if (Long.valueOf(1).equals(swapped)) {
        return true;
      }
      if (owner != null && !owner.equals(call(operation, key, () -> redis.get(leaseKey(key))))) {
        return false; // The lease lapsed: another instance renews now.
      }
      // Another instance wrote between our read and the swap: judge its value afresh.
    }
    return false;
  }

  @Override
  public void delete(String key) throws IOException {
    call("delete", key, () -> redis.del(tokenKey(key)));
  }

  @Override
  public boolean tryLease(String key, String owner, Duration ttl) throws IOException {
    requireNonNull(owner, "owner == null");
    long millis = ttlMillis(ttl);
    Object taken = call("tryLease", key, () -> redis.eval(TAKE_LEASE,
        List.of(leaseKey(key)), List.of(owner, Long.toString(millis))));
    return Long.valueOf(1).equals(taken);
  }

  @Override
  public boolean renewLease(String key, String owner, Duration ttl) throws IOException {
    requireNonNull(owner, "owner == null");
    long millis = ttlMillis(ttl);
    Object kept = call("renewLease", key, () -> redis.eval(RENEW_LEASE,
        List.of(leaseKey(key)), List.of(owner, Long.toString(millis))));
    return Long.valueOf(1).equals(kept);
  }

  @Override
  public void releaseLease(String key, String owner) throws IOException {
    requireNonNull(owner, "owner == null");
    call("releaseLease", key, () -> redis.eval(RELEASE_LEASE, List.of(leaseKey(key)),
        List.of(owner, channel, key)));
  }

  /**
   * Watches {@code key} through Redis pub/sub: every compare-and-set and lease release publishes
   * the session key on {@code <prefix>renewed}, which one subscriber thread per store (started by
   * the first watch; it holds one connection) hands to the waiting sessions. Messages published
   * while that thread reconnects are lost, and sessions then find the token at their next read.
   */
  @Override
  public Watch watch(String key) throws IOException {
    requireNonNull(key, "key == null");
    synchronized (subscriberLock) {
      if (subscriber == null) {
        subscriber = new RedisSubscriber(redis, channel, watches);
        subscriber.start();
      }
    }
    return watches.open(key);
  }

  /** Closes the Redis client if this store created it from a URI; a client you gave stays open. */
  @Override
  public void close() {
    synchronized (subscriberLock) {
      if (subscriber != null) {
        subscriber.stop();
      }
    }
    if (ownsClient) {
      redis.close();
    }
  }

  /** Describes the store: where it is, the prefix, whether values are encrypted; never a secret. */
  @Override
  public String toString() {
    return "RedisTokenStore{" + where + ", keyPrefix=" + keyPrefix
        + (encryption == null ? "" : ", encrypted") + "}";
  }

  private static long ttlMillis(Duration ttl) {
    long millis = requireNonNull(ttl, "ttl == null").toMillis();
    if (millis < 1) {
      throw new IllegalArgumentException("ttl must be at least 1 ms: " + ttl);
    }
    return millis;
  }

  private String tokenKey(String key) {
    return keyPrefix + "token:" + requireNonNull(key, "key == null");
  }

  private String leaseKey(String key) {
    return keyPrefix + "lease:" + requireNonNull(key, "key == null");
  }

  private <T> T call(String operation, String key, Supplier<T> command) throws TokenStoreException {
    requireNonNull(key, "key == null");
    try {
      return command.get();
    } catch (JedisException e) {
      // Jedis reports what went wrong with the connection or the server's error reply; neither
      // echoes the values sent, so the message and cause carry no token.
      throw new TokenStoreException("Redis token store " + where + ": " + operation + " of \""
          + key + "\" failed (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); "
          + "check that Redis is up and reachable", e);
    }
  }

  /** Builds a {@link RedisTokenStore}. Obtain one from {@link RedisTokenStore#builder()}. */
  public static final class Builder {
    private UnifiedJedis client;
    private URI uri;
    private Duration connectTimeout;
    private Duration socketTimeout;
    private String keyPrefix = DEFAULT_KEY_PREFIX;
    private TokenEncryption encryption;

    Builder() {
    }

    Builder(Builder other) {
      this.client = other.client;
      this.uri = other.uri;
      this.connectTimeout = other.connectTimeout;
      this.socketTimeout = other.socketTimeout;
      this.keyPrefix = other.keyPrefix;
      this.encryption = other.encryption;
    }

    /**
     * Uses a Redis client the application built and owns, such as a {@code JedisPooled} or
     * {@code JedisCluster} (each script touches one key, so a cluster works). Give it short
     * timeouts so that an outage is reported fast.
     *
     * @param client the client; {@link RedisTokenStore#close()} leaves it open
     * @return this builder
     */
    public Builder client(UnifiedJedis client) {
      this.client = requireNonNull(client, "client == null");
      this.uri = null;
      return this;
    }

    /**
     * Connects to Redis at {@code uri} with a pooled client the store owns and closes:
     * {@code redis://[[user]:password@]host[:port][/database]}, or {@code rediss://} for TLS.
     *
     * @param uri the server's URI
     * @return this builder
     */
    public Builder uri(String uri) {
      requireNonNull(uri, "uri == null");
      URI parsed;
      try {
        parsed = URI.create(uri);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("uri is not a URI; pass one such as"
            + " redis://127.0.0.1:6379", e);
      }
      if (!JedisURIHelper.isValid(parsed)) {
        throw new IllegalArgumentException("uri must be redis:// or rediss:// with a host and"
            + " port, such as redis://127.0.0.1:6379: " + redacted(parsed));
      }
      this.uri = parsed;
      this.client = null;
      return this;
    }

    /**
     * Sets how long a client made from {@link #uri} waits to connect.
     *
     * @param timeout at least 1 ms; default {@value #DEFAULT_CONNECT_TIMEOUT_MILLIS} ms
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * Sets how long a client made from {@link #uri} waits for each reply.
     *
     * @param timeout at least 1 ms; default {@value #DEFAULT_SOCKET_TIMEOUT_MILLIS} ms
     * @return this builder
     */
    public Builder socketTimeout(Duration timeout) {
      this.socketTimeout = positive(timeout, "socketTimeout");
      return this;
    }

    /**
     * Sets the prefix of every key the store writes, to keep apps or environments apart in one
     * Redis; every instance of an app must use the same one.
     *
     * @param keyPrefix such as {@code billing:latchkey:}; default {@value #DEFAULT_KEY_PREFIX}
     * @return this builder
     */
    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = requireNonNull(keyPrefix, "keyPrefix == null");
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
     * Returns the store.
     *
     * @return a new store
     * @throws IllegalStateException if neither a client nor a URI was set, or timeouts were set
     *     for a client the application owns
     */
    public RedisTokenStore build() {
      if (client == null && uri == null) {
        throw new IllegalStateException("Set client(jedis) or uri(\"redis://host:6379\")");
      }
      if (client != null) {
        if (connectTimeout != null || socketTimeout != null) {
          throw new IllegalStateException("connectTimeout and socketTimeout apply to a client"
              + " made from uri(...); configure them on the client you pass to client(...)");
        }
        String where = "(client " + client.getClass().getSimpleName() + ")";
        return new RedisTokenStore(this, client, false, where);
      }
      HostAndPort address = JedisURIHelper.getHostAndPort(uri);
      DefaultJedisClientConfig config = DefaultJedisClientConfig.builder()
          .connectionTimeoutMillis(millis(connectTimeout, DEFAULT_CONNECT_TIMEOUT_MILLIS))
          .socketTimeoutMillis(millis(socketTimeout, DEFAULT_SOCKET_TIMEOUT_MILLIS))
          .user(JedisURIHelper.getUser(uri))
          .password(JedisURIHelper.getPassword(uri))
          .database(JedisURIHelper.getDBIndex(uri))
          .ssl(JedisURIHelper.isRedisSSLScheme(uri))
          .clientName("latchkey")
          .build();
      ConnectionPoolConfig pool = new ConnectionPoolConfig();
      // A pooled connection that died with a Redis restart is replaced, not handed out to fail.
      pool.setTestOnBorrow(true);
      pool.setMaxWait(Duration.ofMillis(millis(socketTimeout, DEFAULT_SOCKET_TIMEOUT_MILLIS)));
      JedisPooled pooled = new JedisPooled(address, config, pool);
      return new RedisTokenStore(this, pooled, true, address.toString());
    }

    private static int millis(Duration timeout, long defaultMillis) {
      long millis = timeout == null ? defaultMillis : timeout.toMillis();
      return (int) Math.min(Integer.MAX_VALUE, millis);
    }

    private static Duration positive(Duration timeout, String name) {
      requireNonNull(timeout, name + " == null");
      if (timeout.toMillis() < 1) {
        throw new IllegalArgumentException(name + " must be at least 1 ms: " + timeout);
      }
      return timeout;
    }

    /** Shows a URI without its password, for messages. */
    private static String redacted(URI uri) {
      return uri.getRawUserInfo() == null ? uri.toString()
          : uri.toString().replace(uri.getRawUserInfo() + "@", "***@");
    }
  }
}
