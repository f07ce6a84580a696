package dev.latchkey.benchmarks;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenSession;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.management.ObjectName;

/**
 * Goal 5, memory: the heap retained per user token session, with {@code count} (100,000 by
 * default) sessions, each holding a saved token in the in-memory store and loaded (as after its
 * first request).
 *
 * <p>Counted, per session: the {@link TokenSession} object and what it alone references (its
 * key, its in-flight slot, its cached state with the precomputed {@code Bearer} header), the
 * {@link Token} (access and refresh token strings of 43 characters, issue and expiry instants,
 * scope set, extras map) and the in-memory store's map entry (and its share of the map's table).
 * Not counted: the shared {@link OAuth2Client}, and the array that holds the sessions (allocated
 * before the first measurement; 4 bytes a session with compressed references), since an app holds
 * its sessions in a structure of its own.
 *
 * <p>Measured twice: heap used after {@code System.gc()} from {@link MemoryMXBean}, before and
 * after, divided by {@code count}; and a class histogram of live objects (the JDK's
 * {@code GC.class_histogram}) before and after, which names what the bytes are.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.SessionFootprint [count]
 * </pre>
 */
public final class SessionFootprint {
  private SessionFootprint() {
  }

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Result result = measure(count);
    System.out.printf(Locale.ROOT, "Session footprint: %d sessions with a saved, loaded token%n",
        count);
    System.out.printf(Locale.ROOT, "MemoryMXBean heap used after System.gc(): %.1f bytes per"
        + " session%n", result.mxBeanBytesPerSession);
    System.out.printf(Locale.ROOT, "class histogram of live objects: %.1f bytes per session%n",
        result.histogramBytesPerSession);
    System.out.println();
    System.out.println("| class | instances per session | bytes per session |");
    System.out.println("|---|---|---|");
    for (String row : result.breakdown) {
      System.out.println(row);
    }
  }

  /** What one measurement found. */
  static final class Result {
    final double mxBeanBytesPerSession;
    final double histogramBytesPerSession;
    final List<String> breakdown;

    Result(double mxBeanBytesPerSession, double histogramBytesPerSession, List<String> breakdown) {
      this.mxBeanBytesPerSession = mxBeanBytesPerSession;
      this.histogramBytesPerSession = histogramBytesPerSession;
      this.breakdown = breakdown;
    }
  }

  static Result measure(int count) throws Exception {
    OAuth2Client client = OAuth2Client.builder()
        .provider(Provider.standard(null, "http://127.0.0.1:9/token"))
        .clientId("bench-client")
        .clientSecret("bench-secret")
        .build();
    TokenSession[] sessions = new TokenSession[count];
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    Instant now = Instant.now();
    Map<String, long[]> histogramBefore = histogram();
    long before = usedAfterGc(memory);

    for (int i = 0; i < count; i++) {
      TokenSession session = client.session("user-" + i);
      Instant issued = now.plusMillis(i); // Distinct instants, as tokens issued over time are.
      session.save(Token.builder()
          .accessToken(Fixtures.randomToken())
          .refreshToken(Fixtures.randomToken())
          .issuedAt(issued)
          .expiresAt(issued.plus(Duration.ofHours(1)))
          .build());
      session.accessToken();
      sessions[i] = session;
    }

    long after = usedAfterGc(memory);
    Map<String, long[]> histogramAfter = histogram();
    double mxBean = (after - before) / (double) count;

    long total = 0;
    List<Map.Entry<String, long[]>> grown = new ArrayList<>();
    for (Map.Entry<String, long[]> e : histogramAfter.entrySet()) {
      long[] was = histogramBefore.getOrDefault(e.getKey(), new long[2]);
      long[] delta = {e.getValue()[0] - was[0], e.getValue()[1] - was[1]};
      total += delta[1];
      if (delta[1] >= count / 10) { // At least 0.1 byte per session.
        grown.add(Map.entry(e.getKey(), delta));
      }
    }
    grown.sort(Collections.reverseOrder(Map.Entry.comparingByValue(
        (a, b) -> Long.compare(a[1], b[1]))));
    List<String> rows = new ArrayList<>();
    for (Map.Entry<String, long[]> e : grown) {
      rows.add(String.format(Locale.ROOT, "| %s | %.2f | %.1f |", e.getKey(),
          e.getValue()[0] / (double) count, e.getValue()[1] / (double) count));
    }
    double histogramPerSession = total / (double) count;
    if (sessions[count - 1].accessToken() == null) { // Keeps the sessions reachable until here.
      throw new IllegalStateException("session lost its token");
    }
    client.close();
    return new Result(mxBean, histogramPerSession, rows);
  }

  private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /** Returns live instances and bytes by class name, from a full-GC class histogram. */
  private static Map<String, long[]> histogram() throws Exception {
    String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
        new Object[] {new String[0]}, new String[] {String[].class.getName()});
    Map<String, long[]> counts = new HashMap<>();
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("\\s+");
      // "  1:   12345   678900  java.lang.String (java.base@17)"
      if (f.length >= 4 && f[0].endsWith(":")) {
        counts.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
      }
    }
    return counts;
  }
}
