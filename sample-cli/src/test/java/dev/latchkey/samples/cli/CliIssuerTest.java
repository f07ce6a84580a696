package dev.latchkey.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.mockserver.ConsentMode;
import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.MockAuthServer;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Issue 14 item 16: {@code --issuer} takes the endpoints from the server's metadata, explicit
 * endpoint flags override them, and a callback's {@code iss} is checked; {@code -v} says which
 * endpoints were used and where each came from.
 */
final class CliIssuerTest {
  @TempDir
  Path temp;

  private MockAuthServer mock;
  private ExecutorService background;
  private String issuer;

  @BeforeEach
  void setUp() throws IOException {
    mock = MockAuthServer.builder().consent(ConsentMode.AUTO_APPROVE).build();
    mock.start();
    background = Executors.newSingleThreadExecutor();
    issuer = mock.url().toString() + "standard";
  }

  @AfterEach
  void tearDown() {
    background.shutdownNow();
    mock.close();
  }

  /** {@code rest}, then the issuer, the standard demo client and the store; no --provider. */
  private String[] withIssuer(String issuer, String... rest) {
    DemoClient demo = mock.demoClient("standard");
    List<String> args = new ArrayList<>(Arrays.asList(rest));
    args.addAll(Arrays.asList("--issuer", issuer, "--client-id", demo.clientId(),
        "--client-secret", demo.clientSecret(), "--store", temp.resolve("tokens.json").toString()));
    return args.toArray(new String[0]);
  }

  @Test
  void issuerAloneFindsTheEndpointsAndVerboseSaysWhereFrom() {
    Run run = Run.of(withIssuer(issuer, "token", "-v"));

    assertEquals(0, run.exitCode, run.toString());
    String metadata = "(from RFC 8414 metadata at " + mock.url()
        + ".well-known/oauth-authorization-server/standard)";
    assertTrue(run.err.contains("latchkey-cli: endpoints of standard at " + issuer + "/token:"),
        run.err);
    for (String endpoint : new String[] {"authorization  " + issuer + "/authorize ",
        "token          " + issuer + "/token ", "userinfo       " + issuer + "/userinfo ",
        "revocation     " + issuer + "/revoke "}) {
      assertTrue(run.err.contains("  " + endpoint + metadata), endpoint + " in\n" + run.err);
    }
    assertTrue(run.err.contains("  issuer         " + issuer
        + " (a callback's iss, when present, must equal it)"), run.err);
    assertTrue(run.out.contains("provider:      standard (" + issuer + "/token)"), run.out);
    assertEquals(1, mock.tokenRequests("standard", "client_credentials"));
  }

  @Test
  void endpointFlagsOverrideTheMetadata() throws Exception {
    try (JsonStub userinfo = new JsonStub("/me", "{\"sub\":\"someone\"}")) {
      BackgroundLogin.approve(background, withIssuer(issuer, "login", "--no-browser"));
      Run run = Run.of(withIssuer(issuer, "whoami", "-v",
          "--userinfo-url", userinfo.root() + "/me"));

      assertEquals(0, run.exitCode, run.toString());
      assertTrue(run.out.lines().anyMatch(l -> l.matches("sub: +someone")), run.out);
      assertTrue(run.err.contains(
          "  userinfo       " + userinfo.root() + "/me (from --userinfo-url)"),
          run.err);
      assertTrue(run.err.contains("  token          " + issuer + "/token (from RFC 8414"), run.err);
    }
  }

  @Test
  void loginWhoamiAndCallWorkWithTheIssuerAlone() throws Exception {
    Run login = BackgroundLogin.approve(background, withIssuer(issuer, "login", "--no-browser"));
    assertEquals(0, login.exitCode, login.toString());

    Run whoami = Run.of(withIssuer(issuer, "whoami"));
    assertEquals(0, whoami.exitCode, whoami.toString());
    assertTrue(whoami.out.contains("sub:"), whoami.out);
    Run call = Run.of(withIssuer(issuer, "call", "GET", "userinfo"));
    assertEquals(0, call.exitCode, call.toString());
    assertTrue(call.out.contains("\"sub\""), call.out);
  }

  @Test
  void issuerAndBaseUrlTogetherAreAUsageError() {
    Run run = Run.of(withIssuer(issuer, "token",
        "--base-url", mock.baseUrl("standard").toString()));

    assertEquals(ExitCodes.USAGE, run.exitCode, run.toString());
    TroubleshootingPage.assertQuotes(run.err, "--issuer and --base-url both name the server");
  }

  @Test
  void withoutAServerOrProviderTheMessagesNameTheMissingFlags() {
    Run run = Run.of("token", "--base-url", mock.baseUrl("standard").toString());

    assertEquals(ExitCodes.USAGE, run.exitCode, run.toString());
    TroubleshootingPage.assertQuotes(run.err, "--provider is required unless --issuer is given");
    Run noTokenUrl = Run.of("token", "--provider", "orgo", "--client-id", "id",
        "--authorize-url", mock.baseUrl("orgo") + "oauth/authorize");
    assertEquals(ExitCodes.USAGE, noTokenUrl.exitCode, noTokenUrl.toString());
    TroubleshootingPage.assertQuotes(noTokenUrl.err, "--token-url is required when neither");
  }

  /** A server whose metadata promises iss (RFC 9207 §3), in front of the mock's endpoints. */
  private JsonStub issuerPromisingIss() throws IOException {
    String endpoints = mock.url() + "standard/";
    return new JsonStub("/.well-known/oauth-authorization-server", root -> "{\"issuer\":\""
        + root + "\",\"authorization_endpoint\":\"" + endpoints + "authorize\","
        + "\"token_endpoint\":\"" + endpoints + "token\","
        + "\"authorization_response_iss_parameter_supported\":true}");
  }

  @Test
  void callbackWithoutThePromisedIssIsRefused() throws Exception {
    try (JsonStub stub = issuerPromisingIss()) {
      BackgroundLogin login = new BackgroundLogin(background,
          withIssuer(stub.root(), "login", "--no-browser", "-v"));
      try (Response response = get(login.callbackFromServer())) {
        assertTrue(response.body().string().contains("Sign-in did not complete"));
      }
      Run run = login.finish();

      assertEquals(ExitCodes.REFUSED, run.exitCode, run.toString());
      assertTrue(run.err.contains("(a callback must carry this iss: the metadata says"
          + " authorization_response_iss_parameter_supported)"), run.err);
      TroubleshootingPage.assertQuotes(run.err, "The callback has no iss");
    }
  }

  @Test
  void callbackWithTheIssuersIssSignsIn() throws Exception {
    try (JsonStub stub = issuerPromisingIss()) {
      BackgroundLogin login = new BackgroundLogin(background,
          withIssuer(stub.root(), "login", "--no-browser"));
      try (Response response = get(login.callbackFromServer() + "&iss=" + encode(stub.root()))) {
        assertTrue(response.body().string().contains("Signed in"));
      }
      Run run = login.finish();

      assertEquals(0, run.exitCode, run.toString());
    }
  }

  @Test
  void callbackWithAnotherIssIsRefused() throws Exception {
    try (JsonStub stub = issuerPromisingIss()) {
      BackgroundLogin login = new BackgroundLogin(background,
          withIssuer(stub.root(), "login", "--no-browser"));
      get(login.callbackFromServer() + "&iss=" + encode("https://evil.example")).close();
      Run run = login.finish();

      assertEquals(ExitCodes.REFUSED, run.exitCode, run.toString());
      assertTrue(run.err.contains("is not this provider's issuer"), run.err);
      assertEquals(0, mock.tokenRequests("standard"), "the code was never exchanged");
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static Response get(String url) throws IOException {
    return new OkHttpClient().newCall(new Request.Builder().url(url).build()).execute();
  }
}
