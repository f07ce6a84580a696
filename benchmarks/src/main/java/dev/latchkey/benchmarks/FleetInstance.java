package dev.latchkey.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenListener;
import dev.latchkey.TokenSession;
import dev.latchkey.TokenStore;
import dev.latchkey.store.jdbc.JdbcTokenStore;
import dev.latchkey.store.redis.RedisTokenStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One app instance of {@link FleetTakeover}: a client_credentials session with a client and a
 * store connection of its own, on a shared Redis or PostgreSQL store, driven by commands: from
 * lines on stdin in a JVM of its own ({@link #main}), or called in the benchmark's JVM.
 *
 * <ul>
 *   <li>{@code expire}: moves this instance's clock an hour on, so its token is expired; answers
 *       {@code ok}.
 *   <li>{@code get}: asks for the token; answers {@code got <System.nanoTime() when it had it>
 *       <1 if this instance renewed> <store calls so far> <failures so far> <System.nanoTime()
 *       when it asked> <System.nanoTime() when a watch first woke it, or 0>}. On Linux
 *       {@code nanoTime} is CLOCK_MONOTONIC, one clock for every process of the machine.
 * </ul>
 *
 * <p>Arguments: {@code redis:<uri>} or {@code jdbc:<url>}, token endpoint base URL, client id,
 * file holding the client secret, lease in ms, {@code notify} or {@code poll}, namespace (the
 * Redis key prefix or the table: one per fleet).
 */
public final class FleetInstance implements AutoCloseable {
  private final AtomicLong offsetMillis = new AtomicLong();
  private final AtomicInteger renewedHere = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicLong storeCalls = new AtomicLong();
  private final HikariDataSource pool;
  private final TokenStore shared;
  private final CountingStore counted;
  private final OAuth2Client client;
  private final TokenSession session;

  /** Builds an instance from the arguments described above, as a child JVM gets them. */
  FleetInstance(String[] args) throws IOException {
    Clock clock = new Clock() {
      @Override
      public Instant instant() {
        return Instant.now().plusMillis(offsetMillis.get());
      }

      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }
    };
    boolean notify = "notify".equals(args[5]);
    if (args[0].startsWith("redis:")) {
      pool = null;
      shared = RedisTokenStore.builder().uri(args[0].substring("redis:".length()))
          .keyPrefix(args[6] + ":").build();
    } else {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(args[0]);
      config.setMaximumPoolSize(4);
      pool = new HikariDataSource(config);
      shared = JdbcTokenStore.builder().dataSource(pool).table(args[6]).notifications(notify)
          .build();
    }
    counted = new CountingStore(shared, storeCalls, notify);
    client = OAuth2Client.builder()
        .provider(Provider.organizationApiBasic(args[1]))
        .clientId(args[2]).clientSecret(Files.readString(Path.of(args[3])).trim())
        .tokenStore(counted).clock(clock)
        .renewalLease(Duration.ofMillis(Long.parseLong(args[4])))
        .renewalTimeout(Duration.ofSeconds(Math.max(30, Long.parseLong(args[4]) / 1000 + 5)))
        .listener(new TokenListener() {
          @Override
          public void issued(String key, Token token) {
            renewedHere.incrementAndGet();
          }

          @Override
          public void renewed(String key, Token token) {
            renewedHere.incrementAndGet();
          }
        })
        .build();
    session = client.clientCredentialsSession();
  }

  public static void main(String[] args) throws Exception {
    try (FleetInstance instance = new FleetInstance(args)) {
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
          StandardCharsets.UTF_8));
      for (String line; (line = in.readLine()) != null; ) {
        String reply = instance.handle(line);
        if (reply == null) {
          break;
        }
        System.out.println(reply);
        System.out.flush();
      }
    }
  }

  /** Answers one command ({@code expire} or {@code get}); null for any other, which ends. */
  String handle(String command) {
    if (command.equals("expire")) {
      offsetMillis.addAndGet(Duration.ofHours(1).toMillis());
      return "ok";
    }
    if (!command.equals("get")) {
      return null;
    }
    long startedAt = System.nanoTime();
    counted.lastWokenAt.set(0);
    int before = renewedHere.get();
    try {
      session.accessToken();
    } catch (IOException | RuntimeException e) {
      failures.incrementAndGet();
    }
    long at = System.nanoTime();
    return "got " + at + " " + (renewedHere.get() > before ? 1 : 0) + " " + storeCalls.get()
        + " " + failures.get() + " " + startedAt + " " + counted.lastWokenAt.get();
  }

  @Override
  public void close() throws Exception {
    client.close();
    if (shared instanceof AutoCloseable) {
      ((AutoCloseable) shared).close();
    }
    if (pool != null) {
      pool.close();
    }
  }

  /** Counts the calls to the shared store; with {@code poll}, offers no watch. */
  private static final class CountingStore implements TokenStore {
    private final TokenStore store;
    private final AtomicLong calls;
    private final boolean notify;
    /** When a watch of this {@code get} was first woken; 0 if none was. */
    final AtomicLong lastWokenAt = new AtomicLong();

    CountingStore(TokenStore store, AtomicLong calls, boolean notify) {
      this.store = store;
      this.calls = calls;
      this.notify = notify;
    }

    @Override
    public Token load(String key) throws IOException {
      calls.incrementAndGet();
      return store.load(key);
    }

    @Override
    public void save(String key, Token token) throws IOException {
      calls.incrementAndGet();
      store.save(key, token);
    }

    @Override
    public boolean compareAndSet(String key, Token expected, Token update) throws IOException {
      calls.incrementAndGet();
      return store.compareAndSet(key, expected, update);
    }

    @Override
    public void delete(String key) throws IOException {
      calls.incrementAndGet();
      store.delete(key);
    }

    @Override
    public boolean tryLease(String key, String owner, Duration ttl) throws IOException {
      calls.incrementAndGet();
      return store.tryLease(key, owner, ttl);
    }

    @Override
    public boolean renewLease(String key, String owner, Duration ttl) throws IOException {
      calls.incrementAndGet();
      return store.renewLease(key, owner, ttl);
    }

    @Override
    public boolean compareAndSetLeased(String key, String owner, Token expected, Token update)
        throws IOException {
      calls.incrementAndGet();
      return store.compareAndSetLeased(key, owner, expected, update);
    }

    @Override
    public void releaseLease(String key, String owner) throws IOException {
      calls.incrementAndGet();
      store.releaseLease(key, owner);
    }

    @Override
    public Watch watch(String key) throws IOException {
      Watch watch = notify ? store.watch(key) : null;
      return watch == null ? null : new Watch() {
        @Override
        public boolean await(long timeoutMillis) throws InterruptedException {
          boolean woken = watch.await(timeoutMillis);
          if (woken) {
            lastWokenAt.compareAndSet(0, System.nanoTime());
          }
          return woken;
        }

        @Override
        public void close() {
          watch.close();
        }
      };
    }
  }
}
