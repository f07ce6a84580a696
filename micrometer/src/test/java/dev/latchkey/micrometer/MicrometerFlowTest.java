package dev.latchkey.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenSession;
import dev.latchkey.TokenStore;
import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.Fault;
import dev.latchkey.mockserver.ManualClock;
import dev.latchkey.mockserver.MockAuthServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole flows against the bundled mock server, read back from the registry. */
final class MicrometerFlowTest {
  private final ManualClock clock = new ManualClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private MockAuthServer mock;
  private Provider provider;
  private DemoClient demo;

  @BeforeEach
  void start() throws IOException {
    mock = MockAuthServer.builder().clock(clock).tokenLifetime(Duration.ofMinutes(10)).build();
    mock.start();
    provider = Provider.organizationApiBasic(mock.baseUrl("orgapi").toString());
    demo = mock.demoClient("orgapi");
  }

  @AfterEach
  void stop() {
    mock.close();
  }

  private OAuth2Client client(String secret, TokenStore store) {
    return client(secret, store, registry);
  }

  private OAuth2Client client(String secret, TokenStore store, SimpleMeterRegistry registry) {
    return OAuth2Client.builder()
        .provider(provider)
        .clientId(demo.clientId())
        .clientSecret(secret)
        .clock(clock)
        .tokenStore(store)
        .executor(Runnable::run)
        .listener(MicrometerTokenListener.builder(registry, "orgs", provider).clock(clock).build())
        .build();
  }

  private int callApi(TokenSession session) throws IOException {
    OkHttpClient api = session.authorize(new OkHttpClient());
    Request request = new Request.Builder()
        .url(mock.baseUrl("orgapi").toString() + "api/organization").build();
    try (Response response = api.newCall(request).execute()) {
      return response.code();
    }
  }

  @Test
  void applicationTokenIsTimedAndItsExpiryGauged() throws IOException {
    try (OAuth2Client client = client(demo.clientSecret(), TokenStore.inMemory())) {
      assertEquals(200, callApi(client.clientCredentialsSession()));

      assertEquals(1, registry.get("latchkey.token.requests")
          .tags("client", "orgs", "provider", provider.name(), "grant", "client_credentials",
              "outcome", "ok")
          .timer().count());
      assertEquals(1, registry.get("latchkey.renewals")
          .tags("session", "application", "thread", "caller", "outcome", "ok").timer().count());
      assertEquals(600.0, registry.get("latchkey.token.expiry").gauge().value());
      clock.advance(Duration.ofMinutes(3));
      assertEquals(420.0, registry.get("latchkey.token.expiry").gauge().value());
    }
  }

  /** A CLI's next run: the token its last run left in the file store is gauged at once. */
  @Test
  void tokenTakenUpFromAFileStoreIsGaugedWithoutARenewal(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("tokens.json");
    try (OAuth2Client lastRun = client(demo.clientSecret(), TokenStore.file(file),
        new SimpleMeterRegistry())) {
      lastRun.clientCredentialsSession().accessToken();
    }
    clock.advance(Duration.ofMinutes(2));

    try (OAuth2Client client = client(demo.clientSecret(), TokenStore.file(file))) {
      assertTrue(Double.isNaN(registry.get("latchkey.token.expiry").gauge().value()),
          "no session has taken up a token yet");
      assertEquals(200, callApi(client.clientCredentialsSession()));

      assertEquals(480.0, registry.get("latchkey.token.expiry").gauge().value());
      assertEquals(1, mock.tokenRequests("orgapi"), "the stored token served this run");
      assertTrue(registry.find("latchkey.renewals").timers().isEmpty());
    }
  }

  /** A fleet: the token another instance put into the shared store is gauged here too. */
  @Test
  void tokenAnotherInstanceStoredIsGaugedWhenThisOneTakesItUp() throws IOException {
    TokenStore shared = TokenStore.inMemory();
    try (OAuth2Client other = client(demo.clientSecret(), shared, new SimpleMeterRegistry());
        OAuth2Client client = client(demo.clientSecret(), shared)) {
      other.clientCredentialsSession().accessToken();
      clock.advance(Duration.ofMinutes(1));

      client.clientCredentialsSession().accessToken();

      assertEquals(540.0, registry.get("latchkey.token.expiry").gauge().value());
      assertEquals(1, mock.tokenRequests("orgapi"));
    }
  }

  @Test
  void renewalAheadOfExpiryRunsInTheBackground() throws IOException {
    try (OAuth2Client client = client(demo.clientSecret(), TokenStore.inMemory())) {
      TokenSession session = client.clientCredentialsSession();
      assertEquals(200, callApi(session));
      clock.advance(Duration.ofSeconds(590)); // In the last tenth of a 10-minute token's life.
      assertEquals(200, callApi(session));

      assertEquals(1, registry.get("latchkey.renewals")
          .tags("session", "application", "thread", "background", "outcome", "ok").timer()
          .count());
      assertEquals(600.0, registry.get("latchkey.token.expiry").gauge().value());
    }
  }

  @Test
  void unauthorizedAnswerIsRenewedRetriedOnceAndCounted() throws IOException {
    try (OAuth2Client client = client(demo.clientSecret(), TokenStore.inMemory())) {
      TokenSession session = client.clientCredentialsSession();
      assertEquals(200, callApi(session));
      mock.expireAccessTokens();
      assertEquals(200, callApi(session));

      assertEquals(1.0, registry.get("latchkey.api.retries").tags("status", "401").counter()
          .count());
      assertEquals(2, mock.tokenRequests("orgapi"), "one token, one renewal");
      assertEquals(2, registry.get("latchkey.renewals")
          .tags("thread", "caller", "outcome", "ok").timer().count());
    }
  }

  @Test
  void transientFailureIsRetriedAndCounted() throws IOException {
    mock.enqueueFault(Fault.serverError(), 1);
    try (OAuth2Client client = client(demo.clientSecret(), TokenStore.inMemory())) {
      assertEquals(200, callApi(client.clientCredentialsSession()));

      assertEquals(1.0, registry.get("latchkey.token.request.retries")
          .tags("grant", "client_credentials").counter().count());
      assertEquals(1, registry.get("latchkey.token.requests").tag("outcome", "ok").timer()
          .count());
    }
  }

  @Test
  void refusedClientIsRecordedByItsErrorCode() {
    try (OAuth2Client client = client("wrong-SECRET-value", TokenStore.inMemory())) {
      try {
        client.clientCredentialsSession().accessToken();
      } catch (IOException expected) {
        // Read back below.
      }
      assertEquals(1, registry.get("latchkey.token.requests")
          .tags("grant", "client_credentials", "outcome", "invalid_client").timer().count());
      assertEquals(1, registry.get("latchkey.renewals")
          .tags("session", "application", "outcome", "invalid_client").timer().count());
      MicrometerTokenListenerTest.assertNoTagContains(registry, "wrong-SECRET-value");
    }
  }

  @Test
  void failingStoreIsCountedAndTheCallStillWorks() throws IOException {
    try (OAuth2Client client = client(demo.clientSecret(), new BrokenStore())) {
      TokenSession session = client.clientCredentialsSession();
      assertEquals(200, callApi(session));
      Token token = session.token();

      assertTrue(registry.get("latchkey.store.failures").tags("exception", "IOException")
          .counter().count() >= 1);
      MicrometerTokenListenerTest.assertNoTagContains(registry, token.accessToken(),
          demo.clientSecret(), session.key());
    }
  }

  /** A store whose backend is down. */
  private static final class BrokenStore implements TokenStore {
    @Override
    public Token load(String key) throws IOException {
      throw new IOException("store down");
    }

    @Override
    public void save(String key, Token token) throws IOException {
      throw new IOException("store down");
    }

    @Override
    public boolean compareAndSet(String key, Token expected, Token update) throws IOException {
      throw new IOException("store down");
    }

    @Override
    public void delete(String key) throws IOException {
      throw new IOException("store down");
    }
  }
}
