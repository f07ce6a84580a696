package dev.latchkey.mockserver;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a child JVM's output on a thread of its own, so that a child that hangs fails the test
 * within a bound instead of blocking a read forever.
 */
final class ProcessOutput {
  static final Duration BOUND = Duration.ofSeconds(60);

  private ProcessOutput() {
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
