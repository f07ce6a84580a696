package dev.latchkey.benchmarks;

import java.io.IOException;
import java.util.Locale;

/**
 * Goal 2's cross-check for a noisy machine: the same two clients as
 * {@link RequestOverheadBenchmark} ({@code bareWithStaticHeader} and {@code latchkeyAuthorized}),
 * run in alternating blocks of {@value #BLOCK} requests, so that both see the same background
 * load. Each pair of blocks gives one throughput ratio; the harness reports their median and
 * quartiles, which drift far less than two JMH runs taken a minute apart.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.RequestOverheadPaired [pairs]
 * </pre>
 */
public final class RequestOverheadPaired {
  static final int BLOCK = 500;

  private RequestOverheadPaired() {
  }

  public static void main(String[] args) throws Exception {
    int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    Result result = run(pairs, 20);
    System.out.printf(Locale.ROOT, "Request overhead, paired: %d pairs of %d-request blocks,"
        + " alternating order%n", pairs, BLOCK);
    System.out.println();
    System.out.println("| client | requests/s, median block |");
    System.out.println("|---|---|");
    System.out.printf(Locale.ROOT, "| bare OkHttpClient, header set by hand | %,.0f |%n",
        result.bareMedian);
    System.out.printf(Locale.ROOT, "| session.authorize(okHttpClient) | %,.0f |%n",
        result.latchkeyMedian);
    System.out.println();
    System.out.printf(Locale.ROOT, "throughput ratio latchkey / bare: median %.3f"
        + " (quartiles %.3f .. %.3f)%n", result.ratioMedian, result.ratioLow, result.ratioHigh);
  }

  /** The ratios' median and quartiles, and each client's median block throughput. */
  static final class Result {
    final double ratioMedian;
    final double ratioLow;
    final double ratioHigh;
    final double bareMedian;
    final double latchkeyMedian;

    Result(double ratioMedian, double ratioLow, double ratioHigh, double bareMedian,
        double latchkeyMedian) {
      this.ratioMedian = ratioMedian;
      this.ratioLow = ratioLow;
      this.ratioHigh = ratioHigh;
      this.bareMedian = bareMedian;
      this.latchkeyMedian = latchkeyMedian;
    }
  }

  static Result run(int pairs, int warmupPairs) throws IOException {
    RequestOverheadBenchmark clients = new RequestOverheadBenchmark();
    clients.setUp();
    try {
      for (int i = 0; i < warmupPairs; i++) {
        block(clients, false);
        block(clients, true);
      }
      double[] ratios = new double[pairs];
      double[] bare = new double[pairs];
      double[] latchkey = new double[pairs];
      for (int i = 0; i < pairs; i++) {
        // Alternate which goes first, so neither always follows the other's garbage.
        boolean latchkeyFirst = (i & 1) == 1;
        long first = block(clients, latchkeyFirst);
        long second = block(clients, !latchkeyFirst);
        long bareNanos = latchkeyFirst ? second : first;
        long latchkeyNanos = latchkeyFirst ? first : second;
        bare[i] = BLOCK * 1e9 / bareNanos;
        latchkey[i] = BLOCK * 1e9 / latchkeyNanos;
        ratios[i] = (double) bareNanos / latchkeyNanos;
      }
      return new Result(percentile(ratios, 50), percentile(ratios, 25), percentile(ratios, 75),
          percentile(bare, 50), percentile(latchkey, 50));
    } finally {
      clients.tearDown();
    }
  }

  private static long block(RequestOverheadBenchmark clients, boolean latchkey)
      throws IOException {
    long start = System.nanoTime();
    for (int i = 0; i < BLOCK; i++) {
      int code = latchkey ? clients.latchkeyAuthorized() : clients.bareWithStaticHeader();
      if (code != 200) {
        throw new IOException("the API answered " + code);
      }
    }
    return System.nanoTime() - start;
  }

  private static double percentile(double[] values, double p) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
