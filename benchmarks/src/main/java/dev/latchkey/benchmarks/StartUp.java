package dev.latchkey.benchmarks;

import dev.latchkey.mockserver.ConsentMode;
import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.MockAuthServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Goal 6, start-up: wall time of fresh JVMs, each launched as a child process with the JVM that
 * runs this harness, repeated and reduced to the median (the first launch of each is a discarded
 * warm-up, so the OS file cache is warm for every counted one).
 *
 * <ul>
 *   <li>{@code java -jar sample-cli/target/latchkey-cli.jar demo}: every flow of every provider
 *       against the CLI's embedded mock server;
 *   <li>{@link FirstToken}: build a client against a mock server this harness already runs, get
 *       one client_credentials token, exit. Reported both as the child's wall time and as the
 *       time from JVM start to having the token, as the child measures it.
 * </ul>
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.StartUp [repetitions] [cli-jar]
 * </pre>
 */
public final class StartUp {
  private static final Pattern FIRST_TOKEN = Pattern.compile("first token (\\d+) ms");

  private StartUp() {
  }

  public static void main(String[] args) throws Exception {
    int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    Path cliJar = Paths.get(args.length > 1 ? args[1] : "sample-cli/target/latchkey-cli.jar");
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    System.out.printf(Locale.ROOT, "Start-up: %s, median of %d runs (after 1 warm-up run)%n",
        java, repetitions);
    List<String> rows = new ArrayList<>();

    if (Files.isRegularFile(cliJar)) {
      long[] walls = new long[repetitions];
      for (int i = -1; i < repetitions; i++) {
        Run run = launch(List.of(java, "-jar", cliJar.toString(), "demo"));
        if (run.exitCode != 0) {
          throw new IllegalStateException("the demo exited with " + run.exitCode + ":\n"
              + run.output);
        }
        if (i >= 0) {
          walls[i] = run.wallNanos;
        }
      }
      rows.add(String.format(Locale.ROOT, "| `java -jar %s demo` | %s | %s .. %s | |", cliJar,
          Fixtures.millis(Fixtures.percentile(walls, 50)),
          Fixtures.millis(Fixtures.percentile(walls, 0)),
          Fixtures.millis(Fixtures.percentile(walls, 100))));
    } else {
      System.out.println("skipped the CLI demo: no " + cliJar.toAbsolutePath()
          + " (build it with mvn -B -q -DskipTests package)");
    }

    try (MockAuthServer server = MockAuthServer.builder()
        .consent(ConsentMode.AUTO_APPROVE)
        .build()) {
      server.start();
      DemoClient demo = server.demoClient("onna");
      long[] walls = new long[repetitions];
      long[] inJvm = new long[repetitions];
      for (int i = -1; i < repetitions; i++) {
        Run run = launch(List.of(java, "-cp", System.getProperty("java.class.path"),
            FirstToken.class.getName(), server.baseUrl("onna").toString(), demo.clientId(),
            demo.clientSecret()));
        Matcher m = FIRST_TOKEN.matcher(run.output);
        if (run.exitCode != 0 || !m.find()) {
          throw new IllegalStateException("FirstToken exited with " + run.exitCode + ":\n"
              + run.output);
        }
        if (i >= 0) {
          walls[i] = run.wallNanos;
          inJvm[i] = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(m.group(1)));
        }
      }
      rows.add(String.format(Locale.ROOT, "| first client_credentials token (`FirstToken`) | %s"
          + " | %s .. %s | %s |", Fixtures.millis(Fixtures.percentile(walls, 50)),
          Fixtures.millis(Fixtures.percentile(walls, 0)),
          Fixtures.millis(Fixtures.percentile(walls, 100)),
          Fixtures.millis(Fixtures.percentile(inJvm, 50))));
    }

    System.out.println();
    System.out.println("| what | wall time, median | min .. max | JVM start to token, median |");
    System.out.println("|---|---|---|---|");
    rows.forEach(System.out::println);
  }

  /** One child JVM's exit code, output and wall time. */
  static final class Run {
    final int exitCode;
    final String output;
    final long wallNanos;

    Run(int exitCode, String output, long wallNanos) {
      this.exitCode = exitCode;
      this.output = output;
      this.wallNanos = wallNanos;
    }
  }

  static Run launch(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    long start = System.nanoTime();
    Process process = builder.start();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (InputStream in = process.getInputStream()) {
      in.transferTo(output);
    }
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("timed out: " + command);
    }
    long wall = System.nanoTime() - start;
    return new Run(process.exitValue(), output.toString(StandardCharsets.UTF_8), wall);
  }
}
