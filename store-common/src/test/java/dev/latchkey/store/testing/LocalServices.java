package dev.latchkey.store.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the real servers the store tests run against (redis-server, PostgreSQL) on loopback, and
 * decides what happens when they are not installed: skip on a developer's machine, fail in CI.
 */
public final class LocalServices {
  /** Set to true to skip the tests that need a local Redis or PostgreSQL. */
  public static final String SKIP_PROPERTY = "latchkey.skipFleetTests";
  /** Set to true to fail, rather than skip, when a server binary is missing. */
  public static final String REQUIRE_PROPERTY = "latchkey.requireServices";

  private LocalServices() {
  }

  /**
   * Returns why the tests that need {@code what} must be skipped: {@value #SKIP_PROPERTY} is set,
   * or {@code binary} is null (not installed); or null when they can run. A missing binary fails
   * instead in CI ({@code CI=true}) or with {@value #REQUIRE_PROPERTY}.
   */
  public static String skipReason(Path binary, String what) {
    if (Boolean.getBoolean(SKIP_PROPERTY)) {
      return what + " tests skipped: -D" + SKIP_PROPERTY + "=true";
    }
    if (binary != null) {
      return null;
    }
    String message = what + " is not installed, and the store tests run against a real server;"
        + " run .ci/install-deps (as root: it apt-installs redis-server and postgresql), or skip"
        + " these tests with -D" + SKIP_PROPERTY + "=true";
    if ("true".equals(System.getenv("CI")) || Boolean.getBoolean(REQUIRE_PROPERTY)) {
      fail(message);
    }
    return message;
  }

  /** Returns the first of {@code candidates} that is an executable file, or null. */
  public static Path findExecutable(List<Path> candidates) {
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** Returns {@code name} from the PATH, or null. */
  public static Path onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** Returns a loopback port nobody listens on right now. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns true if the tests run as root (CI does), where PostgreSQL must run as another user. */
  public static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /**
   * Runs {@code command} to completion with its output in {@code log}; fails with the log's tail
   * if it exits non-zero.
   */
  public static void run(List<String> command, Path log, Duration timeout) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("Timed out after " + timeout + ": " + command
            + "\n" + tail(log));
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("Exit " + process.exitValue() + ": " + command
            + "\n" + tail(log));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits until something accepts connections on loopback {@code port}. */
  public static void awaitListening(int port, Duration timeout, Path log) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException e) {
        if (System.nanoTime() - deadline >= 0) {
          throw new IllegalStateException("Nothing listens on port " + port + " after " + timeout
              + "\n" + tail(log));
        }
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Returns the last lines of a log, for a failure message. */
  public static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log at " + log + ")";
    }
  }

  /** Deletes a directory tree, best effort. */
  public static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // A leftover temp directory is not worth failing a test run for.
    }
  }
}
