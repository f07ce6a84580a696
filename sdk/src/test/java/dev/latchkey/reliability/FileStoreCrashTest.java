package dev.latchkey.reliability;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.squareup.moshi.JsonReader;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenSession;
import dev.latchkey.TokenStore;
import dev.latchkey.mockserver.DemoClients;
import dev.latchkey.mockserver.MockAuthServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of {@code TokenStore.file}: child JVMs are killed with SIGKILL
 * ({@link Process#destroyForcibly()}) while they save, and two child JVMs renew one user's
 * token through the same file at once against the mock server, with refresh-token rotation on.
 * The number of kills is {@code -Dlatchkey.crashKills} (20 by default).
 */
final class FileStoreCrashTest {
  private static final int KILLS = Integer.getInteger("latchkey.crashKills", 20);
  /** How long the two processes share the file; {@code -Dlatchkey.sharedFileSeconds}. */
  private static final int SHARED_SECONDS = Integer.getInteger("latchkey.sharedFileSeconds", 6);
  private static final long CHILD_TIMEOUT_SECONDS = 30 + SHARED_SECONDS;

  @RegisterExtension
  final LeakGuard leaks = new LeakGuard();

  @TempDir
  Path dir;

  @Test
  @Timeout(300)
  void killedWhileSavingTheFileAlwaysHoldsAWholeToken() throws Exception {
    Path path = dir.resolve("store").resolve("tokens.json");
    Files.createDirectories(dir.resolve("acks"));
    long seed = System.nanoTime();
    Random random = new Random(seed);
    TokenStore.file(path).save("user", SavingLoop.token(0));
    int next = 1;
    int killedMidLoop = 0;
    List<String> history = new ArrayList<>();
    for (int kill = 1; kill <= KILLS; kill++) {
      Path acks = dir.resolve("acks").resolve(Integer.toString(kill));
      Child child = Child.start(SavingLoop.class, path.toString(), Integer.toString(next),
          acks.toString());
      try {
        child.expect("ready");
        // A random moment, not a synchronization: the child saves as fast as it can meanwhile.
        Thread.sleep(20 + random.nextInt(150));
        child.kill();
      } finally {
        child.destroy();
      }
      int acknowledged = lastNumber(acks);
      Token saved = TokenStore.file(path).load("user");
      assertNotNull(saved, "kill " + kill + ": the file has the user's token (seed " + seed + ")");
      assertTrue(parsesAsOneJsonObject(Files.readAllBytes(path)), "kill " + kill);
      int n = Integer.parseInt(saved.accessToken().substring("at-".length()));
      assertEquals("rt-" + n, saved.refreshToken(), "kill " + kill + ": one save, not a mix");
      assertEquals("extra-" + n, saved.extras().get("n"), "kill " + kill);
      // The save the child reported last, or the one in flight when it died: never older.
      assertTrue(acknowledged < 0 ? n >= next - 1 : n == acknowledged || n == acknowledged + 1,
          "kill " + kill + ": the file holds save " + n + " after save " + acknowledged
              + " was acknowledged (seed " + seed + ")");
      if (acknowledged > next) {
        killedMidLoop++;
      }
      history.add(n - next + 1 + " saves");
      next = n + 1;
    }
    List<String> leftBehind = leftovers(path);
    TokenStore.file(path).save("user", SavingLoop.token(next)); // The first save after a crash.
    System.out.println("crash loop: " + KILLS + " kills, " + killedMidLoop + " mid-loop, " + next
        + " saves in all; " + leftBehind.size() + " temporary files left by the last kill,"
        + " cleaned by the next save; per kill " + history);
    assertTrue(killedMidLoop >= KILLS / 2, "most kills land while the child saves: " + history);
    assertEquals(List.of(), leftovers(path), "no temporary file is left behind once a save"
        + " succeeds after a crash");
  }

  @Test
  @Timeout(600) // Bounded even when -Dlatchkey.sharedFileSeconds stretches the run.
  void twoProcessesRenewingAtOnceNeverLoseTheRotatedRefreshToken() throws Exception {
    try (MockAuthServer mock = MockAuthServer.builder()
        .tokenLifetime(Duration.ofSeconds(1))
        .rotateRefreshTokens(true)
        .build()) {
      mock.start();
      Path path = dir.resolve("shared").resolve("tokens.json");
      OAuth2Client client = Reliability.client(mock, "standard", leaks)
          .tokenStore(TokenStore.file(path))
          .build();
      TokenSession session = client.session("shared-user");
      session.save(Reliability.signIn(client, mock, leaks));
      int refreshesBefore = mock.tokenRequests("standard", "refresh_token");

      String seconds = Integer.toString(SHARED_SECONDS);
      Child first = Child.start(RenewingSession.class, mock.baseUrl("standard").toString(),
          path.toString(), seconds);
      Child second = Child.start(RenewingSession.class, mock.baseUrl("standard").toString(),
          path.toString(), seconds);
      String firstReport;
      String secondReport;
      try {
        first.expect("ready");
        second.expect("ready");
        first.send("go");
        second.send("go");
        firstReport = first.finish();
        secondReport = second.finish();
      } finally {
        first.destroy();
        second.destroy();
      }
      // The children's own logs, at the finest level, are scanned like this JVM's.
      Reliability.registerVerifiers(mock, leaks);
      leaks.scan(String.join("\n", first.output()));
      leaks.scan(String.join("\n", second.output()));
      assertTrue(first.output().size() > 5, "the child logged: " + first.output().size());
      int refreshes = mock.tokenRequests("standard", "refresh_token") - refreshesBefore;
      System.out.println("two processes: " + refreshes + " refreshes; first: " + firstReport
          + "; second: " + secondReport);
      assertTrue(firstReport.startsWith("ok ") && firstReport.contains(" failed 0"), firstReport);
      assertTrue(secondReport.startsWith("ok ") && secondReport.contains(" failed 0"),
          secondReport);
      assertTrue(refreshes >= 3, "the processes renewed: " + refreshes);

      // The stored refresh token is the one the server considers current: it refreshes.
      Token stored = TokenStore.file(path).load("shared-user");
      assertNotNull(stored, "the user is still signed in");
      Reliability.registerVerifiers(mock, leaks);
      leaks.token(stored);
      Token refreshed = leaks.token(client.refresh(stored));
      assertNotNull(refreshed.accessToken());
      client.close();
    }
  }

  /**
   * Returns the last save the child acknowledged, or -1. Acknowledgements go to a file, not to
   * stdout: a process's pipe is closed by {@link Process#destroyForcibly()} on the parent's side,
   * dropping lines not yet read, while a write(2) to a file survives the writer's death.
   */
  private static int lastNumber(Path acks) throws IOException {
    if (!Files.exists(acks)) {
      return -1;
    }
    String all = new String(Files.readAllBytes(acks), UTF_8);
    int end = all.lastIndexOf('\n');
    if (end < 0) {
      return -1;
    }
    int start = all.lastIndexOf('\n', end - 1) + 1;
    return Integer.parseInt(all.substring(start, end));
  }

  private static boolean parsesAsOneJsonObject(byte[] bytes) {
    try (JsonReader reader = JsonReader.of(new Buffer().write(bytes))) {
      Object root = reader.readJsonValue();
      return root instanceof Map && reader.peek() == JsonReader.Token.END_DOCUMENT;
    } catch (IOException e) {
      return false;
    }
  }

  private List<String> leftovers(Path path) throws IOException {
    try (Stream<Path> files = Files.list(path.getParent())) {
      return files.map(p -> p.getFileName().toString())
          .filter(name -> !name.equals("tokens.json") && !name.equals("tokens.json.lock"))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  /** A child JVM running one of the mains below, talking over stdin and stdout. */
  static final class Child {
    private final Process process;
    private final OutputStream in;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;

    private Child(Process process) {
      this.process = process;
      this.in = process.getOutputStream();
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
      // A thread of its own: a blocking read must not hold one of the common pool's threads,
      // of which a 2-core machine has one, while another child's reader waits behind it.
      this.reader = new Thread(() -> {
        try {
          for (String line; (line = out.readLine()) != null; ) {
            lines.add(line);
          }
        } catch (IOException e) {
          // The child was killed mid-line.
        }
        lines.add("<eof>");
      }, "child-reader");
      reader.setDaemon(true);
      reader.start();
    }

    static Child start(Class<?> main, String... args) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> command = new ArrayList<>(List.of(java,
          "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
          "-cp", classPath(), main.getName()));
      command.addAll(List.of(args));
      return new Child(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    private static String classPath() {
      String modulePath = System.getProperty("jdk.module.path");
      String classPath = System.getProperty("java.class.path");
      return modulePath == null ? classPath : modulePath + File.pathSeparator + classPath;
    }

    String next() throws InterruptedException {
      String line = lines.poll(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (line == null) {
        fail("the child said nothing for " + CHILD_TIMEOUT_SECONDS + " s");
      }
      return line;
    }

    void expect(String expected) throws InterruptedException {
      for (String line = next(); !line.equals(expected); line = next()) {
        if (line.equals("<eof>")) {
          fail("the child ended before saying " + expected);
        }
      }
    }

    void send(String line) throws IOException {
      in.write((line + "\n").getBytes(UTF_8));
      in.flush();
    }

    /** Kills the child with SIGKILL and waits until it is gone. */
    void kill() throws Exception {
      process.destroyForcibly();
      assertTrue(process.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS), "the child died");
    }

    /** Waits for the child to end by itself and returns its report line ("ok ..."). */
    String finish() throws Exception {
      assertTrue(process.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS), "the child finished");
      reader.join(TimeUnit.SECONDS.toMillis(CHILD_TIMEOUT_SECONDS));
      assertFalse(reader.isAlive(), "the child's output ended");
      List<String> all = output();
      assertEquals(0, process.exitValue(), "the child's output: " + all);
      return all.stream().filter(line -> line.startsWith("ok ")).findFirst().orElse("");
    }

    /** Everything the child printed: its report and its log, at the finest level. */
    List<String> output() {
      List<String> all = new ArrayList<>(lines);
      all.remove("<eof>");
      return all;
    }

    void destroy() {
      process.destroyForcibly();
    }
  }

  /** Saves a numbered token under "user" again and again, acknowledging each in a file. */
  static final class SavingLoop {
    public static void main(String[] args) throws IOException {
      TokenStore store = TokenStore.file(Path.of(args[0]));
      int n = Integer.parseInt(args[1]);
      store.save("warm-up", token(-1)); // Loads every class before the first kill can land.
      try (OutputStream acks = Files.newOutputStream(Path.of(args[2]))) {
        System.out.println("ready");
        System.out.flush();
        while (true) {
          store.save("user", token(n));
          acks.write((n + "\n").getBytes(UTF_8)); // One unbuffered write(2) per save.
          n++;
        }
      }
    }

    static Token token(int n) {
      return Token.builder()
          .accessToken("at-" + n)
          .refreshToken("rt-" + n)
          .issuedAt(Instant.parse("2030-01-01T00:00:00Z"))
          .expiresAt(Instant.parse("2030-01-01T01:00:00Z"))
          .extras(Map.of("n", "extra-" + n))
          .build();
    }
  }

  /**
   * Uses one user's token session, stored in a shared file, for some seconds: its one-second
   * tokens are renewed all the while, by this process or the other one. Prints "ok CALLS failed
   * N [first failure]".
   */
  static final class RenewingSession {
    /** Held, or a logger and its level could be collected. */
    private static final List<Logger> LOGGERS = new ArrayList<>();

    public static void main(String[] args) throws Exception {
      String base = args[0];
      Path path = Path.of(args[1]);
      long seconds = Long.parseLong(args[2]);
      // Everything the SDK and OkHttp log goes to stdout, where the test scans it for secrets.
      Handler out = new StreamHandler(System.out, new SimpleFormatter()) {
        @Override
        public synchronized void publish(LogRecord record) {
          super.publish(record);
          flush();
        }
      };
      out.setLevel(Level.ALL);
      for (String name : List.of("dev.latchkey", "okhttp3")) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.ALL);
        logger.addHandler(out);
        LOGGERS.add(logger);
      }
      OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(20)).build();
      OAuth2Client client = OAuth2Client.builder()
          .provider(Provider.standard(base + "authorize", base + "token"))
          .clientId(DemoClients.STANDARD_CLIENT_ID)
          .clientSecret(DemoClients.STANDARD_CLIENT_SECRET)
          .tokenStore(TokenStore.file(path))
          .httpClient(http)
          .build();
      TokenSession session = client.session("shared-user");
      OkHttpClient api = session.authorize(http);
      Request userinfo = new Request.Builder().url(base + "userinfo").build();
      session.accessToken();
      System.out.println("ready");
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, UTF_8));
      if (!"go".equals(in.readLine())) {
        System.exit(2);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      int calls = 0;
      int failed = 0;
      String firstFailure = "";
      while (System.nanoTime() - deadline < 0) {
        calls++;
        try (Response response = api.newCall(userinfo).execute()) {
          if (response.code() != 200) {
            failed++;
            firstFailure = firstFailure.isEmpty() ? "HTTP " + response.code() : firstFailure;
          }
        } catch (IOException e) {
          failed++;
          firstFailure = firstFailure.isEmpty() ? e.toString() : firstFailure;
        }
      }
      client.close();
      System.out.println("ok " + calls + " failed " + failed
          + (firstFailure.isEmpty() ? "" : " first: " + firstFailure));
      System.out.flush();
      System.exit(0);
    }
  }
}
