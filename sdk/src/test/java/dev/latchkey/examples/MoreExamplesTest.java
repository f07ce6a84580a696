package dev.latchkey.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.TokenStore;
import dev.latchkey.Token;
import dev.latchkey.TokenSession;
import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.Fault;
import dev.latchkey.mockserver.MockAuthServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the README, 401, providers, troubleshooting and security examples. */
final class MoreExamplesTest {
  private static final String REDIRECT_URI = "http://127.0.0.1:8123/callback";
  private MockAuthServer mock;

  @TempDir
  Path dir;

  @BeforeEach
  void start() throws IOException {
    mock = MockAuthServer.builder().build();
    mock.start();
  }

  @AfterEach
  void stop() {
    mock.close();
  }

  private static String captureOut(IoRunnable body) throws IOException {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      body.run();
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  interface IoRunnable {
    void run() throws IOException;
  }

  @Test
  void readmeClientCredentialsPrintsAWorkspace() throws IOException {
    DemoClient onna = mock.demoClient("onna");
    String out = captureOut(() -> ReadmeClientCredentials.printNewWorkspace(
        mock.baseUrl("onna").toString(), onna.clientId(), onna.clientSecret()));
    assertTrue(out.contains("\"owner\":\"onna-demo-client\""), out);
  }

  @Test
  void sharedClientRenewsAndRetriesOnceAfterA401() throws IOException {
    DemoClient demo = mock.demoClient("ora");
    try (OAuth2Client ora = UnauthorizedExamples.treatAsExpired(mock.baseUrl("ora").toString(),
        demo.clientId(), demo.clientSecret()).newBuilder().redirectUri(REDIRECT_URI).build()) {
      TokenSession user = ora.session("user-1");
      user.save(Browser.signIn(ora));
      OkHttpClient api = UnauthorizedExamples.shared(new OkHttpClient(), user);
      String before = user.accessToken();
      mock.expireAccessTokens();
      Request projects = new Request.Builder().url(mock.baseUrl("ora") + "v1/projects").build();
      try (Response response = api.newCall(projects).execute()) {
        assertEquals(200, response.code());
        assertEquals(401, response.priorResponse().code());
      }
      assertNotEquals(before, user.accessToken());
      assertEquals(1, mock.tokenRequests("ora", "refresh_token"));
    }
  }

  @Test
  void customProviderTakesItsBaseUrlWithOrWithoutTheTrailingSlash() {
    Provider withSlash = ProviderExamples.acme("https://acme.example/tenant/");
    Provider withoutSlash = ProviderExamples.acme("https://acme.example/tenant");

    assertEquals("https://acme.example/tenant/oauth2/token",
        withoutSlash.tokenEndpoint().toString());
    assertEquals(withSlash.tokenEndpoint(), withoutSlash.tokenEndpoint());
    assertEquals(withSlash.authorizationEndpoint(), withoutSlash.authorizationEndpoint());
  }

  @Test
  void customProviderSpeaksOrangeLogicWithJson() throws IOException {
    DemoClient demo = mock.demoClient("orangelogic");
    Provider acme = ProviderExamples.acme(mock.baseUrl("orangelogic").toString());
    try (OAuth2Client client = OAuth2Client.builder()
        .provider(acme)
        .clientId(demo.clientId())
        .clientSecret(demo.clientSecret())
        .redirectUri(REDIRECT_URI)
        .build()) {
      Token token = Browser.signIn(client);
      Token fresh = client.refresh(token);
      assertNotEquals(token.accessToken(), fresh.accessToken());
      String body = mock.journal("orangelogic").get(mock.journal("orangelogic").size() - 1).body();
      assertTrue(body.startsWith("{"), body);
      assertTrue(body.contains("\"code\":"), body);
    }
  }

  @Test
  void derivedDiscoveredAndStandardProviders() throws IOException {
    Provider gateway = ProviderExamples.derived("https://ora.example.com/",
        "https://gw.example.com/ora/token");
    assertEquals("https://gw.example.com/ora/token", gateway.tokenEndpoint().toString());
    assertEquals(Provider.ora("https://ora.example.com/").dialect(), gateway.dialect());

    String issuer = mock.baseUrl("standard").toString().replaceAll("/$", "");
    Provider discovered = ProviderExamples.discovered(issuer);
    assertEquals(issuer, discovered.issuer());
    assertNotNull(discovered.revocationEndpoint());

    Provider standard = ProviderExamples.standard();
    assertEquals("https://id.example.com", standard.issuer());
    assertNotNull(standard.userinfoEndpoint());
  }

  @Test
  void diagnoseNamesEachFailure() throws IOException {
    String onnaUrl = mock.baseUrl("onna").toString();
    DemoClient onna = mock.demoClient("onna");
    try (OAuth2Client good = OAuth2Client.builder().provider(Provider.onna(onnaUrl))
        .clientId(onna.clientId()).clientSecret(onna.clientSecret()).maxRetries(0).build();
        // Its own store: a derived client shares the store, which holds good's valid token.
        OAuth2Client wrong = good.newBuilder().clientSecret("wrong")
            .tokenStore(TokenStore.inMemory()).build()) {
      assertEquals("ok", ErrorHandlingExamples.diagnose(good.clientCredentialsSession()));
      assertEquals("wrong client id or secret, or the dialect sends them the wrong way",
          ErrorHandlingExamples.diagnose(wrong.clientCredentialsSession()));
      mock.enqueueFault(Fault.html());
      assertEquals("HTTP 502 without an OAuth2 error: check the token URL",
          ErrorHandlingExamples.diagnose(good.newBuilder().tokenStore(TokenStore.inMemory())
              .build().clientCredentialsSession()));
      mock.enqueueFault(Fault.truncatedJson());
      assertEquals("not an OAuth2 answer (HTTP 200, application/json)",
          ErrorHandlingExamples.diagnose(good.newBuilder().tokenStore(TokenStore.inMemory())
              .build().clientCredentialsSession()));
      assertEquals("sign in again: nobody",
          ErrorHandlingExamples.diagnose(good.session("nobody")));
    }
  }

  @Test
  void verboseLoggingNeverShowsSecrets() throws IOException {
    Logger latchkey = Logger.getLogger("dev.latchkey");
    Level level = latchkey.getLevel();
    java.util.List<Handler> before = java.util.Arrays.asList(latchkey.getHandlers());
    ErrorHandlingExamples.verbose();
    StringBuilder logged = new StringBuilder();
    Handler capture = new Handler() {
      @Override
      public void publish(java.util.logging.LogRecord record) {
        logged.append(record.getMessage()).append('\n');
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    latchkey.addHandler(capture);
    try {
      DemoClient onna = mock.demoClient("onna");
      try (OAuth2Client client = OAuth2Client.builder()
          .provider(Provider.onna(mock.baseUrl("onna").toString()))
          .clientId(onna.clientId()).clientSecret(onna.clientSecret()).build()) {
        Token token = client.clientCredentials();
        assertTrue(logged.toString().contains("grant_type=client_credentials"), logged.toString());
        assertFalse(logged.toString().contains(onna.clientSecret()));
        assertFalse(logged.toString().contains(token.accessToken()));
      }
    } finally {
      for (Handler h : latchkey.getHandlers()) {
        if (!before.contains(h)) {
          latchkey.removeHandler(h);
        }
      }
      latchkey.setLevel(level);
    }
  }

  @Test
  void securityExamplesKeepSecretsOutOfToString() throws IOException {
    assertTrue(SecurityExamples.defaultTokenFile().endsWith("myapp/tokens.json"));
    DemoClient orgo = mock.demoClient("orgo");
    String out = captureOut(() -> SecurityExamples.withStore(mock.baseUrl("orgo").toString(),
        orgo.clientId(), orgo.clientSecret(), dir.resolve("tokens.json")).close());
    assertTrue(out.contains("clientSecret=present"), out);
    assertFalse(out.contains(orgo.clientSecret()), out);
  }
}
