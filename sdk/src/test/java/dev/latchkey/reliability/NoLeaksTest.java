package dev.latchkey.reliability;

import static dev.latchkey.reliability.Reliability.assertTyped;
import static dev.latchkey.reliability.Reliability.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.AuthorizationDeniedException;
import dev.latchkey.AuthorizationRequest;
import dev.latchkey.OAuth2Client;
import dev.latchkey.OAuth2Exception;
import dev.latchkey.Provider;
import dev.latchkey.ReauthorizationRequiredException;
import dev.latchkey.Token;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.TokenSession;
import dev.latchkey.TokenStore;
import dev.latchkey.mockserver.ConsentMode;
import dev.latchkey.mockserver.Fault;
import dev.latchkey.mockserver.JournalEntry;
import dev.latchkey.testing.ManualTestClock;
import dev.latchkey.mockserver.MockAuthServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every flow of every provider, its failures included, at the finest log level: the
 * {@link LeakGuard} then finds no client secret, token, code, state or PKCE verifier in any log
 * record, exception or {@code toString()}. The query-parameter dialect, which puts the client
 * secret into the token request's URL, never logs that URL.
 */
@Timeout(60)
final class NoLeaksTest {
  @RegisterExtension
  final LeakGuard leaks = new LeakGuard();

  @TempDir
  Path dir;

  private final ManualTestClock clock = new ManualTestClock(java.time.Instant.now());
  private MockAuthServer mock;

  @BeforeEach
  void startServer() throws IOException {
    mock = MockAuthServer.builder().clock(clock).tokenLifetime(Duration.ofMinutes(1)).build();
    mock.start();
  }

  @AfterEach
  void stopServer() {
    Reliability.registerVerifiers(mock, leaks);
    mock.close();
  }

  @Test
  void guardRecordsTheFinestLevelOfTheSdkAndOkHttpLoggers() {
    Logger.getLogger("dev.latchkey.reliability.probe").finest("probe-sdk-finest");
    Logger.getLogger("okhttp3.probe").finest("probe-okhttp-finest");
    List<String> texts = leaks.texts();
    assertTrue(texts.contains("probe-sdk-finest"), texts.toString());
    assertTrue(texts.contains("probe-okhttp-finest"), texts.toString());
  }

  @Test
  void queryParameterDialectNeverLogsItsUrl() throws Exception {
    OAuth2Client client = Reliability.client(mock, "orgapi", leaks).clock(clock)
        .provider(Provider.organizationApiQuery(mock.baseUrl("orgapi").toString()))
        .tokenStore(TokenStore.file(dir.resolve("tokens.json")))
        .build();
    TokenSession app = client.clientCredentialsSession();
    OkHttpClient api = app.authorize(Reliability.HTTP);
    Request organization = new Request.Builder()
        .url(mock.baseUrl("orgapi") + "api/organization").build();
    mock.enqueueFault(Fault.serverError(), 1); // A retry, logged at FINE.
    mock.enqueueFault(Fault.disconnect(), 1);  // A network failure, logged with its cause.
    for (int round = 0; round < 3; round++) {
      try (Response response = api.newCall(organization).execute()) {
        assertEquals(200, response.code());
      }
      clock.advance(Duration.ofMinutes(2)); // Expired: the next call refreshes.
    }
    mock.expireAllTokens(); // A 401 at the API: renew and retry.
    try (Response response = api.newCall(organization).execute()) {
      assertEquals(200, response.code());
    }
    mock.enqueueFault(Fault.html(), 3);
    clock.advance(Duration.ofMinutes(2));
    assertTyped(OAuth2Exception.class, leaks, app::accessToken);

    // The secret did travel in the URL query: this is the dialect under test.
    String secret = mock.demoClient("orgapi").clientSecret();
    assertTrue(mock.journal("orgapi").stream().map(JournalEntry::query)
        .anyMatch(q -> q != null && q.contains("client_secret=" + secret)));
    assertTrue(mock.tokenRequests("orgapi") >= 8, "token requests " + mock.tokenRequests("orgapi"));
    for (String text : leaks.texts()) {
      assertFalse(text.contains("client_secret="), "a URL with its query was logged: " + text);
      assertFalse(text.contains("refresh_token="), "a URL with its query was logged: " + text);
    }
    long warnings = leaks.texts().stream()
        .filter(t -> t.contains("takes the client secret in the URL query")).count();
    assertEquals(1, warnings, "warned once that the dialect is less secure");
    assertTrue(leaks.logRecords() > 10, "the finest level was on: " + leaks.logRecords());
    leaks.scan(app);
    leaks.scan(client);
    client.close();
  }

  @Test
  void everyProviderFlowAndFailureAtTheFinestLevel() throws Exception {
    for (String id : List.of("ora", "orangelogic", "orgo", "standard")) {
      OAuth2Client client = Reliability.client(mock, id, leaks).clock(clock).build();
      TokenSession user = client.session("user-" + id);
      Token token = signIn(client, mock, leaks);
      user.save(token);
      clock.advance(Duration.ofMinutes(2));
      leaks.token(user.token()); // Refreshed.
      if (client.provider().userinfoEndpoint() != null) {
        leaks.scan(user.userInfo());
      }
      // A refresh token the provider no longer accepts: "log in again".
      mock.expireAllTokens();
      clock.advance(Duration.ofDays(40));
      assertTyped(ReauthorizationRequiredException.class, leaks, user::accessToken);
      // A code used twice, and a login the user denied.
      AuthorizationRequest first = client.newAuthorizationRequest().build();
      String callback = Reliability.authorize(first, leaks);
      leaks.token(client.exchange(first, callback));
      AuthorizationRequest second = client.newAuthorizationRequest().build();
      String replay = callback.replaceAll("state=[^&]*", "state="
          + second.url().queryParameter("state"));
      assertTyped(TokenEndpointException.class, leaks, () -> client.exchange(second, replay));
      mock.consent(ConsentMode.AUTO_DENY);
      AuthorizationRequest denied = client.newAuthorizationRequest().build();
      String deniedCallback = Reliability.authorize(denied, leaks);
      assertTyped(AuthorizationDeniedException.class, leaks,
          () -> client.exchange(denied, deniedCallback));
      mock.consent(ConsentMode.AUTO_APPROVE);
      user.save(signIn(client, mock, leaks));
      user.signOut();
      leaks.scan(user);
      leaks.scan(client);
      leaks.scan(client.provider());
      leaks.scan(first);
      client.close();
    }
    OAuth2Client onna = Reliability.client(mock, "onna", leaks).clock(clock).build();
    TokenSession app = onna.clientCredentialsSession();
    try (Response response = app.authorize(Reliability.HTTP).newCall(new Request.Builder()
        .url(mock.baseUrl("onna") + "v1/workspaces")
        .post(RequestBody.create("{}", MediaType.get("application/json"))).build()).execute()) {
      assertEquals(200, response.code());
    }
    OAuth2Client wrong = onna.newBuilder().clientSecret(leaks.secret("wrong-secret-123456"))
        .build();
    assertTyped(TokenEndpointException.class, leaks, wrong::clientCredentials);
    leaks.scan(app);
    onna.close();
    wrong.close();
    assertTrue(leaks.logRecords() > 0);
  }

  @Test
  void guardFailsATestThatLeaksIntoALogOrAMessage() {
    // A second guard, driven by hand around a "test" that leaks, must fail it.
    LeakGuard guard = new LeakGuard();
    ExtensionContext context = (ExtensionContext) java.lang.reflect.Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {ExtensionContext.class},
        (proxy, method, args) -> method.getName().equals("getExecutionException")
            ? java.util.Optional.empty() : null);
    String planted = "planted-secret-0123456789";
    guard.beforeEach(context);
    guard.secret(planted);
    Logger.getLogger("dev.latchkey").log(Level.FINEST, "renewed with {0}", planted);
    AssertionError logged = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
        () -> guard.afterEach(context));
    assertTrue(logged.getMessage().contains("log dev.latchkey contains the secret"),
        logged.getMessage());
    assertFalse(logged.getMessage().contains(planted), "the report does not leak it either");

    guard.beforeEach(context);
    guard.secret(planted);
    guard.scan(new OAuth2Exception("wrapped", new IOException("token " + planted)));
    AssertionError thrown = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
        () -> guard.afterEach(context));
    assertTrue(thrown.getMessage().contains("exception OAuth2Exception contains the secret"),
        thrown.getMessage());
  }
}
