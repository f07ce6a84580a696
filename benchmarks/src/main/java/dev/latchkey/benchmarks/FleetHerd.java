package dev.latchkey.benchmarks;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.TokenSession;
import dev.latchkey.TokenStore;
import dev.latchkey.mockserver.ConsentMode;
import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.ManualClock;
import dev.latchkey.mockserver.MockAuthServer;
import dev.latchkey.store.redis.RedisTokenStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * Issue 10, a fleet at expiry: N app instances (independent {@link OAuth2Client}s, N = 1, 4, 16),
 * each with {@code threads} threads asking its client_credentials session for a token at the
 * same instant. Counts the requests that reach the token endpoint on a cold start and at each
 * expiry, with each instance keeping its own token (the default in-memory store) and with one
 * {@link RedisTokenStore} shared by the fleet (goal: 1 request per expiry, whatever N).
 *
 * <p>The SDK and the mock server share a {@link ManualClock}, so "expired" is exact. Without
 * {@code --redis}, the harness starts {@code redis-server} on a free loopback port for the run
 * (Debian: {@code apt-get install redis-server}); without either, only the unshared rows print.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.FleetHerd \
 *     [--redis redis://127.0.0.1:6379] [--threads 16] [--expiries 5]
 * </pre>
 */
public final class FleetHerd {
  private static final int[] FLEET_SIZES = {1, 4, 16};
  private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

  private FleetHerd() {
  }

  public static void main(String[] args) throws Exception {
    String redisUri = null;
    int threads = 16;
    int expiries = 5;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--redis":
          redisUri = args[++i];
          break;
        case "--threads":
          threads = Integer.parseInt(args[++i]);
          break;
        case "--expiries":
          expiries = Integer.parseInt(args[++i]);
          break;
        default:
          throw new IllegalArgumentException("Unknown option " + args[i]
              + "; use [--redis URI] [--threads N] [--expiries N]");
      }
    }
    Process redis = null;
    if (redisUri == null) {
      Path binary = Path.of("/usr/bin/redis-server");
      if (Files.isExecutable(binary)) {
        int port = LocalServer.freePort();
        redis = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port),
            "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        LocalServer.awaitListening(port);
        redisUri = "redis://127.0.0.1:" + port;
      }
    }
    try {
      System.out.printf(Locale.ROOT, "Fleet herd: %d threads per instance, %d expiries per row,"
          + " shared store %s%n", threads, expiries,
          redisUri == null ? "skipped (no redis-server; pass --redis URI)"
              : "Redis at " + redisUri);
      List<String> rows = new ArrayList<>();
      for (int instances : FLEET_SIZES) {
        rows.add(run(instances, threads, expiries, null));
        if (redisUri != null) {
          rows.add(run(instances, threads, expiries, redisUri));
        }
      }
      System.out.println();
      System.out.println("| instances | token store | callers | token requests, cold start"
          + " | token requests per expiry (min..max) | slowest caller at expiry, median |");
      System.out.println("|---|---|---|---|---|---|");
      rows.forEach(System.out::println);
    } finally {
      if (redis != null) {
        redis.destroy();
        redis.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static String run(int instances, int threads, int expiries, String redisUri)
      throws Exception {
    ManualClock clock = new ManualClock();
    OkHttpClient http = new OkHttpClient();
    String prefix = "fleet-herd-" + UUID.randomUUID() + ":";
    List<OAuth2Client> clients = new ArrayList<>();
    List<RedisTokenStore> stores = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(instances * threads);
    try (MockAuthServer server = MockAuthServer.builder().consent(ConsentMode.AUTO_APPROVE)
        .clock(clock).tokenLifetime(TOKEN_LIFETIME).build()) {
      server.start();
      DemoClient demo = server.demoClient("orgapi");
      List<TokenSession> sessions = new ArrayList<>();
      for (int i = 0; i < instances; i++) {
        TokenStore store = TokenStore.inMemory(); // Each instance on its own.
        if (redisUri != null) {
          RedisTokenStore shared = RedisTokenStore.builder().uri(redisUri).keyPrefix(prefix)
              .build();
          stores.add(shared);
          store = shared;
        }
        OAuth2Client client = OAuth2Client.builder()
            .provider(Provider.organizationApiBasic(server.baseUrl("orgapi").toString()))
            .clientId(demo.clientId()).clientSecret(demo.clientSecret())
            .tokenStore(store).clock(clock).httpClient(http).build();
        clients.add(client);
        sessions.add(client.clientCredentialsSession());
      }
      herd(pool, sessions, threads);
      int coldStart = server.tokenRequests("orgapi");
      int min = Integer.MAX_VALUE;
      int max = 0;
      long[] slowest = new long[expiries];
      for (int e = 0; e < expiries; e++) {
        clock.advance(TOKEN_LIFETIME.plusSeconds(1));
        int before = server.tokenRequests("orgapi");
        slowest[e] = herd(pool, sessions, threads);
        int requests = server.tokenRequests("orgapi") - before;
        min = Math.min(min, requests);
        max = Math.max(max, requests);
      }
      return String.format(Locale.ROOT, "| %d | %s | %d | %d | %d..%d | %s |", instances,
          redisUri == null ? "own, in memory" : "shared, Redis", instances * threads, coldStart,
          min, max, Fixtures.millis(Fixtures.percentile(slowest, 50)));
    } finally {
      pool.shutdownNow();
      clients.forEach(OAuth2Client::close);
      stores.forEach(RedisTokenStore::close);
      http.connectionPool().evictAll();
    }
  }

  /** Every thread of every instance asks for a token at once; returns the slowest wait. */
  private static long herd(ExecutorService pool, List<TokenSession> sessions, int threads)
      throws Exception {
    int callers = sessions.size() * threads;
    CyclicBarrier start = new CyclicBarrier(callers);
    List<Future<Long>> waits = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      TokenSession session = sessions.get(i % sessions.size());
      waits.add(pool.submit(() -> {
        start.await(30, TimeUnit.SECONDS);
        long begin = System.nanoTime();
        session.accessToken();
        return System.nanoTime() - begin;
      }));
    }
    long slowest = 0;
    for (Future<Long> wait : waits) {
      slowest = Math.max(slowest, wait.get(60, TimeUnit.SECONDS));
    }
    return slowest;
  }
}
