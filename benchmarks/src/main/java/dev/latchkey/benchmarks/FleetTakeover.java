package dev.latchkey.benchmarks;

import dev.latchkey.mockserver.ConsentMode;
import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.Fault;
import dev.latchkey.mockserver.MockAuthServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Issue 19, a fleet of app instances in child JVMs ({@link FleetInstance}) sharing a Redis or
 * PostgreSQL token store, against the mock server:
 *
 * <ul>
 *   <li>at each expiry, every instance asks for its token at once; a follower's extra latency is
 *       when it had the token minus when the instance that renewed had it, or minus when the
 *       follower asked if that was later (p50, p99, over every follower of every expiry after
 *       the unmeasured warm-up ones), and of it the time from a follower's wake-up by a
 *       notification to its having the token (its read of the store), with the token requests
 *       and store calls per expiry;
 *   <li>takeover: an instance renewing (its token request held back by the server) is killed
 *       with SIGKILL while another waits; the time from the kill until the other has a token.
 * </ul>
 *
 * <p>Each runs "before" (a 30 s lease and polling, as the store protocol was before issue 19)
 * and "after" (the 2 s lease kept alive, notifications). Starts {@code redis-server} and a
 * PostgreSQL cluster (initdb into a temp directory) on free loopback ports.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.FleetTakeover \
 *     [--expiries 20] [--warmup 100] [--kills 5] [--stores redis,postgres] [--modes before,after]
 *     [--sizes 1,4,16]
 * </pre>
 */
public final class FleetTakeover {
  private FleetTakeover() {
  }

  public static void main(String[] args) throws Exception {
    int expiries = 20;
    int warmup = 100;
    int kills = 5;
    List<String> stores = List.of("redis", "postgres");
    List<String> modes = List.of("before", "after");
    int[] sizes = {1, 4, 16};
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--expiries" -> expiries = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--kills" -> kills = Integer.parseInt(args[++i]);
        case "--stores" -> stores = List.of(args[++i].split(","));
        case "--modes" -> modes = List.of(args[++i].split(","));
        case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt)
            .toArray();
        default -> throw new IllegalArgumentException("Unknown option " + args[i]
            + "; use [--expiries N] [--warmup N] [--kills N] [--stores redis,postgres]"
            + " [--modes before,after] [--sizes 1,4,16]");
      }
    }
    List<String> herdRows = new ArrayList<>();
    List<String> killRows = new ArrayList<>();
    for (String kind : stores) {
      try (LocalServer server = kind.equals("redis") ? LocalServer.redis()
          : LocalServer.postgres()) {
        for (String mode : modes) {
          for (int n : sizes) {
            herdRows.add(herd(kind, server.address(), mode, n, warmup, expiries));
          }
          if (kills > 0) {
            killRows.add(takeover(kind, server.address(), mode, kills));
          }
        }
      }
    }
    System.out.println();
    System.out.println("| store | protocol | instances | followers' extra latency p50 / p99 |"
        + " of which from wake-up to token p50 / p99 | token requests per expiry (min..max) |"
        + " store calls per expiry | failed calls |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    herdRows.forEach(System.out::println);
    System.out.println();
    System.out.println("| store | protocol | takeover after SIGKILL, median | max |"
        + " survivor's requests per kill: refresh_token + client_credentials |");
    System.out.println("|---|---|---|---|---|");
    killRows.forEach(System.out::println);
  }

  private static String herd(String kind, String store, String mode, int n, int warmup,
      int expiries) throws Exception {
    try (MockAuthServer mock = mock(); Fleet fleet = new Fleet(mock, store, mode, n)) {
      fleet.all("get"); // Cold start.
      for (int w = 0; w < warmup; w++) {
        // Unmeasured: each JVM's code paths are compiled, as in an app that has been running.
        fleet.all("expire");
        fleet.all("get");
      }
      List<Long> extra = new ArrayList<>();
      List<Long> afterWake = new ArrayList<>();
      int minRequests = Integer.MAX_VALUE;
      int maxRequests = 0;
      long calls = 0;
      int failures = 0;
      for (int e = 0; e < expiries; e++) {
        fleet.all("expire");
        int before = mock.tokenRequests("orgapi");
        long callsBefore = fleet.storeCalls();
        String[][] got = fleet.all("get");
        int requests = mock.tokenRequests("orgapi") - before;
        minRequests = Math.min(minRequests, requests);
        maxRequests = Math.max(maxRequests, requests);
        calls += fleet.storeCalls() - callsBefore;
        long leaderAt = -1;
        for (String[] reply : got) {
          if (reply[2].equals("1")) {
            leaderAt = Long.parseLong(reply[1]);
          }
        }
        for (String[] reply : got) {
          if (!reply[2].equals("1") && leaderAt >= 0) {
            // From when the token was there for this follower: when the leader had it, or when
            // this follower asked, if later (then it waited for nobody, only read the store).
            long availableAt = Math.max(leaderAt, Long.parseLong(reply[5]));
            extra.add(Math.max(0, Long.parseLong(reply[1]) - availableAt));
            long wokenAt = Long.parseLong(reply[6]);
            if (wokenAt != 0) {
              afterWake.add(Math.max(0, Long.parseLong(reply[1]) - wokenAt));
            }
          }
        }
        failures = fleet.failures();
      }
      return String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %d..%d | %.1f | %d |", kind,
          mode, n, percentiles(extra), percentiles(afterWake), minRequests, maxRequests,
          (double) calls / expiries, failures);
    }
  }

  /** "p50 / p99", or "-" for no values. */
  private static String percentiles(List<Long> values) {
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    return sorted.length == 0 ? "-" : Fixtures.millis(Fixtures.percentile(sorted, 50)) + " / "
        + Fixtures.millis(Fixtures.percentile(sorted, 99));
  }

  private static String takeover(String kind, String store, String mode, int kills)
      throws Exception {
    long[] takeovers = new long[kills];
    int refreshes = 0;
    int grants = 0;
    for (int k = 0; k < kills; k++) {
      try (MockAuthServer mock = mock(); Fleet fleet = new Fleet(mock, store, mode, 2)) {
        fleet.all("get");
        fleet.all("expire");
        int before = mock.tokenRequests("orgapi");
        mock.enqueueFault(Fault.delay(Duration.ofMinutes(5)), 1);
        fleet.send(0, "get");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (mock.tokenRequests("orgapi") == before && System.nanoTime() < deadline) {
          Thread.sleep(1);
        }
        fleet.send(1, "get"); // Waits for the holder's lease.
        Thread.sleep(200 + 150L * k); // Kills at varied points of the holder's lease.
        fleet.kill(0);
        long killedAt = System.nanoTime();
        int refreshesAtKill = mock.tokenRequests("orgapi", "refresh_token");
        int grantsAtKill = mock.tokenRequests("orgapi", "client_credentials");
        String[] got = fleet.receive(1);
        takeovers[k] = Long.parseLong(got[1]) - killedAt;
        refreshes += mock.tokenRequests("orgapi", "refresh_token") - refreshesAtKill;
        grants += mock.tokenRequests("orgapi", "client_credentials") - grantsAtKill;
      }
    }
    long[] sorted = takeovers.clone();
    Arrays.sort(sorted);
    return String.format(Locale.ROOT, "| %s | %s | %s | %s | %.1f + %.1f |", kind, mode,
        Fixtures.millis(Fixtures.percentile(sorted, 50)),
        Fixtures.millis(sorted[sorted.length - 1]), (double) refreshes / kills,
        (double) grants / kills);
  }

  private static MockAuthServer mock() throws IOException {
    MockAuthServer mock = MockAuthServer.builder().consent(ConsentMode.AUTO_APPROVE)
        .tokenLifetime(Duration.ofMinutes(30)).build();
    mock.start();
    return mock;
  }

  /** N instances, each a child JVM, and the pipes to talk to them. */
  private static final class Fleet implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final List<PrintStream> ins = new ArrayList<>();
    private final List<BufferedReader> outs = new ArrayList<>();
    private final Path secret;
    /** The latest answers to {@code get}: each instance's running totals. */
    private String[][] last = new String[0][];

    Fleet(MockAuthServer mock, String store, String mode, int n) throws IOException {
      DemoClient demo = mock.demoClient("orgapi");
      secret = Files.createTempFile("fleet-secret", ".txt");
      Files.writeString(secret, demo.clientSecret());
      String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      String lease = mode.equals("before") ? "30000" : "2000";
      String watch = mode.equals("before") ? "poll" : "notify";
      String namespace = "fleet_" + UUID.randomUUID().toString().replace("-", "");
      for (int i = 0; i < n; i++) {
        Process process = new ProcessBuilder(javaBinary, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-cp", System.getProperty("java.class.path"), FleetInstance.class.getName(), store,
            mock.baseUrl("orgapi").toString(), demo.clientId(), secret.toString(), lease, watch, namespace)
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(process);
        ins.add(new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8));
        outs.add(new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8)));
      }
    }

    /** Sends {@code command} to every instance at once, then reads every answer. */
    String[][] all(String command) throws IOException {
      for (PrintStream in : ins) {
        in.println(command);
      }
      String[][] replies = new String[ins.size()][];
      for (int i = 0; i < ins.size(); i++) {
        replies[i] = receive(i);
      }
      if (command.equals("get")) {
        last = replies;
      }
      return replies;
    }

    void send(int i, String command) {
      ins.get(i).println(command);
    }

    String[] receive(int i) throws IOException {
      String line = outs.get(i).readLine();
      if (line == null) {
        throw new IOException("instance " + i + " ended");
      }
      return line.split(" ");
    }

    long storeCalls() {
      return Arrays.stream(last).mapToLong(r -> r == null ? 0 : Long.parseLong(r[3])).sum();
    }

    int failures() {
      return Arrays.stream(last).mapToInt(r -> r == null ? 0 : Integer.parseInt(r[4])).sum();
    }

    void kill(int i) throws InterruptedException {
      processes.get(i).destroyForcibly(); // SIGKILL on Linux.
      processes.get(i).waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
      for (Process process : processes) {
        process.destroyForcibly();
      }
      Files.deleteIfExists(secret);
    }
  }
}
