package dev.latchkey.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.mockserver.ApiStub;
import dev.latchkey.mockserver.ConsentMode;
import dev.latchkey.mockserver.JournalEntry;
import dev.latchkey.mockserver.MockAuthServer;
import dev.latchkey.mockserver.MockProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI findings of issue 14: what the CLI sends where, what it prints, and what it tells the
 * user to do. Each test failed before its fix.
 */
final class CliSafetyTest {
  @TempDir
  Path temp;

  private final OkHttpClient browser = new OkHttpClient();
  private MockAuthServer mock;
  private ExecutorService background;
  private Path store;

  @BeforeEach
  void setUp() throws IOException {
    mock = MockAuthServer.builder().consent(ConsentMode.AUTO_APPROVE).build();
    mock.start();
    background = Executors.newSingleThreadExecutor();
    store = temp.resolve("tokens.json");
  }

  @AfterEach
  void tearDown() {
    background.shutdownNow();
    mock.close();
  }

  private String[] against(String provider, String... rest) {
    return MockArgs.against(mock, store, provider, rest);
  }

  private Run loginToOrgo() throws Exception {
    Run login = BackgroundLogin.approve(background, against("orgo", "login", "--no-browser"));
    assertEquals(0, login.exitCode, login.toString());
    return login;
  }

  /** Issue 14 item 4: the stored tokens of one server were sent to the next one named. */
  @Test
  void storedTokensNeverGoToAnotherServer() throws Exception {
    loginToOrgo();
    try (MockAuthServer other = MockAuthServer.builder().build()) {
      other.start(); // Same provider, same demo client id: only the server differs.
      Run call = Run.of(MockArgs.against(other, store, "orgo", "call", "GET", "oauth/userinfo"));

      assertEquals(ExitCodes.LOGIN_REQUIRED, call.exitCode, call.toString());
      for (JournalEntry entry : other.journal()) {
        assertNull(entry.header("Authorization"), "a token went to the other server: " + entry);
      }
      assertEquals(0, other.tokenRequests("orgo"), "the refresh token went to the other server");
    }
    Run sameServer = Run.of(against("orgo", "call", "GET", "oauth/userinfo"));
    assertEquals(0, sameServer.exitCode, sameServer.toString());
  }

  /**
   * Issue 14 item 1: an API that redirected to another server had the token sent there when that
   * server answered 401.
   */
  @Test
  void aRedirectToAnotherServerNeverCarriesTheToken() throws Exception {
    try (MockAuthServer other = MockAuthServer.builder().build()) {
      other.start();
      other.stubApi(MockProvider.ORGANIZATION_API, "GET", "/elsewhere", ApiStub.json(200, "{}"));
      mock.stubApi(MockProvider.ORGANIZATION_API, "GET", "/moved", ApiStub.of(302, null, "")
          .header("Location", other.baseUrl("orgapi") + "elsewhere"));

      Run call = Run.of(against("orgapi-basic", "call", "GET", "moved"));

      List<JournalEntry> journal = other.journal();
      assertFalse(journal.isEmpty(), "the redirect was not followed: " + call);
      for (JournalEntry entry : journal) {
        assertNull(entry.header("Authorization"), "a token went to the other server: " + entry);
      }
    }
  }

  /** Issue 14 item 4, for the application's own tokens (client_credentials). */
  @Test
  void applicationTokensNeverGoToAnotherServer() throws Exception {
    Run first = Run.of(against("orgapi-basic", "token", "--print-access-token"));
    assertEquals(0, first.exitCode, first.toString());
    String token = first.out.trim();
    try (MockAuthServer other = MockAuthServer.builder().build()) {
      other.start();
      Run call = Run.of(MockArgs.against(other, store, "orgapi-basic",
          "call", "GET", "api/organization"));

      assertEquals(0, call.exitCode, call.toString());
      for (JournalEntry entry : other.journal()) {
        String authorization = entry.header("Authorization");
        assertFalse(authorization != null && authorization.contains(token),
            "the other server got the first one's token: " + entry);
      }
      assertEquals(1, other.tokenRequests("orgapi", "client_credentials"));
    }
  }

  /** Issue 14 item 8: the first request to /callback ended the login, forged or not. */
  @Test
  void forgedCallbackGets400AndTheLoginWaitsForTheRealOne() throws Exception {
    BackgroundLogin login = new BackgroundLogin(background,
        against("orgo", "login", "--no-browser"));
    String genuine = login.callbackFromServer();
    String callback = genuine.substring(0, genuine.indexOf('?'));

    for (String forged : new String[] {callback + "?code=forged&state=guessed",
        callback + "?error=access_denied&state=guessed", callback + "?code=forged", callback}) {
      try (Response response = get(forged)) {
        assertEquals(400, response.code(), forged);
        assertFalse(response.body().string().contains("Signed in"), forged);
      }
    }
    try (Response response = get(genuine)) {
      assertEquals(200, response.code());
      assertTrue(response.body().string().contains("Signed in"));
    }

    Run run = login.finish();
    assertEquals(0, run.exitCode, run.toString());
    assertTrue(run.out.contains("Signed in to orgo."), run.out);
    String ignored = "latchkey-cli: ignored a request to the loopback redirect";
    assertEquals(4, run.err.lines().filter(l -> l.startsWith(ignored)).count(), run.err);
    TroubleshootingPage.assertQuotes(run.err, ignored);
  }

  /**
   * Issue 14 items 9 and 13: provider text went to the terminal raw (ANSI escapes, bidi
   * overrides), and integers printed as doubles.
   */
  @Test
  void whoamiStripsTerminalControlsAndPrintsIntegersAsIntegers() throws Exception {
    loginToOrgo();
    String claims = "{\"name\":\"\\u001b[2J\\u001b[31mMallory\\u202egnp.exe\\u0007\","
        + "\"exp\":1796132390,\"ratio\":0.5,\"address\":{\"zip\":12345,\"line\":\"a\\rb\"},"
        + "\"groups\":[1,\"two\"]}";
    try (JsonStub userinfo = new JsonStub("/userinfo", claims)) {
      Run run = Run.of(against("orgo", "whoami", "--userinfo-url", userinfo.root() + "/userinfo"));

      assertEquals(0, run.exitCode, run.toString());
      assertEquals(1, userinfo.requests());
      for (char c : run.out.toCharArray()) {
        boolean safe = c == '\n' || Character.getType(c) != Character.CONTROL
            && Character.getType(c) != Character.FORMAT;
        assertTrue(safe, "unsafe character U+" + Integer.toHexString(c) + " in\n" + run.out);
      }
      assertTrue(run.out.contains("name:                [2J[31mMallorygnp.exe\n"), run.out);
      assertTrue(run.out.lines().anyMatch(l -> l.matches("exp: +1796132390")), run.out);
      assertTrue(run.out.lines().anyMatch(l -> l.matches("ratio: +0\\.5")), run.out);
      assertTrue(run.out.contains("{\"zip\":12345,\"line\":\"ab\"}"), run.out);
      assertTrue(run.out.contains("[1,\"two\"]"), run.out);
    }
  }

  /** Issue 14 item 14: the hint said {@code login --provider ...}, a placeholder. */
  @Test
  void loginHintRepeatsTheGivenOptionsButNeverTheSecret() throws Exception {
    loginToOrgo();
    assertEquals(0, Run.of(against("orgo", "logout")).exitCode);

    Run run = Run.of(against("orgo", "token", "--scope", "profile email"));

    assertEquals(ExitCodes.LOGIN_REQUIRED, run.exitCode, run.toString());
    String hint = "latchkey-cli: run `latchkey-cli login --provider orgo --base-url "
        + mock.baseUrl("orgo") + " --client-id orgo-demo-client --scope 'profile email' --store "
        + store + "` to sign in again, adding --client-secret (or set LATCHKEY_CLIENT_SECRET)";
    assertTrue(run.err.lines().anyMatch(hint::equals), run.err);
    assertFalse(run.err.contains("..."), run.err);
    assertFalse(run.err.contains(mock.demoClient("orgo").clientSecret()), run.err);
  }

  /**
   * Issue 14 item 15: whoami with nobody logged in showed the application's own identity (or a
   * userinfo 401) instead of saying that no user is logged in.
   */
  @Test
  void whoamiWithNobodyLoggedInSaysSoAndExitsLoginRequired() {
    Run run = Run.of(against("standard", "whoami"));

    assertEquals(ExitCodes.LOGIN_REQUIRED, run.exitCode, run.toString());
    assertFalse(run.out.contains("service-account"), run.out);
    assertTrue(run.err.startsWith("latchkey-cli: No user is logged in to standard at "
        + mock.baseUrl("standard") + "token as client standard-demo-client"), run.err);
    assertTrue(run.err.contains("latchkey-cli: run `latchkey-cli login --provider standard "),
        run.err);
    TroubleshootingPage.assertQuotes(run.err, "No user is logged in");
    assertEquals(0, mock.tokenRequests("standard"), "no token was fetched for nobody");
  }

  /**
   * Issue 14 item 12: with automatic client authentication, every run tried HTTP Basic first,
   * failed, and only then sent the credentials in the body; the CLI now remembers what worked.
   */
  @Test
  void laterRunsUseTheClientAuthenticationTheFirstRunLearned() {
    // Onna refuses HTTP Basic; the standard dialect does not know that and probes.
    String[] token = {"token", "--provider", "standard",
        "--token-url", mock.baseUrl("onna") + "v1/oauth/token",
        "--client-id", mock.demoClient("onna").clientId(),
        "--client-secret", mock.demoClient("onna").clientSecret(),
        "--store", store.toString()};
    Run first = Run.of(token);
    assertEquals(0, first.exitCode, first.toString());
    assertEquals(2, mock.tokenRequests("onna"), "Basic refused, then the body");
    String[] logout = token.clone();
    logout[0] = "logout";
    assertEquals(0, Run.of(logout).exitCode); // So that the next run needs a new token.

    Run second = Run.of(token);

    assertEquals(0, second.exitCode, second.toString());
    assertEquals(3, mock.tokenRequests("onna"), "one request, no failing attempt first");
    List<JournalEntry> journal = mock.journal("onna");
    JournalEntry last = journal.get(journal.size() - 1);
    assertNull(last.header("Authorization"), last.toString());
    assertTrue(last.body().contains("client_id=onna-demo-client"), last.body());
  }

  private Response get(String url) throws IOException {
    return browser.newCall(new Request.Builder().url(url).build()).execute();
  }
}
