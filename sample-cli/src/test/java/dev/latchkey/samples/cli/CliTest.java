package dev.latchkey.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.mockserver.ConsentMode;
import dev.latchkey.mockserver.ManualClock;
import dev.latchkey.mockserver.MockAuthServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs each command in-process, against a mock server the test controls where it matters. */
final class CliTest {
  @TempDir
  Path temp;

  private final ManualClock clock = new ManualClock();
  private MockAuthServer mock;
  private ExecutorService background;

  @BeforeEach
  void setUp() throws IOException {
    mock = MockAuthServer.builder().consent(ConsentMode.AUTO_APPROVE).clock(clock)
        .tokenLifetime(Duration.ofSeconds(60)).build();
    mock.start();
    background = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void tearDown() {
    background.shutdownNow();
    mock.close();
  }

  private String[] against(String provider, String... rest) {
    return MockArgs.against(mock, temp.resolve("tokens.json"), provider, rest);
  }

  @Test
  void demoRunsEveryFlowAndExitsZero() {
    Run run = Run.of("demo");
    assertEquals(0, run.exitCode, run.out + run.err);
    assertTrue(run.out.contains("All flows passed."), run.out);
    long rows = run.out.lines().filter(line -> line.contains(" ok: ")).count();
    assertEquals(14, rows, run.out);
    assertFalse(run.out.contains("FAILED"), run.out);
    for (String capability : new String[] {"DPoP: use_dpop_nonce, bound token, refresh",
        "private_key_jwt + PAR, code flow", "device flow, approved by the user",
        "token exchange for another audience", "OpenID sign-in, ID token validated",
        "mutual TLS, certificate-bound token"}) {
      assertTrue(run.out.lines().anyMatch(line -> line.startsWith("standard")
          && line.contains(capability) && line.contains(" ok: ")), capability + "\n" + run.out);
    }
    assertTrue(run.out.contains("billing-api refused (invalid_target)"), run.out);
    assertTrue(run.out.contains("ID token validated for demo-user-1"), run.out);
  }

  @Test
  void providersListsEveryBuiltIn() {
    Run run = Run.of("providers");
    assertEquals(0, run.exitCode);
    for (String name : new String[] {"ora", "orangelogic", "orgapi-basic", "orgapi-query", "orgo",
        "onna", "standard"}) {
      assertTrue(run.out.contains("\n" + name + " "), name + " missing from\n" + run.out);
    }
  }

  @Test
  void tokenPrintsRedactedSummaryAgainstEmbeddedServer() {
    Run run = Run.of("token", "--provider", "onna");
    assertEquals(0, run.exitCode, run.err);
    assertTrue(run.out.contains("token type:    bearer"), run.out);
    assertTrue(run.out.contains("refresh token: no"), run.out);
  }

  @Test
  void tokenSummaryNeverShowsTheTokenButPrintAccessTokenDoes() {
    Run summary = Run.of(against("orgapi-basic", "token"));
    assertEquals(0, summary.exitCode, summary.err);
    Run raw = Run.of(against("orgapi-basic", "token", "--print-access-token"));
    assertEquals(0, raw.exitCode, raw.err);
    String token = raw.out.trim();
    assertFalse(token.isEmpty());
    assertEquals(1, raw.out.lines().count(), raw.out);
    assertFalse(summary.out.contains(token), summary.out);
    assertFalse(summary.out.contains(DemoClientSecrets.of(mock, "orgapi")), summary.out);
  }

  @Test
  void loginThroughLoopbackRedirectThenCallInALaterRunRefreshes() throws Exception {
    Run login = BackgroundLogin.approve(background,
        against("orgo", "login", "--no-browser", "--scope", "profile email"));
    assertEquals(0, login.exitCode, login.err);
    assertTrue(login.out.contains("Signed in to orgo."), login.out);
    assertTrue(Files.exists(temp.resolve("tokens.json")));

    clock.advance(Duration.ofSeconds(61)); // The stored access token has expired.
    int before = mock.tokenRequests("orgo", "refresh_token");
    Run call = Run.of(against("orgo", "call", "GET", "oauth/userinfo"));
    assertEquals(0, call.exitCode, call.err);
    assertTrue(call.out.contains("\"email\""), call.out);
    assertEquals(before + 1, mock.tokenRequests("orgo", "refresh_token"));

    Run whoami = Run.of(against("orgo", "whoami"));
    assertEquals(0, whoami.exitCode, whoami.err);
    assertTrue(whoami.out.contains("name:"), whoami.out);

    Run logout = Run.of(against("orgo", "logout"));
    assertEquals(0, logout.exitCode, logout.err);
    Run afterLogout = Run.of(against("orgo", "token"));
    assertEquals(ExitCodes.LOGIN_REQUIRED, afterLogout.exitCode, afterLogout.err);
    assertTrue(afterLogout.err.contains("login"), afterLogout.err);
  }

  @Test
  void deniedConsentExitsWithRefused() throws Exception {
    mock.consent(ConsentMode.AUTO_DENY);
    Run login = BackgroundLogin.approve(background, against("orgo", "login", "--no-browser"));
    assertEquals(ExitCodes.REFUSED, login.exitCode, login.out);
    assertTrue(login.err.contains("access_denied"), login.err);
    assertEquals(1, login.err.lines().filter(l -> l.startsWith("latchkey-cli:")).count(),
        "one error line on stderr: " + login.err);
  }

  @Test
  void loginTimesOutWhenNoRedirectArrives() {
    Run run = Run.of(against("orgo", "login", "--no-browser", "--timeout", "1"));
    assertEquals(ExitCodes.TIMEOUT, run.exitCode, run.err);
    assertTrue(run.err.contains("No redirect arrived"), run.err);
  }

  @Test
  void wrongSecretExitsWithRefusedAndOneLine() {
    Run run = Run.of("token", "--provider", "onna", "--base-url", mock.baseUrl("onna").toString(),
        "--client-id", mock.demoClient("onna").clientId(), "--client-secret", "wrong-secret");
    assertEquals(ExitCodes.REFUSED, run.exitCode, run.err);
    assertTrue(run.err.contains("invalid_client"), run.err);
    assertFalse(run.err.contains("wrong-secret"), run.err);
    assertFalse(run.err.contains("\tat "), "no stack trace without -v: " + run.err);
  }

  @Test
  void unreachableServerExitsWithUnreachable() {
    Run run = Run.of("token", "--provider", "onna", "--base-url", "http://127.0.0.1:1/",
        "--client-id", "id", "--client-secret", "s");
    assertEquals(ExitCodes.UNREACHABLE, run.exitCode, run.err);
    assertTrue(run.err.startsWith("latchkey-cli: Could not reach"), run.err);
  }

  @Test
  void badFlagsExitWithUsage() {
    assertEquals(ExitCodes.USAGE, Run.of("token", "--provider", "nope").exitCode);
    assertEquals(ExitCodes.USAGE, Run.of("token").exitCode);
    assertEquals(ExitCodes.USAGE, Run.of("call", "--provider", "onna", "FETCH", "v1/workspaces").exitCode);
    Run http = Run.of("token", "--provider", "onna", "--base-url", "http://example.com/",
        "--client-id", "id");
    assertEquals(ExitCodes.USAGE, http.exitCode);
    assertTrue(http.err.contains("must use https"), http.err);
  }

  @Test
  void callPrintsBodyAndFailsOnNonSuccess() {
    Run ok = Run.of(against("onna", "call", "POST", "v1/workspaces", "--data", "{}"));
    assertEquals(0, ok.exitCode, ok.err);
    assertFalse(ok.out.isBlank());
    Run missing = Run.of(against("onna", "call", "GET", "/onna/v1/nothing-here"));
    assertEquals(ExitCodes.FAILED, missing.exitCode);
    assertTrue(missing.err.contains("HTTP 404"), missing.err);
  }

  @Test
  void verbosePrintsEachTokenExchangeWithoutSecrets() {
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream logged = new java.io.ByteArrayOutputStream();
    Run run;
    try {
      // -v routes the SDK's log to the process's stderr, as a user sees it.
      System.setErr(new java.io.PrintStream(logged, true, java.nio.charset.StandardCharsets.UTF_8));
      run = Run.of(against("orgapi-basic", "token", "-v", "--print-access-token"));
    } finally {
      System.setErr(stderr);
    }
    assertEquals(0, run.exitCode, run.err);
    String log = logged.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(log.contains("grant_type=client_credentials"), log);
    assertTrue(log.contains("-> HTTP 200"), log);
    assertFalse(log.contains(run.out.trim()), "the access token is never logged");
    assertFalse(log.contains(mock.demoClient("orgapi").clientSecret()), "nor the secret");
  }

  @Test
  void verboseShowsStackTraceOnError() {
    Run run = Run.of("token", "-v", "--provider", "onna", "--base-url", "http://127.0.0.1:1/",
        "--client-id", "id", "--client-secret", "s");
    assertEquals(ExitCodes.UNREACHABLE, run.exitCode);
    assertTrue(run.err.contains("\tat "), run.err);
  }

  /** Reads a demo client's secret, to check it never appears in output. */
  static final class DemoClientSecrets {
    static String of(MockAuthServer mock, String provider) {
      return mock.demoClient(provider).clientSecret();
    }
  }
}
