package dev.latchkey.store.redis;

import dev.latchkey.store.testing.LocalServerExtension;
import dev.latchkey.store.testing.LocalServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts one {@code redis-server} on loopback for the whole test run (a child process on a free
 * port, no persistence) and stops it when the run ends. Without redis-server installed, each test
 * is skipped, or the class fails in CI; see {@link LocalServerExtension}.
 */
final class RedisServerExtension extends LocalServerExtension<RedisServerExtension.RedisServer> {
  RedisServerExtension() {
    super("redis-server", RedisServer.class);
  }

  @Override
  protected Path find() {
    Path binary = LocalServices.findExecutable(List.of(Path.of("/usr/bin/redis-server"),
        Path.of("/usr/local/bin/redis-server")));
    return binary != null ? binary : LocalServices.onPath("redis-server");
  }

  @Override
  protected RedisServer start(Path binary) {
    return new RedisServer(binary);
  }

  /** One redis-server child process; closed by JUnit at the end of the run. */
  static final class RedisServer implements AutoCloseable {
    private final Path binary;
    private final int port;
    private final Path log;
    private Process process;

    RedisServer(Path binary) {
      this.binary = binary;
      this.port = LocalServices.freePort();
      try {
        this.log = Files.createTempFile("latchkey-redis-", ".log");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      start();
      Runtime.getRuntime().addShutdownHook(new Thread(this::close));
    }

    int port() {
      return port;
    }

    String uri() {
      return "redis://127.0.0.1:" + port;
    }

    synchronized void start() {
      if (process != null) {
        return;
      }
      try {
        process = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port),
            "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot start " + binary, e);
      }
      LocalServices.awaitListening(port, Duration.ofSeconds(15), log);
    }

    synchronized void stop() {
      if (process == null) {
        return;
      }
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }

    @Override
    public void close() {
      stop();
      try {
        Files.deleteIfExists(log);
      } catch (IOException e) {
        // A leftover log in the temp directory is harmless.
      }
    }
  }
}
