package dev.latchkey.stores;

import dev.latchkey.OAuth2Exception;
import dev.latchkey.Token;
import dev.latchkey.TokenStore;
import static dev.latchkey.testing.TokenSessionFixtures.T0;
import static dev.latchkey.testing.TokenSessionFixtures.TIMEOUT_SECONDS;
import static dev.latchkey.testing.TokenSessionFixtures.token;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.squareup.moshi.JsonReader;
import dev.latchkey.testing.TokenSessionFixtures.Crowd;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link TokenStore#file}: what only a file does (format, permissions, atomic replacement,
 * corruption, other instances and processes). The contract every store keeps runs in
 * store-common ({@code FileTokenStoreContractTest}).
 */
final class FileTokenStoreTest {
  @TempDir Path dir;

  private Path file() {
    return dir.resolve("tokens.json");
  }

  private static Token alice() {
    return token("at1", "rt1", T0, Duration.ofHours(1));
  }

  @Test
  void writesVersionedSnakeCaseJson() throws IOException {
    TokenStore.file(file()).save("alice", alice());

    assertEquals("{\n"
        + "  \"version\": 1,\n"
        + "  \"tokens\": {\n"
        + "    \"alice\": {\n"
        + "      \"access_token\": \"at1\",\n"
        + "      \"token_type\": \"Bearer\",\n"
        + "      \"issued_at\": \"2030-01-01T00:00:00Z\",\n"
        + "      \"expires_at\": \"2030-01-01T01:00:00Z\",\n"
        + "      \"refresh_token\": \"rt1\",\n"
        + "      \"scope\": \"\"\n"
        + "    }\n"
        + "  }\n"
        + "}", Files.readString(file()));
  }

  @Test
  void missingFileLoadsNothingAndIsNotCreated() throws IOException {
    TokenStore store = TokenStore.file(dir.resolve("sub").resolve("tokens.json"));

    assertNull(store.load("alice"));
    assertFalse(Files.exists(dir.resolve("sub")));
  }

  @Test
  void fileIsOwnerOnlyInOwnerOnlyCreatedDirectory() throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Path nested = dir.resolve("config").resolve("latchkey").resolve("tokens.json");

    TokenStore.file(nested).save("alice", alice());

    assertEquals("rw-------", permissions(nested));
    assertEquals("rwx------", permissions(nested.getParent()));
    assertEquals("rwx------", permissions(nested.getParent().getParent()));
    assertEquals("rw-------", permissions(nested.resolveSibling("tokens.json.lock")));

    TokenStore.file(nested).save("bob", alice()); // A replacement keeps the permissions.
    assertEquals("rw-------", permissions(nested));
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  @Test
  void replacesFileAtomicallyLeavingNoTempFiles() throws Exception {
    TokenStore writer = TokenStore.file(file());
    TokenStore reader = TokenStore.file(file());
    writer.save("alice", alice());
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger reads = new AtomicInteger();
    ExecutorService readers = blockingTasks();
    try {
      // Reads take no lock, so they race the writer's renames: each must see a whole file.
      Future<?> readerLoop = readers.submit(() -> {
        while (writing.get() || reads.get() == 0) {
          assertNotNull(reader.load("alice"));
          assertTrue(parses(Files.readAllBytes(file())));
          reads.incrementAndGet();
        }
        return null;
      });
      try {
        for (int i = 0; i < 20; i++) {
          writer.save("key" + i, token("at" + i, "rt" + i, T0, Duration.ofHours(1)));
          assertTrue(parses(Files.readAllBytes(file())), "not valid JSON after save " + i);
          assertEquals(Set.of("tokens.json", "tokens.json.lock"), fileNames());
        }
      } finally {
        writing.set(false);
      }
      readerLoop.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } finally {
      close(readers);
    }
    assertTrue(reads.get() > 0);
    assertEquals("at19", reader.load("key19").accessToken());
  }

  /**
   * Threads for the tests' blocking tasks. Never the common ForkJoinPool: on 2 cores it has one
   * thread, so a second blocking task there would never run.
   */
  private static ExecutorService blockingTasks() {
    return Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "file-store-test");
      thread.setDaemon(true); // A task stuck past its bounded wait must not keep the JVM alive.
      return thread;
    });
  }

  /** Stops {@code executor}'s tasks and waits a bounded time for them to end. */
  private static void close(ExecutorService executor) throws InterruptedException {
    executor.shutdownNow();
    if (!executor.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError("a blocking task did not end within " + TIMEOUT_SECONDS + " s");
    }
  }

  private Set<String> fileNames() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static boolean parses(byte[] bytes) {
    try (JsonReader reader = JsonReader.of(new Buffer().write(bytes))) {
      Object root = reader.readJsonValue();
      return root instanceof Map && reader.peek() == JsonReader.Token.END_DOCUMENT;
    } catch (IOException e) {
      return false;
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"version\":1,\"tokens\":{\"alice\":      | it is not valid JSON",
      "''                                         | it is empty",
      "[1, 2]                                     | it is not a JSON object",
      "{\"version\":2,\"tokens\":{}}              | its version is 2.0, expected 1",
      "{\"version\":1}                            | it has no \"tokens\" object",
  })
  void corruptFileIsReportedWithItsPathAndNeverOverwritten(String content, String why)
      throws IOException {
    byte[] corrupt = content.getBytes(UTF_8);
    Files.write(file(), corrupt);
    TokenStore store = TokenStore.file(file());
    String expected = "The token file " + file().toAbsolutePath() + " is corrupt: " + why
        + ". Move it aside or delete it; Latchkey will not overwrite it";

    OAuth2Exception load = assertThrows(OAuth2Exception.class, () -> store.load("alice"));
    assertEquals(expected, load.getMessage());
    OAuth2Exception save = assertThrows(OAuth2Exception.class, () -> store.save("bob", alice()));
    assertEquals(expected, save.getMessage());
    assertThrows(OAuth2Exception.class, () -> store.compareAndSet("bob", null, alice()));
    assertThrows(OAuth2Exception.class, () -> store.delete("alice"));

    assertArrayEquals(corrupt, Files.readAllBytes(file()));
  }

  @Test
  void corruptEntryDoesNotBreakOtherKeys() throws IOException {
    TokenStore store = TokenStore.file(file());
    store.save("alice", alice());
    String json = Files.readString(file()).replace("\"tokens\": {",
        "\"tokens\": {\n    \"bob\": {\"access_token\": [\"stored-value\"], \"issued_at\": \"yesterday\"},");
    Files.writeString(file(), json);

    assertEquals(alice(), store.load("alice"));
    OAuth2Exception e = assertThrows(OAuth2Exception.class, () -> store.load("bob"));
    assertEquals("The token stored under \"bob\" in " + file().toAbsolutePath() + " is corrupt"
        + " (access_token is not a non-empty string). Delete that entry or log in again",
        e.getMessage());
    assertFalse(e.getMessage().contains("stored-value"), "the message shows the stored value");

    store.save("carol", alice());
    assertEquals(alice(), store.load("carol"));
    assertThrows(OAuth2Exception.class, () -> store.load("bob"), "bob's entry was rewritten");
    store.delete("bob");
    assertNull(store.load("bob"));
    assertEquals(alice(), store.load("alice"));
  }

  @Test
  void compareAndSetIsAtomicAcrossThreadsAndInstances() throws Exception {
    Path path = file();
    TokenStore.file(path).save("counter", counter(0));
    int threads = 8;
    int incrementsEach = 10;

    Crowd crowd = Crowd.start(threads, () -> {
      TokenStore store = TokenStore.file(path); // Each thread its own instance.
      for (int done = 0; done < incrementsEach; ) {
        Token current = store.load("counter");
        int value = Integer.parseInt(current.accessToken().substring(1));
        if (store.compareAndSet("counter", current, counter(value + 1))) {
          done++;
        }
      }
      return "ok";
    });

    assertEquals(List.of("ok"), crowd.outcomes().stream().distinct().collect(Collectors.toList()));
    assertEquals("v" + threads * incrementsEach, TokenStore.file(path).load("counter").accessToken());
  }

  private static Token counter(int value) {
    return Token.builder().accessToken("v" + value).issuedAt(T0).build();
  }

  @Test
  void concurrentWritersOfOnePathLoseNoEntry() throws Exception {
    Path path = file();
    TokenStore first = TokenStore.file(path);
    TokenStore second = TokenStore.file(dir.resolve(".").resolve("tokens.json")); // Same file.
    int threads = 8;
    int keysEach = 6;
    AtomicInteger next = new AtomicInteger();

    Crowd crowd = Crowd.start(threads, () -> {
      int thread = next.getAndIncrement();
      TokenStore store = thread % 2 == 0 ? first : second;
      for (int i = 0; i < keysEach; i++) {
        store.save("t" + thread + "-" + i, token("at" + i, "rt" + i, T0, Duration.ofHours(1)));
      }
      return "ok";
    });

    assertEquals(List.of("ok"), crowd.outcomes().stream().distinct().collect(Collectors.toList()));
    TokenStore reader = TokenStore.file(path);
    for (int thread = 0; thread < threads; thread++) {
      for (int i = 0; i < keysEach; i++) {
        assertNotNull(reader.load("t" + thread + "-" + i), "lost t" + thread + "-" + i);
      }
    }
  }

  @Test
  void anotherProcessWritingTheSameFileLosesNoEntry() throws Exception {
    Path path = file();
    int keys = 20;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", testClassPath(),
        ChildWriter.class.getName(), path.toString(), "child", Integer.toString(keys))
        .redirectErrorStream(true)
        .start();
    ExecutorService readers = blockingTasks();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8));
      Future<String> ready = readers.submit(out::readLine);
      assertEquals("ready", ready.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
      OutputStream in = child.getOutputStream();
      in.write("go\n".getBytes(UTF_8));
      in.flush();

      TokenStore store = TokenStore.file(path);
      for (int i = 0; i < keys; i++) {
        store.save("parent-" + i, token("at" + i, "rt" + i, T0, Duration.ofHours(1)));
      }

      Future<String> rest = readers.submit(() -> {
        StringBuilder all = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
          all.append(line).append('\n');
        }
        return all.toString();
      });
      assertTrue(child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the child did not finish");
      assertEquals("done\n", rest.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
      assertEquals(0, child.exitValue());
    } finally {
      child.destroyForcibly(); // First: it ends the pipe a reader may still block on.
      close(readers);
    }

    TokenStore reader = TokenStore.file(path);
    for (int i = 0; i < keys; i++) {
      assertNotNull(reader.load("parent-" + i), "lost parent-" + i);
      assertNotNull(reader.load("child-" + i), "lost child-" + i);
    }
  }

  private static String testClassPath() {
    String modulePath = System.getProperty("jdk.module.path");
    String classPath = System.getProperty("java.class.path");
    return modulePath == null ? classPath : modulePath + java.io.File.pathSeparator + classPath;
  }

  @Test
  void rejectsNullArguments() {
    TokenStore store = TokenStore.file(file());
    assertEquals("key == null",
        assertThrows(NullPointerException.class, () -> store.load(null)).getMessage());
    assertEquals("token == null",
        assertThrows(NullPointerException.class, () -> store.save("alice", null)).getMessage());
    assertEquals("path == null",
        assertThrows(NullPointerException.class, () -> TokenStore.file(null)).getMessage());
  }

  /** Runs in a child JVM: waits for "go" on stdin, saves keys, prints "done". */
  static final class ChildWriter {
    public static void main(String[] args) throws IOException {
      Path path = Path.of(args[0]);
      String prefix = args[1];
      int keys = Integer.parseInt(args[2]);
      TokenStore store = TokenStore.file(path);
      store.load("warm-up"); // Loads the classes before the race starts.
      System.out.println("ready");
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, UTF_8));
      if (!"go".equals(in.readLine())) {
        System.exit(2);
      }
      for (int i = 0; i < keys; i++) {
        store.save(prefix + "-" + i, Token.builder()
            .accessToken("at" + i)
            .refreshToken("rt" + i)
            .issuedAt(Instant.parse("2030-01-01T00:00:00Z"))
            .build());
      }
      System.out.println("done");
      System.out.flush();
    }
  }
}
