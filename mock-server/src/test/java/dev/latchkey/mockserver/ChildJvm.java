package dev.latchkey.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts child JVMs and reads their output on a thread of their own, so that a child that hangs
 * fails the test within a bound instead of blocking a read forever.
 */
final class ChildJvm {
  static final Duration BOUND = Duration.ofSeconds(60);
  /** The {@code java} of the JVM running the tests. */
  static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  private ChildJvm() {
  }

  /** {@return a started {@code java} with {@code args}, its stderr merged into its stdout} */
  static Process start(List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(JAVA);
    command.addAll(args);
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /**
   * Runs {@code java} with {@code args} to its end, failing unless it exits 0 within the bound.
   *
   * @return its output
   */
  static String run(List<String> args) throws Exception {
    Process process = start(args);
    String output;
    try {
      output = all(process);
      assertTrue(process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS), "timed out: " + output);
    } finally {
      process.destroyForcibly();
    }
    assertEquals(0, process.exitValue(), output);
    return output;
  }

  /** {@return the lines up to the first that starts with {@code last}, or to the end} */
  static List<String> linesUntil(Process process, String last) throws Exception {
    BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    return read(process, () -> {
      List<String> lines = new ArrayList<>();
      for (String line; (line = out.readLine()) != null; ) {
        lines.add(line);
        if (line.startsWith(last)) break;
      }
      return lines;
    });
  }

  /** {@return all the output, read until the process closes it} */
  static String all(Process process) throws Exception {
    return read(process, () ->
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  private static <T> T read(Process process, Callable<T> reader) throws Exception {
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      return thread.submit(reader).get(BOUND.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      // A blocked read does not answer interrupts; ending the process closes its stream.
      process.destroyForcibly();
      throw new AssertionError("no expected output from the child JVM within " + BOUND, e);
    } finally {
      thread.shutdownNow();
    }
  }
}
