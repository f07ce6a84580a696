package dev.latchkey.reliability;

import static dev.latchkey.reliability.Reliability.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.OAuth2Client;
import dev.latchkey.TokenSession;
import dev.latchkey.mockserver.MockAuthServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.locks.LockSupport;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A soak in real time: 200 threads call the mock server's APIs through two sessions whose tokens
 * live one second, so every second each session renews while a hundred threads use it. Half the
 * threads use an Orgo user session (refresh with rotation), half Onna's application session
 * (a new client_credentials token each time, as Onna cannot refresh).
 *
 * <p>What must hold: no call fails, each session asks the token endpoint about once per expiry
 * (single-flight renewal, refresh-ahead), and every thread finishes (every wait is bounded).
 * The soak lasts {@code -Dlatchkey.soakSeconds} seconds (8 by default; the suite's budget allows
 * at most 60).
 */
final class LoadSoakTest {
  private static final int THREADS = 200;
  private static final Duration TOKEN_LIFETIME = Duration.ofSeconds(1);
  /** Each thread calls about ten times a second: 2,000 calls a second in all at most. */
  private static final Duration THINK_TIME = Duration.ofMillis(100);
  private static final Duration SOAK = Duration.ofSeconds(Long.getLong("latchkey.soakSeconds", 8));

  @RegisterExtension
  final LeakGuard leaks = new LeakGuard();

  private MockAuthServer mock;

  @BeforeEach
  void startServer() throws IOException {
    mock = MockAuthServer.builder().tokenLifetime(TOKEN_LIFETIME).build(); // a real clock
    mock.start();
  }

  @AfterEach
  void stopServer() {
    mock.close();
  }

  /** One client sized for the crowd: a connection per thread, bounded calls. */
  private static OkHttpClient crowdClient() {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(THREADS);
    dispatcher.setMaxRequestsPerHost(THREADS);
    return new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(THREADS, 1, TimeUnit.MINUTES))
        .dispatcher(dispatcher)
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(10))
        .callTimeout(Reliability.TIMEOUT)
        .build();
  }

  @Test
  @Timeout(value = 180) // The soak plus generous slack; the default soak ends in ~10 s.
  void twoHundredThreadsOnOneSecondTokensFailNoCallAndRenewOncePerExpiry() throws Exception {
    OkHttpClient http = crowdClient();
    OAuth2Client orgo = Reliability.client(mock, "orgo", leaks).httpClient(http)
        .renewalTimeout(Duration.ofSeconds(10)).build();
    OAuth2Client onna = Reliability.client(mock, "onna", leaks).httpClient(http)
        .renewalTimeout(Duration.ofSeconds(10)).build();
    TokenSession user = orgo.session("soak-user");
    user.save(signIn(orgo, mock, leaks));
    TokenSession app = onna.clientCredentialsSession();
    OkHttpClient userApi = user.authorize(http);
    OkHttpClient appApi = app.authorize(http);
    Request userinfo = new Request.Builder().url(mock.baseUrl("orgo") + "oauth/userinfo").build();
    Request workspaces = new Request.Builder().url(mock.baseUrl("onna") + "v1/workspaces")
        .post(RequestBody.create("{}", MediaType.get("application/json"))).build();
    int refreshesBefore = mock.tokenRequests("orgo", "refresh_token");

    AtomicInteger calls = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger retriedAfter401 = new AtomicInteger();
    LongAccumulator slowestMillis = new LongAccumulator(Math::max, 0);
    AtomicLong totalNanos = new AtomicLong();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService crowd = Executors.newFixedThreadPool(THREADS);
    long[] deadline = new long[1];
    for (int i = 0; i < THREADS; i++) {
      boolean userThread = i % 2 == 0;
      crowd.execute(() -> {
        try {
          if (!start.await(Reliability.TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            failures.add("never started");
            failed.incrementAndGet();
            return;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        while (System.nanoTime() - deadline[0] < 0) {
          long begin = System.nanoTime();
          try (Response response = (userThread ? userApi : appApi)
              .newCall(userThread ? userinfo : workspaces).execute()) {
            response.body().string();
            if (response.code() != 200) {
              failed.incrementAndGet();
              failures.add((userThread ? "orgo" : "onna") + " answered " + response.code());
            }
            if (response.priorResponse() != null) {
              retriedAfter401.incrementAndGet();
            }
          } catch (IOException | RuntimeException e) {
            failed.incrementAndGet();
            failures.add(leaks.scan(e).toString());
          }
          long took = System.nanoTime() - begin;
          totalNanos.addAndGet(took);
          slowestMillis.accumulate(TimeUnit.NANOSECONDS.toMillis(took));
          calls.incrementAndGet();
          // A user's think time, not a synchronization: it keeps two cores below saturation, so
          // a call takes far less than a token's one-second life (a call slower than that can
          // meet two expiries, and no client can help that).
          LockSupport.parkNanos(THINK_TIME.toNanos());
        }
      });
    }
    deadline[0] = System.nanoTime() + SOAK.toNanos();
    start.countDown();
    crowd.shutdown();
    boolean finished = crowd.awaitTermination(SOAK.toSeconds() + 60, TimeUnit.SECONDS);
    crowd.shutdownNow();

    int refreshes = mock.tokenRequests("orgo", "refresh_token") - refreshesBefore;
    int acquisitions = mock.tokenRequests("onna", "client_credentials");
    long expiries = SOAK.toMillis() / TOKEN_LIFETIME.toMillis() + 1;
    List<String> sample = new ArrayList<>(failures);
    String report = "soak " + SOAK.toSeconds() + " s, " + THREADS + " threads: " + calls.get()
        + " calls (" + (calls.get() / Math.max(1, SOAK.toSeconds())) + "/s), " + failed.get()
        + " failed, " + retriedAfter401.get() + " renewed after a 401, slowest "
        + slowestMillis.get() + " ms, mean "
        + (calls.get() == 0 ? 0 : TimeUnit.NANOSECONDS.toMicros(totalNanos.get() / calls.get()))
        + " µs; orgo refreshes " + refreshes + ", onna acquisitions " + acquisitions
        + " for ~" + expiries + " expiries each; " + leaks.logRecords() + " log records scanned";
    System.out.println(report);

    assertTrue(finished, "every thread finishes: " + report);
    assertEquals(0, failed.get(), report + "; first failures: "
        + sample.subList(0, Math.min(10, sample.size())));
    assertTrue(calls.get() >= THREADS * SOAK.toSeconds(), "the crowd kept calling: " + report);
    // Single-flight and refresh-ahead: about one renewal per expiry per session. A renewal
    // lands a little before each expiry, and a 401 on a request that raced an expiry may add one.
    assertTrue(refreshes >= expiries - 2 && refreshes <= 2 * expiries + 1,
        "orgo refreshes " + refreshes + " for " + expiries + " expiries: " + report);
    assertTrue(acquisitions >= expiries - 2 && acquisitions <= 2 * expiries + 1,
        "onna acquisitions " + acquisitions + " for " + expiries + " expiries: " + report);
    leaks.scan(user);
    leaks.scan(app);
    orgo.close();
    onna.close();
  }
}
