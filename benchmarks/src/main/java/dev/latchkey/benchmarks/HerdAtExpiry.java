package dev.latchkey.benchmarks;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
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
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;

/**
 * Goal 3, the herd at expiry: {@code threads} threads (256 by default) ask one client_credentials
 * session for a token at the same instant, just after it expired. Counts the requests that reach
 * the token endpoint (goal: exactly 1) and compares the slowest caller's latency with one token
 * round trip (goal: about one round trip).
 *
 * <p>The SDK and the mock server share a {@link ManualClock}, so "expired" is exact: the clock
 * jumps past the expiry while every thread waits at a barrier. Two token endpoints are measured:
 * the mock server as it is (a loopback round trip of about a millisecond, where thread wake-up
 * dominates), and one that answers after 100 ms, where the round trip dominates.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.HerdAtExpiry [threads] [rounds]
 * </pre>
 */
public final class HerdAtExpiry {
  private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
  private static final int WARMUP_ROUNDS = 3;

  private HerdAtExpiry() {
  }

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    System.out.printf(Locale.ROOT, "Herd at expiry: %d threads, %d rounds per endpoint"
        + " (after %d warm-up rounds)%n", threads, rounds, WARMUP_ROUNDS);
    List<Result> results = new ArrayList<>();
    results.add(run("loopback", Duration.ZERO, threads, rounds));
    results.add(run("+100 ms", Duration.ofMillis(100), threads, rounds));
    System.out.println();
    System.out.println("| token endpoint | herd rounds | token requests per herd (min..max)"
        + " | one token round trip, median | slowest caller, median of rounds"
        + " | slowest caller, worst round | median caller, median of rounds |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (Result r : results) {
      System.out.println(r.row());
    }
    for (Result r : results) {
      if (r.minRequests != 1 || r.maxRequests != 1) {
        throw new IllegalStateException("a herd sent " + r.minRequests + ".." + r.maxRequests
            + " token requests to the " + r.endpoint + " endpoint; expected exactly 1");
      }
    }
  }

  /** One endpoint's numbers. */
  static final class Result {
    final String endpoint;
    final int rounds;
    final int minRequests;
    final int maxRequests;
    final long roundTripNanos;
    final long slowestMedianNanos;
    final long slowestWorstNanos;
    final long medianCallerNanos;

    Result(String endpoint, int rounds, int minRequests, int maxRequests, long roundTripNanos,
        long slowestMedianNanos, long slowestWorstNanos, long medianCallerNanos) {
      this.endpoint = endpoint;
      this.rounds = rounds;
      this.minRequests = minRequests;
      this.maxRequests = maxRequests;
      this.roundTripNanos = roundTripNanos;
      this.slowestMedianNanos = slowestMedianNanos;
      this.slowestWorstNanos = slowestWorstNanos;
      this.medianCallerNanos = medianCallerNanos;
    }

    String row() {
      return String.format(Locale.ROOT, "| %s | %d | %d..%d | %s | %s | %s | %s |", endpoint,
          rounds, minRequests, maxRequests, Fixtures.millis(roundTripNanos),
          Fixtures.millis(slowestMedianNanos), Fixtures.millis(slowestWorstNanos),
          Fixtures.millis(medianCallerNanos));
    }
  }

  static Result run(String name, Duration endpointDelay, int threads, int rounds)
      throws Exception {
    ManualClock clock = new ManualClock();
    OkHttpClient http = new OkHttpClient();
    try (MockAuthServer server = MockAuthServer.builder()
        .consent(ConsentMode.AUTO_APPROVE)
        .clock(clock)
        .tokenLifetime(TOKEN_LIFETIME)
        .build()) {
      server.start();
      DemoClient demo = server.demoClient("onna");
      try (OAuth2Client client = OAuth2Client.builder()
          .provider(Provider.onna(server.baseUrl("onna").toString()))
          .clientId(demo.clientId())
          .clientSecret(demo.clientSecret())
          .clock(clock)
          .httpClient(http)
          .build()) {
        // One round trip: the same request a renewal sends, on a warm connection.
        int probes = 21;
        long[] trips = new long[probes];
        for (int i = 0; i < probes; i++) {
          delay(server, endpointDelay, 1);
          long start = System.nanoTime();
          client.clientCredentials();
          trips[i] = System.nanoTime() - start;
        }
        long roundTrip = Fixtures.percentile(trips, 50);

        TokenSession session = client.clientCredentialsSession();
        session.accessToken();
        Herd herd = new Herd(session, threads);
        try {
          for (int i = 0; i < WARMUP_ROUNDS; i++) {
            herd.round(server, clock, endpointDelay);
          }
          int minRequests = Integer.MAX_VALUE;
          int maxRequests = 0;
          long[] slowest = new long[rounds];
          long[] medians = new long[rounds];
          for (int i = 0; i < rounds; i++) {
            Herd.Round r = herd.round(server, clock, endpointDelay);
            minRequests = Math.min(minRequests, r.tokenRequests);
            maxRequests = Math.max(maxRequests, r.tokenRequests);
            slowest[i] = Fixtures.percentile(r.latencies, 100);
            medians[i] = Fixtures.percentile(r.latencies, 50);
          }
          return new Result(name, rounds, minRequests, maxRequests, roundTrip,
              Fixtures.percentile(slowest, 50), Fixtures.percentile(slowest, 100),
              Fixtures.percentile(medians, 50));
        } finally {
          herd.stop();
        }
      }
    } finally {
      http.connectionPool().evictAll();
    }
  }

  private static void delay(MockAuthServer server, Duration delay, int times) {
    if (!delay.isZero()) {
      server.enqueueFault(Fault.delay(delay), times);
    }
  }

  /** Threads that wait at a barrier, then all call {@code session.accessToken()} once. */
  static final class Herd {
    private final TokenSession session;
    private final Thread[] threads;
    private final long[] latencies;
    private final String[] tokens;
    private final CyclicBarrier start;
    private final CyclicBarrier done;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopping;

    Herd(TokenSession session, int count) {
      this.session = session;
      this.threads = new Thread[count];
      this.latencies = new long[count];
      this.tokens = new String[count];
      this.start = new CyclicBarrier(count + 1);
      this.done = new CyclicBarrier(count + 1);
      for (int i = 0; i < count; i++) {
        int index = i;
        threads[i] = new Thread(() -> loop(index), "herd-" + i);
        threads[i].setDaemon(true);
        threads[i].start();
      }
    }

    private void loop(int index) {
      try {
        while (true) {
          start.await();
          if (stopping) {
            return;
          }
          long begin = System.nanoTime();
          try {
            tokens[index] = session.accessToken();
          } catch (IOException | RuntimeException e) {
            failure.compareAndSet(null, e);
          }
          latencies[index] = System.nanoTime() - begin;
          done.await();
        }
      } catch (InterruptedException | BrokenBarrierException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** What one herd did. */
    static final class Round {
      final int tokenRequests;
      final long[] latencies;

      Round(int tokenRequests, long[] latencies) {
        this.tokenRequests = tokenRequests;
        this.latencies = latencies;
      }
    }

    Round round(MockAuthServer server, ManualClock clock, Duration endpointDelay)
        throws Exception {
      String before = session.accessToken();
      delay(server, endpointDelay, 1);
      int requestsBefore = server.tokenRequests("onna");
      clock.advance(TOKEN_LIFETIME.plusSeconds(1)); // Every thread now finds the token expired.
      start.await();
      done.await();
      server.clearFaults();
      Throwable t = failure.get();
      if (t != null) {
        throw new IllegalStateException("a caller failed", t);
      }
      String after = tokens[0];
      for (String token : tokens) {
        if (token == null || !token.equals(after) || token.equals(before)) {
          throw new IllegalStateException("callers did not all get the one new token");
        }
      }
      return new Round(server.tokenRequests("onna") - requestsBefore, latencies.clone());
    }

    void stop() throws Exception {
      stopping = true;
      start.await();
      for (Thread thread : threads) {
        thread.join();
      }
    }
  }
}
