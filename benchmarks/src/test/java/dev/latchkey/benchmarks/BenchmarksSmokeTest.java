package dev.latchkey.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.latchkey.mockserver.ConsentMode;
import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.MockAuthServer;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs every benchmark method and harness once, tiny, so that none of them can break unnoticed.
 * Measures nothing: timing goals live in docs/performance.md, never in tests.
 */
final class BenchmarksSmokeTest {

  @Test
  void hotPathBenchmarksReturnTheToken() throws Exception {
    HotPathBenchmark benchmark = new HotPathBenchmark();
    HotPathBenchmark.LatchkeyState latchkey = new HotPathBenchmark.LatchkeyState();
    latchkey.setUp();
    HotPathBenchmark.CredentialState google = new HotPathBenchmark.CredentialState();
    google.setUp();
    try {
      String token = latchkey.session.accessToken();
      assertTrue(benchmark.systemClockMillis(latchkey) > 0);
      assertEquals(token, benchmark.latchkeyOneThread(latchkey));
      assertEquals(token, benchmark.latchkeyTwoThreads(latchkey));
      assertEquals(google.credential.getAccessToken(), benchmark.googleCredentialOneThread(google));
      assertNotNull(benchmark.googleCredentialTwoThreads(google));
      assertEquals(google.credential.getAccessToken(),
          benchmark.googleCredentialCheckedOneThread(google));
      assertNotNull(benchmark.googleCredentialCheckedTwoThreads(google));
    } finally {
      latchkey.tearDown();
    }
  }

  @Test
  void requestOverheadBenchmarksGet200() throws Exception {
    RequestOverheadBenchmark benchmark = new RequestOverheadBenchmark();
    benchmark.setUp();
    try {
      assertEquals(200, benchmark.bare());
      assertEquals(200, benchmark.bareWithStaticHeader());
      assertEquals(200, benchmark.latchkeyAuthorized());
    } finally {
      benchmark.tearDown();
    }
  }

  @Test
  void dpopProofBenchmarksGet200() throws Exception {
    for (String algorithm : new String[] {"ES256", "PS256", "RS256"}) {
      DpopProofBenchmark benchmark = new DpopProofBenchmark();
      benchmark.algorithm = algorithm;
      benchmark.setUp();
      try {
        assertEquals(200, benchmark.bearerRequest());
        assertEquals(200, benchmark.dpopRequest());
      } finally {
        benchmark.tearDown();
      }
    }
  }

  @Test
  void pairedRequestOverheadComputesARatio() throws Exception {
    RequestOverheadPaired.Result result = RequestOverheadPaired.run(2, 1);
    assertTrue(result.ratioMedian > 0, "ratio");
  }

  @Test
  void herdSendsOneTokenRequest() throws Exception {
    HerdAtExpiry.Result result = HerdAtExpiry.run("loopback", Duration.ZERO, 16, 2);
    assertEquals(1, result.minRequests);
    assertEquals(1, result.maxRequests);
  }

  @Test
  void renewalLatencyRunsEveryVariant() throws Exception {
    for (RenewalLatency.Variant variant : RenewalLatency.Variant.values()) {
      RenewalLatency.Result result = RenewalLatency.run(variant, 2, 100);
      assertTrue(result.latencies.length > 0, variant.label);
      // The harness jumps the clock on wall-clock time: on a loaded machine two jumps can land
      // before a call starts the first renewal, so a jumping variant renews once or twice.
      if (variant.jump == null) {
        assertEquals(0, result.tokenRequests, variant.label);
      } else {
        assertTrue(result.tokenRequests >= 1 && result.tokenRequests <= 2,
            variant.label + ": " + result.tokenRequests + " token requests");
      }
    }
  }

  @Test
  void sessionFootprintCountsSomething() throws Exception {
    SessionFootprint.Result result = SessionFootprint.measure(2_000);
    assertTrue(result.histogramBytesPerSession > 0, "bytes per session");
    assertTrue(!result.breakdown.isEmpty(), "breakdown");
  }

  @Test
  void firstTokenGetsATokenAndChildJvmsLaunch() throws Exception {
    try (MockAuthServer server = MockAuthServer.builder()
        .consent(ConsentMode.AUTO_APPROVE)
        .build()) {
      server.start();
      DemoClient demo = server.demoClient("onna");
      FirstToken.main(new String[] {server.baseUrl("onna").toString(), demo.clientId(),
          demo.clientSecret()});
      assertEquals(1, server.tokenRequests("onna", "client_credentials"));
    }
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    StartUp.Run run = StartUp.launch(List.of(java, "-version"));
    assertEquals(0, run.exitCode, run.output);
  }

  @Test
  void fleetTakeoverRunsInJvmsAndThreadsAndTakesOver() throws Exception {
    boolean redisInstalled = Stream.of(System.getenv("PATH").split(":"))
        .anyMatch(dir -> Files.isExecutable(Paths.get(dir, "redis-server")));
    // CI installs Redis (.ci/install-deps), so there a missing one fails instead of skipping.
    assumeTrue(redisInstalled || System.getenv("CI") != null,
        "redis-server is not installed");
    try (LocalServer redis = LocalServer.redis()) {
      String threads = FleetTakeover.herd("redis", redis.address(), "after", 2, true, 1, 2);
      assertTrue(threads.contains("| 1..1 |") && threads.endsWith("| 0 |"), threads);
      String jvms = FleetTakeover.herd("redis", redis.address(), "after", 2, false, 0, 1);
      assertTrue(jvms.contains("| 1..1 |") && jvms.endsWith("| 0 |"), jvms);
      String takeover = FleetTakeover.takeover("redis", redis.address(), "after", 1);
      assertTrue(takeover.startsWith("| redis | after |"), takeover);
    }
  }
}
