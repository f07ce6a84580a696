package dev.latchkey.benchmarks;

import dev.latchkey.mockserver.ConsentMode;
import dev.latchkey.mockserver.Fault;
import dev.latchkey.mockserver.MockAuthServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
 * and "after" (the 2 s lease kept alive, notifications). With {@code --fleet threads} the
 * instances of the first part run in this JVM instead (see {@link Fleet}). Starts
 * {@code redis-server} and a PostgreSQL cluster (initdb into a temp directory) on free loopback
 * ports.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.FleetTakeover \
 *     [--expiries 20] [--warmup 1000] [--kills 5] [--stores redis,postgres] [--modes before,after]
 *     [--sizes 1,4,16] [--fleet jvms|threads]
 * </pre>
 */
public final class FleetTakeover {
  private FleetTakeover() {
  }

  public static void main(String[] args) throws Exception {
    int expiries = 20;
    int warmup = 1000;
    int kills = 5;
    List<String> stores = List.of("redis", "postgres");
    List<String> modes = List.of("before", "after");
    int[] sizes = {1, 4, 16};
    boolean threads = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--expiries" -> expiries = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--kills" -> kills = Integer.parseInt(args[++i]);
        case "--stores" -> stores = List.of(args[++i].split(","));
        case "--modes" -> modes = List.of(args[++i].split(","));
        case "--fleet" -> threads = switch (args[++i]) {
          case "jvms" -> false;
          case "threads" -> true;
          default -> throw new IllegalArgumentException("--fleet is jvms or threads");
        };
        case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt)
            .toArray();
        default -> throw new IllegalArgumentException("Unknown option " + args[i]
            + "; use [--expiries N] [--warmup N] [--kills N] [--stores redis,postgres]"
            + " [--modes before,after] [--sizes 1,4,16] [--fleet jvms|threads]");
      }
    }
    List<String> herdRows = new ArrayList<>();
    List<String> killRows = new ArrayList<>();
    for (String kind : stores) {
      try (LocalServer server = kind.equals("redis") ? LocalServer.redis()
          : LocalServer.postgres()) {
        for (String mode : modes) {
          for (int n : sizes) {
            herdRows.add(herd(kind, server.address(), mode, n, threads, warmup, expiries));
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
        + " store calls per expiry | CPU per expiry, whole machine | failed calls |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    herdRows.forEach(System.out::println);
    System.out.println();
    System.out.println("| store | protocol | takeover after SIGKILL, median | max |"
        + " survivor's requests per kill: refresh_token + client_credentials |");
    System.out.println("|---|---|---|---|---|");
    killRows.forEach(System.out::println);
  }

  static String herd(String kind, String store, String mode, int n, boolean threads,
      int warmup, int expiries) throws Exception {
    try (MockAuthServer mock = mock();
        Fleet fleet = threads ? Fleet.ofThreads(mock, store, mode, n)
            : Fleet.ofJvms(mock, store, mode, n)) {
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
      long busyBefore = busyCpuMillis();
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
      long busy = busyCpuMillis() - busyBefore;
      return String.format(Locale.ROOT, "| %s | %s | %d %s | %s | %s | %d..%d | %.1f | %s | %d |",
          kind, mode, n, threads ? "in one JVM" : n == 1 ? "JVM" : "JVMs", percentiles(extra),
          percentiles(afterWake), minRequests, maxRequests, (double) calls / expiries,
          busyBefore < 0 ? "-" : String.format(Locale.ROOT, "%.1f ms", (double) busy / expiries),
          failures);
    }
  }

  /**
   * CPU time the whole machine has spent busy (every core, every process: user, system, IRQ),
   * from /proc/stat, in ms; -1 where there is none.
   */
  private static long busyCpuMillis() {
    try {
      String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i : new int[] {1, 2, 3, 6, 7, 8}) { // user nice system irq softirq steal
        busy += Long.parseLong(cpu[i]);
      }
      return busy * 10; // USER_HZ is 100 on Linux.
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** "p50 / p99", or "-" for no values. */
  private static String percentiles(List<Long> values) {
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    return sorted.length == 0 ? "-" : Fixtures.millis(Fixtures.percentile(sorted, 50)) + " / "
        + Fixtures.millis(Fixtures.percentile(sorted, 99));
  }

  static String takeover(String kind, String store, String mode, int kills)
      throws Exception {
    long[] takeovers = new long[kills];
    int refreshes = 0;
    int grants = 0;
    for (int k = 0; k < kills; k++) {
      try (MockAuthServer mock = mock(); Fleet.Jvms fleet = Fleet.ofJvms(mock, store, mode, 2)) {
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
}
