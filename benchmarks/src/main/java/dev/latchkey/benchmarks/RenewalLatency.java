package dev.latchkey.benchmarks;

import com.google.api.client.auth.oauth2.BearerToken;
import com.google.api.client.auth.oauth2.ClientParametersAuthentication;
import com.google.api.client.auth.oauth2.Credential;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpRequestFactory;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import dev.latchkey.AuthorizationRequest;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenSession;
import dev.latchkey.mockserver.ConsentMode;
import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.Fault;
import dev.latchkey.mockserver.ManualClock;
import dev.latchkey.mockserver.MockAuthServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Goal 4, renewal latency: API calls keep flowing while the token is renewed 50 times, and the
 * token endpoint answers after 100 ms. Compares the p50/p99 call latency of
 *
 * <ul>
 *   <li>no renewals at all (the baseline);
 *   <li>Latchkey with refresh-ahead (the default: renewed in the background before expiry);
 *   <li>Latchkey with blocking renewal ({@code renewBefore(Duration.ZERO)}: renewed on expiry,
 *       callers wait);
 *   <li>google-oauth-client's {@link Credential}, which refreshes under its lock once the token
 *       has 60 s or less to live, while every caller waits.
 * </ul>
 *
 * <p>Tokens come from the mock server's Orgo (authorization code, then refresh_token grants).
 * API calls go through the same OkHttp client to a loopback {@link ApiServer} that answers 200 at
 * once (the mock server's own APIs sit behind a ~40 ms delayed-ACK stall per request, see
 * {@link ApiServer}); only how the {@code Authorization} header is obtained differs (for the peer,
 * an interceptor asks {@link Credential#intercept} for it). The SDK, the peer and the mock server
 * share a {@link ManualClock}: each 300 ms cycle makes calls for 100 ms, jumps the clock to the
 * variant's renewal point, and makes calls for 200 ms more. The load is open-loop: each of
 * {@value #THREADS} threads has a call scheduled every {@value #INTERVAL_MICROS} µs, and a call's
 * latency counts from its scheduled start, so a caller held up by a renewal also delays (and is
 * charged for) the calls queued behind it, as a server's request queue would be.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.RenewalLatency [renewals]
 * </pre>
 */
public final class RenewalLatency {
  static final int THREADS = 4;
  static final int INTERVAL_MICROS = 4000;
  private static final Duration ENDPOINT_DELAY = Duration.ofMillis(100);
  private static final Duration LIFETIME = Duration.ofHours(1);
  private static final long CYCLE_MILLIS = 300;
  private static final long RENEW_AT_MILLIS = 100;
  private static final String REDIRECT_URI = "http://127.0.0.1:8123/callback";

  private RenewalLatency() {
  }

  /** How a variant gets its header and how far the clock jumps each cycle. */
  enum Variant {
    NO_RENEWALS("no renewals (baseline)", null),
    REFRESH_AHEAD("Latchkey, refresh-ahead (default)", LIFETIME.minusSeconds(30)),
    BLOCKING("Latchkey, blocking renewal (renewBefore(ZERO))", LIFETIME.plusSeconds(1)),
    GOOGLE_CREDENTIAL("google-oauth-client Credential", LIFETIME.minusSeconds(30));

    final String label;
    /** How far the clock jumps per cycle: into the renewal window, or past expiry. */
    final Duration jump;

    Variant(String label, Duration jump) {
      this.label = label;
      this.jump = jump;
    }
  }

  public static void main(String[] args) throws Exception {
    int renewals = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    System.out.printf(Locale.ROOT, "Renewal latency: %d renewals, token endpoint +%d ms,"
        + " %d threads x %d calls/s, open-loop%n", renewals, ENDPOINT_DELAY.toMillis(), THREADS,
        1_000_000 / INTERVAL_MICROS);
    // JIT warm-up for the whole harness (every variant also warms its own connections).
    run(Variant.NO_RENEWALS, 10, 2_000);
    System.out.println("(the run above was the harness's warm-up; discarded)");
    List<String> rows = new ArrayList<>();
    for (Variant variant : Variant.values()) {
      rows.add(run(variant, renewals).row());
    }
    System.out.println();
    System.out.println("| variant | calls | renewals (token requests) | p50 | p99 | max |");
    System.out.println("|---|---|---|---|---|---|");
    rows.forEach(System.out::println);
  }

  /** One variant's numbers. */
  static final class Result {
    final Variant variant;
    final long[] latencies;
    final int tokenRequests;

    Result(Variant variant, long[] latencies, int tokenRequests) {
      this.variant = variant;
      this.latencies = latencies;
      this.tokenRequests = tokenRequests;
    }

    String row() {
      return String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %s |", variant.label,
          latencies.length, tokenRequests, Fixtures.millis(Fixtures.percentile(latencies, 50)),
          Fixtures.millis(Fixtures.percentile(latencies, 99)),
          Fixtures.millis(Fixtures.percentile(latencies, 100)));
    }
  }

  static Result run(Variant variant, int renewals) throws Exception {
    return run(variant, renewals, 1_000);
  }

  static Result run(Variant variant, int renewals, long warmupMillis) throws Exception {
    ManualClock clock = new ManualClock();
    OkHttpClient http = new OkHttpClient();
    try (MockAuthServer server = MockAuthServer.builder()
        .consent(ConsentMode.AUTO_APPROVE)
        .clock(clock)
        .tokenLifetime(LIFETIME)
        .build()) {
      server.start();
      DemoClient demo = server.demoClient("orgo");
      java.net.URI base = server.baseUrl("orgo");
      OAuth2Client.Builder builder = OAuth2Client.builder()
          .provider(Provider.orgo(base.toString()))
          .clientId(demo.clientId())
          .clientSecret(demo.clientSecret())
          .redirectUri(REDIRECT_URI)
          .clock(clock)
          .httpClient(http);
      if (variant == Variant.BLOCKING) {
        builder.renewBefore(Duration.ZERO);
      }
      try (OAuth2Client client = builder.build(); ApiServer apiServer = new ApiServer(true)) {
        TokenSession session = client.session("user-1");
        AuthorizationRequest login = client.newAuthorizationRequest().build();
        session.save(client.exchange(login, Fixtures.authorizeInBrowser(http, login.url())));

        OkHttpClient api = variant == Variant.GOOGLE_CREDENTIAL
            ? http.newBuilder().addInterceptor(new CredentialInterceptor(
                credential(session.token(), base, demo, clock))).build()
            : session.authorize(http);
        Request call = new Request.Builder().url(apiServer.url("/v1/projects")).build();

        // Warm-up: JIT and connections, no renewals.
        load(api, call, warmupMillis, null).join();

        int tokenRequestsBefore = server.tokenRequests("orgo");
        if (variant.jump != null) {
          server.enqueueFault(Fault.delay(ENDPOINT_DELAY), renewals);
        }
        Load load = load(api, call, renewals * CYCLE_MILLIS, variant.jump == null ? null
            : () -> clock.advance(variant.jump));
        long[] latencies = load.join();
        int tokenRequests = server.tokenRequests("orgo") - tokenRequestsBefore;
        server.clearFaults();
        Result result = new Result(variant, latencies, tokenRequests);
        System.out.println(result.row());
        return result;
      }
    } finally {
      http.connectionPool().evictAll();
    }
  }

  private static Credential credential(Token token, java.net.URI base, DemoClient demo,
      ManualClock clock) {
    Credential credential = new Credential.Builder(BearerToken.authorizationHeaderAccessMethod())
        .setTransport(new NetHttpTransport())
        .setJsonFactory(GsonFactory.getDefaultInstance())
        .setTokenServerUrl(new GenericUrl(base.resolve("oauth/token").toString()))
        .setClientAuthentication(
            new ClientParametersAuthentication(demo.clientId(), demo.clientSecret()))
        .setClock(clock::millis)
        .build();
    credential.setAccessToken(token.accessToken());
    credential.setRefreshToken(token.refreshToken());
    credential.setExpirationTimeMilliseconds(token.expiresAt().toEpochMilli());
    return credential;
  }

  /** Asks the peer's {@link Credential} for the header, as its HTTP-client integration does. */
  static final class CredentialInterceptor implements Interceptor {
    private final Credential credential;
    private final HttpRequestFactory requests = new NetHttpTransport().createRequestFactory();

    CredentialInterceptor(Credential credential) {
      this.credential = credential;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
      com.google.api.client.http.HttpRequest shadow =
          requests.buildGetRequest(new GenericUrl(chain.request().url().toString()));
      credential.intercept(shadow); // Refreshes under the credential's lock when due.
      String header = shadow.getHeaders().getAuthorization();
      return chain.proceed(chain.request().newBuilder().header("Authorization", header).build());
    }
  }

  /** Open-loop load from {@link #THREADS} threads, with an optional clock jump per cycle. */
  static final class Load {
    private final Thread[] threads = new Thread[THREADS];
    private final long[][] latencies = new long[THREADS][];
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private Thread driver;

    long[] join() throws InterruptedException {
      if (driver != null) {
        driver.join();
      }
      for (Thread thread : threads) {
        thread.join();
      }
      Throwable t = failure.get();
      if (t != null) {
        throw new IllegalStateException("an API call failed", t);
      }
      int total = 0;
      for (long[] l : latencies) {
        total += l.length;
      }
      long[] all = new long[total];
      int at = 0;
      for (long[] l : latencies) {
        System.arraycopy(l, 0, all, at, l.length);
        at += l.length;
      }
      return all;
    }
  }

  static Load load(OkHttpClient api, Request call, long durationMillis, Runnable jump) {
    Load load = new Load();
    long interval = TimeUnit.MICROSECONDS.toNanos(INTERVAL_MICROS);
    int callsPerThread = (int) (TimeUnit.MILLISECONDS.toNanos(durationMillis) / interval);
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
    for (int t = 0; t < THREADS; t++) {
      int index = t;
      // Threads are offset within the interval so calls are spread evenly, not in bursts.
      long offset = interval * t / THREADS;
      load.threads[t] = new Thread(() -> {
        long[] mine = new long[callsPerThread];
        try {
          for (int i = 0; i < callsPerThread; i++) {
            long scheduled = start + offset + i * interval;
            parkUntil(scheduled);
            try (Response response = api.newCall(call).execute()) {
              response.body().string();
              if (response.code() != 200) {
                throw new IOException("the API answered " + response.code());
              }
            }
            mine[i] = System.nanoTime() - scheduled;
          }
        } catch (IOException | RuntimeException e) {
          load.failure.compareAndSet(null, e);
        }
        load.latencies[index] = mine;
      }, "load-" + t);
      load.threads[t].start();
    }
    if (jump != null) {
      long cycles = durationMillis / CYCLE_MILLIS;
      load.driver = new Thread(() -> {
        for (long c = 0; c < cycles; c++) {
          parkUntil(start + TimeUnit.MILLISECONDS.toNanos(c * CYCLE_MILLIS + RENEW_AT_MILLIS));
          jump.run();
        }
      }, "clock-driver");
      load.driver.start();
    }
    return load;
  }

  private static void parkUntil(long nanoTime) {
    for (long wait; (wait = nanoTime - System.nanoTime()) > 0; ) {
      LockSupport.parkNanos(wait);
    }
  }
}
