package dev.latchkey.benchmarks;

import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.MockAuthServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The N app instances of {@link FleetTakeover} ({@link FleetInstance}s, each with its own client
 * and store connection), and how commands reach them: each in a JVM of its own, as a fleet runs
 * ({@link #ofJvms}), or all in the benchmark's JVM on threads of their own ({@link #ofThreads}),
 * which leaves out what N processes cost a machine of few cores (a scheduler's queue, N JITs and
 * garbage collectors) and keeps what the store protocol costs.
 */
abstract class Fleet implements AutoCloseable {
  private final Path secret;
  /** The latest answers to {@code get}: each instance's running totals. */
  private String[][] last = new String[0][];

  private Fleet(MockAuthServer mock) throws IOException {
    secret = Files.createTempFile("fleet-secret", ".txt");
    Files.writeString(secret, mock.demoClient("orgapi").clientSecret());
  }

  /** N child JVMs, talked to through their stdin and stdout. */
  static Jvms ofJvms(MockAuthServer mock, String store, String mode, int n) throws IOException {
    return new Jvms(mock, store, mode, n);
  }

  /** N instances in this JVM, each answering on a thread of its own. */
  static Fleet ofThreads(MockAuthServer mock, String store, String mode, int n)
      throws IOException {
    return new Threads(mock, store, mode, n);
  }

  /** An instance's arguments, as {@link FleetInstance} documents them. */
  String[] instanceArguments(MockAuthServer mock, String store, String mode, String namespace) {
    DemoClient demo = mock.demoClient("orgapi");
    return new String[] {store, mock.baseUrl("orgapi").toString(), demo.clientId(),
        secret.toString(), mode.equals("before") ? "30000" : "2000",
        mode.equals("before") ? "poll" : "notify", namespace};
  }

  static String newNamespace() {
    return "fleet_" + UUID.randomUUID().toString().replace("-", "");
  }

  /** Gives {@code command} to every instance at once, then collects every answer. */
  final String[][] all(String command) throws Exception {
    String[][] replies = allOnce(command);
    if (command.equals("get")) {
      last = replies;
    }
    return replies;
  }

  abstract String[][] allOnce(String command) throws Exception;

  /** Store calls of every instance so far. */
  final long storeCalls() {
    return Arrays.stream(last).mapToLong(r -> r == null ? 0 : Long.parseLong(r[3])).sum();
  }

  /** Failed {@code get}s of every instance so far. */
  final int failures() {
    return Arrays.stream(last).mapToInt(r -> r == null ? 0 : Integer.parseInt(r[4])).sum();
  }

  @Override
  public void close() throws Exception {
    Files.deleteIfExists(secret);
  }

  /** Instances in child JVMs; one can be killed with SIGKILL. */
  static final class Jvms extends Fleet {
    private final List<Process> processes = new ArrayList<>();
    private final List<PrintStream> ins = new ArrayList<>();
    private final List<BufferedReader> outs = new ArrayList<>();

    private Jvms(MockAuthServer mock, String store, String mode, int n) throws IOException {
      super(mock);
      String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      String namespace = newNamespace();
      for (int i = 0; i < n; i++) {
        List<String> command = new ArrayList<>(List.of(javaBinary, "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
            FleetInstance.class.getName()));
        command.addAll(List.of(instanceArguments(mock, store, mode, namespace)));
        Process process = new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(process);
        ins.add(new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8));
        outs.add(new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8)));
      }
    }

    @Override
    String[][] allOnce(String command) throws IOException {
      for (PrintStream in : ins) {
        in.println(command);
      }
      String[][] replies = new String[ins.size()][];
      for (int i = 0; i < ins.size(); i++) {
        replies[i] = receive(i);
      }
      return replies;
    }

    void send(int i, String command) {
      ins.get(i).println(command);
    }

    String[] receive(int i) throws IOException {
      String line = outs.get(i).readLine();
      if (line == null) {
        throw new IOException("instance " + i + " ended");
      }
      return line.split(" ");
    }

    void kill(int i) throws InterruptedException {
      processes.get(i).destroyForcibly(); // SIGKILL on Linux.
      processes.get(i).waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
      for (Process process : processes) {
        process.destroyForcibly();
      }
      super.close();
    }
  }

  /** Instances in this JVM, released together by a latch on threads of their own. */
  private static final class Threads extends Fleet {
    private final List<FleetInstance> instances = new ArrayList<>();
    private final ExecutorService threads;

    private Threads(MockAuthServer mock, String store, String mode, int n) throws IOException {
      super(mock);
      String namespace = newNamespace();
      for (int i = 0; i < n; i++) {
        instances.add(new FleetInstance(instanceArguments(mock, store, mode, namespace)));
      }
      threads = Executors.newFixedThreadPool(n);
    }

    @Override
    String[][] allOnce(String command) throws Exception {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<String>> answers = new ArrayList<>();
      for (FleetInstance instance : instances) {
        answers.add(threads.submit(() -> {
          if (!start.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("never started");
          }
          return instance.handle(command);
        }));
      }
      start.countDown();
      String[][] replies = new String[instances.size()][];
      for (int i = 0; i < replies.length; i++) {
        replies[i] = answers.get(i).get(60, TimeUnit.SECONDS).split(" ");
      }
      return replies;
    }

    @Override
    public void close() throws Exception {
      threads.shutdownNow();
      for (FleetInstance instance : instances) {
        instance.close();
      }
      super.close();
    }
  }
}
