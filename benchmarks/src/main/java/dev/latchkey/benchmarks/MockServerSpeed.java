package dev.latchkey.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The mock server's own speed, measured from outside over HTTP only (so the same harness runs
 * against any build of the runnable jar):
 *
 * <ul>
 *   <li>start-up: wall time from launching {@code java -jar latchkey-mock-server.jar --port P}
 *       to the first Onna client_credentials token answered 200, median of fresh JVMs;
 *   <li>throughput: Onna client_credentials tokens per second with {@code threads} client
 *       threads on kept-alive connections, after a warm-up, against one running server.
 * </ul>
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.MockServerSpeed \
 *     [mock-server-jar] [repetitions] [threads] [seconds]
 * </pre>
 */
public final class MockServerSpeed {
  private static final String FORM = "grant_type=client_credentials"
      + "&client_id=onna-demo-client&client_secret=onna-demo-secret";

  private MockServerSpeed() {
  }

  public static void main(String[] args) throws Exception {
    String jar = args.length > 0 ? args[0] : "mock-server/target/latchkey-mock-server.jar";
    int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    long[] startUps = new long[repetitions];
    for (int i = -1; i < repetitions; i++) {
      int port = 20000 + (int) (System.nanoTime() % 20000 + 20000) % 20000;
      long start = System.nanoTime();
      Process process = new ProcessBuilder(java, "-jar", jar, "--port", String.valueOf(port),
          "--consent", "auto-approve").redirectErrorStream(true).start();
      try {
        URI token = URI.create("http://127.0.0.1:" + port + "/onna/v1/oauth/token");
        while (true) {
          if (!process.isAlive()) throw new IllegalStateException("the mock server exited");
          if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(30)) {
            throw new IllegalStateException("no token within 30 s");
          }
          try {
            if (post(http, token) == 200) break;
          } catch (ConnectException e) {
            Thread.sleep(2); // polling a port that isn't bound yet
          }
        }
        if (i >= 0) startUps[i] = System.nanoTime() - start;
      } finally {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }

    Process process = new ProcessBuilder(java, "-jar", jar, "--port", "0", "--consent",
        "auto-approve").redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8));
      String line;
      String base = null;
      while ((line = out.readLine()) != null) {
        int at = line.indexOf("listening on ");
        if (at >= 0) {
          base = line.substring(at + "listening on ".length()).trim();
          break;
        }
      }
      if (base == null) throw new IllegalStateException("no banner from the mock server");
      URI token = URI.create(base + "onna/v1/oauth/token");
      run(http, token, threads, 3); // warm-up
      double perSecond = run(http, token, threads, seconds);
      System.out.printf(Locale.ROOT, "mock server %s, %s%n", jar, System.getProperty("java.version"));
      System.out.printf(Locale.ROOT, "start-up to first token: median %s (min %s, max %s) of %d%n",
          Fixtures.millis(Fixtures.percentile(startUps, 50)),
          Fixtures.millis(Fixtures.percentile(startUps, 0)),
          Fixtures.millis(Fixtures.percentile(startUps, 100)), repetitions);
      System.out.printf(Locale.ROOT, "token endpoint: %.0f tokens/s with %d client threads over"
          + " %d s%n", perSecond, threads, seconds);
    } finally {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static int post(HttpClient http, URI token) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(token)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(FORM)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private static double run(HttpClient http, URI token, int threads, int seconds)
      throws InterruptedException {
    LongAdder ok = new LongAdder();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicBoolean failed = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(threads);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        try {
          while (!stop.get()) {
            if (post(http, token) != 200) failed.set(true);
            ok.increment();
          }
        } catch (IOException | InterruptedException e) {
          failed.set(true);
        } finally {
          done.countDown();
        }
      });
      workers.add(worker);
    }
    long start = System.nanoTime();
    workers.forEach(Thread::start);
    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds)); // the measuring window itself
    stop.set(true);
    long elapsed = System.nanoTime() - start;
    if (!done.await(30, TimeUnit.SECONDS) || failed.get()) {
      throw new IllegalStateException("a token request failed or hung");
    }
    return ok.sum() / (elapsed / 1e9);
  }
}
