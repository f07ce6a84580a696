package dev.latchkey.sessions;

import static dev.latchkey.testing.TokenSessionFixtures.T0;
import static dev.latchkey.testing.TokenSessionFixtures.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.Dialect;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.TestHooks;
import dev.latchkey.Token;
import dev.latchkey.TokenListener;
import dev.latchkey.TokenStore;
import dev.latchkey.testing.ManualTestClock;
import dev.latchkey.testing.TokenSessionServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link TokenListener} events metrics are built on: one per grant after all its attempts,
 * one per renewal saying where it ran, one per 401 answered by a renewal, one per store failure.
 */
final class ListenerEventsTest {
  private static final String TOKEN_PATH = "/oauth/token";

  private final ManualTestClock clock = new ManualTestClock(T0);
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final TokenListener listener = new TokenListener() {
    @Override
    public void tokenRequestFinished(String grant, int attempts, Duration duration,
        IOException failure) {
      events.add("request " + grant + " attempts=" + attempts + " "
          + (failure == null ? "ok" : failure.getClass().getSimpleName()));
    }

    @Override
    public void renewalFinished(Renewal renewal) {
      events.add("renewal " + (renewal.isApplication() ? "application" : "user") + " "
          + (renewal.isBackground() ? "background" : "caller") + " "
          + (renewal.failure() == null ? renewal.token().accessToken() : "failed"));
    }

    @Override
    public void retriedAfterRejection(String sessionKey, int status) {
      events.add("retried " + sessionKey + " " + status);
    }

    @Override
    public void loaded(String sessionKey, boolean application, Token token) {
      events.add("loaded " + sessionKey + " " + (application ? "application" : "user") + " "
          + token.accessToken());
    }

    @Override
    public void storeFailed(Exception failure) {
      events.add("store " + failure.getMessage());
    }
  };
  private TokenSessionServer server;

  @BeforeEach
  void setUp() throws IOException {
    server = new TokenSessionServer();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private OAuth2Client client(TokenStore store) {
    OAuth2Client.Builder builder = OAuth2Client.builder()
        .provider(Provider.orgo(server.baseUrl()).newBuilder()
            .dialect(Dialect.builder()
                .clientAuthentication(Dialect.ClientAuthentication.BASIC).build())
            .build())
        .clientId(TokenSessionServer.CLIENT_ID)
        .clientSecret(TokenSessionServer.CLIENT_SECRET)
        .clock(clock)
        .tokenStore(store)
        .listener(listener)
        .executor(Runnable::run);
    return TestHooks.pauses(builder, millis -> { }).build();
  }

  @Test
  void aGrantIsReportedOnceWithAllItsAttempts() throws IOException {
    server.on(TOKEN_PATH, TokenSessionServer.status(503),
        TokenSessionServer.token("app-at", null, 3600));
    try (OAuth2Client client = client(TokenStore.inMemory())) {
      assertEquals("app-at", client.clientCredentialsSession().accessToken());
    }
    assertEquals(List.of("request client_credentials attempts=2 ok",
        "renewal application caller app-at"), events);
  }

  @Test
  void aRefusedGrantIsReportedWithItsFailure() throws IOException {
    server.on(TOKEN_PATH, TokenSessionServer.oauthError(400, "invalid_grant"));
    try (OAuth2Client client = client(TokenStore.inMemory())) {
      client.session("alice").save(token("at1", "rt1", T0, Duration.ofHours(1)));
      clock.advance(Duration.ofHours(2));
      assertThrows(IOException.class, () -> client.session("alice").accessToken());
    }
    assertEquals(List.of("request refresh_token attempts=1 TokenEndpointException",
        "renewal user caller failed"), events.subList(0, 2));
  }

  @Test
  void a401AnsweredByARenewalIsReported() throws IOException {
    server.on(TOKEN_PATH, TokenSessionServer.token("at2", "rt2", 3600));
    server.on("/api", new MockResponse.Builder().code(401)
        .addHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"").build(),
        new MockResponse.Builder().body("ok").build());
    try (OAuth2Client client = client(TokenStore.inMemory())) {
      client.session("alice").save(token("at1", "rt1", T0, Duration.ofHours(1)));
      OkHttpClient api = client.session("alice").authorize(new OkHttpClient());
      try (Response response = api.newCall(new Request.Builder().url(server.url("/api"))
          .build()).execute()) {
        assertEquals(200, response.code());
      }
      api.connectionPool().evictAll(); // Or closing the server waits for the idle connection.
    }
    assertEquals(List.of("request refresh_token attempts=1 ok", "renewal user caller at2",
        "retried alice 401"), events);
  }

  /** What an earlier run or another instance stored is told once, when a session takes it up. */
  @Test
  void aStoredTokenIsReportedOnceWhenTheSessionTakesItUp() throws IOException {
    TokenStore store = TokenStore.inMemory();
    try (OAuth2Client client = client(store)) {
      String appKey = client.clientCredentialsSession().key();
      store.save(appKey, token("app-at", null, T0, Duration.ofHours(1)));
      store.save("alice", token("alice-at", "rt1", T0, Duration.ofHours(1)));

      assertEquals("app-at", client.clientCredentialsSession().accessToken());
      assertEquals("app-at", client.clientCredentialsSession().accessToken());
      assertEquals("alice-at", client.session("alice").accessToken());
      assertThrows(IOException.class, () -> client.session("bob").accessToken());

      assertEquals(List.of("loaded " + appKey + " application app-at",
          "loaded alice user alice-at", "renewal user caller failed"), events,
          "bob's empty entry is no token taken up");
    }
  }

  @Test
  void everyStoreFailureIsReported() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    TokenStore broken = new TokenStore() {
      @Override
      public Token load(String key) throws IOException {
        throw down();
      }

      @Override
      public void save(String key, Token token) throws IOException {
        throw down();
      }

      @Override
      public boolean compareAndSet(String key, Token expected, Token update)
          throws IOException {
        throw down();
      }

      @Override
      public void delete(String key) throws IOException {
        throw down();
      }

      @Override
      public boolean tryLease(String key, String owner, Duration ttl) throws IOException {
        throw down();
      }

      private IOException down() {
        calls.incrementAndGet();
        return new IOException("store down");
      }
    };
    server.on(TOKEN_PATH, TokenSessionServer.token("app-at", null, 3600));
    try (OAuth2Client client = client(broken)) {
      assertEquals("app-at", client.clientCredentialsSession().accessToken());
    }
    assertTrue(calls.get() > 0);
    assertEquals(calls.get(), events.stream().filter(e -> e.equals("store store down")).count(),
        events.toString());
  }
}
