package dev.latchkey.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.store.testing.LocalServerExtension;
import dev.latchkey.store.testing.LocalServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Starts one throwaway PostgreSQL cluster on loopback for the whole test run ({@code initdb} into
 * a temp directory, trust auth, {@code pg_ctl start} on a free port) and stops and deletes it when
 * the run ends. initdb refuses to run as root, so as root (CI) the commands run as the
 * {@code postgres} user via {@code runuser}. Without PostgreSQL installed, each test is skipped,
 * or the class fails in CI; see {@link LocalServerExtension}.
 */
final class PostgresServerExtension
    extends LocalServerExtension<PostgresServerExtension.PostgresServer> {
  PostgresServerExtension() {
    super("PostgreSQL (initdb, pg_ctl)", PostgresServer.class);
  }

  @Override
  protected Path find() {
    return binDirectory();
  }

  @Override
  protected PostgresServer start(Path bin) {
    return new PostgresServer(bin);
  }

  /** Debian keeps the server binaries in /usr/lib/postgresql/VERSION/bin: take the newest. */
  private static Path binDirectory() {
    List<Path> candidates = new ArrayList<>();
    Path lib = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(lib)) {
      try (DirectoryStream<Path> versions = Files.newDirectoryStream(lib)) {
        for (Path version : versions) {
          candidates.add(version.resolve("bin"));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    candidates.sort(Comparator.comparing((Path p) -> versionOf(p)).reversed());
    Path initdb = LocalServices.onPath("initdb");
    if (initdb != null) {
      candidates.add(initdb.getParent());
    }
    for (Path candidate : candidates) {
      if (Files.isExecutable(candidate.resolve("initdb"))
          && Files.isExecutable(candidate.resolve("pg_ctl"))) {
        return candidate;
      }
    }
    return null;
  }

  private static int versionOf(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** One PostgreSQL cluster; closed by JUnit at the end of the run. */
  static final class PostgresServer implements AutoCloseable {
    private final Path bin;
    private final Path dir;
    private final Path data;
    private final Path log;
    private final int port;
    private boolean running;

    PostgresServer(Path bin) {
      this.bin = bin;
      this.port = LocalServices.freePort();
      try {
        dir = Files.createTempDirectory("latchkey-pg-");
        data = dir.resolve("data");
        log = dir.resolve("server.log");
        if (LocalServices.isRoot()) {
          // initdb refuses root: the cluster belongs to the postgres user, in its own directory.
          UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService()
              .lookupPrincipalByName("postgres");
          Files.setOwner(dir, postgres);
          Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot prepare a PostgreSQL data directory (as root, the"
            + " postgres user must exist: install the postgresql package)", e);
      }
      Path initLog = dir.resolve("initdb.log");
      LocalServices.run(command(bin.resolve("initdb").toString(), "-D", data.toString(),
          "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"), initLog,
          Duration.ofSeconds(120));
      start();
      Runtime.getRuntime().addShutdownHook(new Thread(this::close));
    }

    int port() {
      return port;
    }

    String jdbcUrl() {
      return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres"
          + "&connectTimeout=2&socketTimeout=10";
    }

    /** Returns a small pool that gives up quickly, as a fleet's pools should. */
    HikariDataSource newPool(int size) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(jdbcUrl());
      config.setMaximumPoolSize(size);
      config.setMinimumIdle(0);
      config.setConnectionTimeout(1000);
      config.setInitializationFailTimeout(-1); // The pool may start while the database is down.
      return new HikariDataSource(config);
    }

    synchronized void start() {
      if (running) {
        return;
      }
      LocalServices.run(command(bin.resolve("pg_ctl").toString(), "-D", data.toString(),
          "-l", log.toString(), "-w", "-t", "60", "-o",
          "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
              + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
          "start"), dir.resolve("pg_ctl.log"), Duration.ofSeconds(90));
      running = true;
    }

    synchronized void stop() {
      if (!running) {
        return;
      }
      LocalServices.run(command(bin.resolve("pg_ctl").toString(), "-D", data.toString(),
          "-m", "fast", "-w", "stop"), dir.resolve("pg_ctl.log"), Duration.ofSeconds(60));
      running = false;
    }

    @Override
    public synchronized void close() {
      try {
        stop();
      } finally {
        LocalServices.deleteTree(dir);
      }
    }

    private static List<String> command(String... args) {
      List<String> command = new ArrayList<>();
      if (LocalServices.isRoot()) {
        command.addAll(List.of("runuser", "-u", "postgres", "--"));
      }
      command.addAll(List.of(args));
      return command;
    }
  }
}
