package dev.latchkey.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway redis-server or PostgreSQL cluster on a free loopback port, for the fleet
 * benchmarks, as the store modules' tests start them (docs/fleet.md#tests): PostgreSQL is
 * initdb'd into a temporary directory, as the postgres user when run as root.
 */
final class LocalServer implements AutoCloseable {
  private final String address;
  private final Process redis;
  private final Path pgData;
  private final Path pgBin;

  private LocalServer(String address, Process redis, Path pgData, Path pgBin) {
    this.address = address;
    this.redis = redis;
    this.pgData = pgData;
    this.pgBin = pgBin;
  }

  /** {@return what a FleetInstance takes: redis:URI or a JDBC URL} */
  String address() {
    return address;
  }

  static LocalServer redis() throws Exception {
    int port = freePort();
    Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    awaitListening(port);
    return new LocalServer("redis:redis://127.0.0.1:" + port, process, null, null);
  }

  static LocalServer postgres() throws Exception {
    Path bin;
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      bin = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.naturalOrder()).orElseThrow(() -> new IllegalStateException(
              "no PostgreSQL under /usr/lib/postgresql; run .ci/install-deps"));
    }
    Path dir = Files.createTempDirectory("latchkey-bench-pg-");
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) {
      run(List.of("chown", "postgres", dir.toString()));
    }
    Path data = dir.resolve("data");
    int port = freePort();
    run(asPostgres(root, bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust",
        "-U", "postgres", "-E", "UTF8", "--no-sync"));
    run(asPostgres(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
        dir.resolve("server.log").toString(), "-w", "-o", "-p " + port + " -k " + dir
            + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
            + " -c max_connections=200", "start"));
    return new LocalServer("jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres",
        null, data, bin);
  }

  @Override
  public void close() throws Exception {
    if (redis != null) {
      redis.destroy();
      redis.waitFor(10, TimeUnit.SECONDS);
    }
    if (pgData != null) {
      boolean root = "root".equals(System.getProperty("user.name"));
      run(asPostgres(root, pgBin.resolve("pg_ctl").toString(), "-D", pgData.toString(), "-m",
          "immediate", "-w", "stop"));
      try (Stream<Path> files = Files.walk(pgData.getParent())) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static List<String> asPostgres(boolean root, String... command) {
    List<String> full = new ArrayList<>();
    if (root) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(List.of(command));
    return full;
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("failed: " + String.join(" ", command));
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  static void awaitListening(int port) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(20);
      }
    }
    throw new IllegalStateException("nothing listens on port " + port);
  }
}
