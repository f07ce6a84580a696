package dev.latchkey.okhttp;

import dev.latchkey.testing.ManualTestClock;
import dev.latchkey.Dialect;
import dev.latchkey.ErrorCode;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.ReauthorizationRequiredException;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.TokenSession;
import dev.latchkey.TokenStore;
import dev.latchkey.testing.TokenSessionFixtures;
import dev.latchkey.testing.TokenSessionServer;
import static dev.latchkey.testing.TokenSessionFixtures.T0;
import static dev.latchkey.testing.TokenSessionFixtures.TIMEOUT_SECONDS;
import static dev.latchkey.testing.TokenSessionFixtures.await;
import static dev.latchkey.testing.TokenSessionFixtures.token;
import static dev.latchkey.testing.TokenSessionServer.BASIC;
import static dev.latchkey.testing.TokenSessionServer.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The 401 side of {@link TokenSession#authorize}: renew once, retry once, never loop. */
final class BearerAuthenticatorTest {
  private static final String TOKEN_PATH = "/oauth/token";
  private static final String API_PATH = "/api/items";
  private static final MockResponse OK = new MockResponse.Builder().body("items").build();
  private static final MockResponse INVALID_TOKEN = new MockResponse.Builder()
      .code(401)
      .body("invalid token")
      .setHeader("WWW-Authenticate", "Bearer realm=\"api\", error=\"invalid_token\"")
      .build();

  private final ManualTestClock clock = new ManualTestClock(T0);
  private final TokenStore store = TokenStore.inMemory();
  private final OkHttpClient base = new OkHttpClient();
  private final ExecutorService callers = Executors.newCachedThreadPool();
  private TokenSessionServer server;
  private OAuth2Client client;
  private TokenSession session;
  private OkHttpClient api;

  @BeforeEach
  void setUp() throws IOException {
    server = new TokenSessionServer();
    server.on(TOKEN_PATH, TokenSessionServer.token("at2", "rt2", 3600));
    client = clientBuilder().build();
    store.save("alice", token("at1", "rt1", T0, Duration.ofHours(1)));
    session = client.session("alice");
    api = session.authorize(base);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    callers.shutdownNow();
    assertTrue(callers.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    client.close();
    server.close();
  }

  private OAuth2Client.Builder clientBuilder() {
    return OAuth2Client.builder()
        .provider(Provider.orgo(server.baseUrl()).newBuilder()
            .dialect(Dialect.builder()
                .clientAuthentication(Dialect.ClientAuthentication.BASIC)
                .build())
            .build())
        .clientId(TokenSessionServer.CLIENT_ID)
        .clientSecret(TokenSessionServer.CLIENT_SECRET)
        .httpClient(base)
        .clock(clock)
        .tokenStore(store)
        .executor(Runnable::run);
  }

  /** The API accepts only {@code Bearer at2}; anything else gets {@code unauthorized}. */
  private void apiAccepts(String header, MockResponse unauthorized) {
    server.on(API_PATH, request -> header.equals(request.getHeaders().get("Authorization"))
        ? OK : unauthorized);
  }

  private Request get() {
    return new Request.Builder().url(server.url(API_PATH)).build();
  }

  private List<String> apiAuthorizations() {
    return server.requests(API_PATH).stream()
        .map(r -> r.getHeaders().get("Authorization"))
        .collect(Collectors.toList());
  }

  @Test
  void appsOwnAuthenticatorStillAnswersChallengesTheSessionHasNoPartIn() throws IOException {
    apiAccepts("Basic app-credentials", new MockResponse.Builder().code(401)
        .setHeader("WWW-Authenticate", "Basic realm=\"api\"").build());
    AtomicInteger appChallenges = new AtomicInteger();
    OkHttpClient appClient = base.newBuilder()
        .authenticator((route, response) -> appChallenges.getAndIncrement() == 0
            ? response.request().newBuilder()
                .header("Authorization", "Basic app-credentials").build()
            : null)
        .build();
    OkHttpClient authorized = session.authorize(appClient);

    Request ownCredentials = get().newBuilder().header("Authorization", "Basic stale").build();
    try (Response response = authorized.newCall(ownCredentials).execute()) {
      assertEquals(200, response.code());
    }
    assertEquals(1, appChallenges.get());
    assertEquals(List.of("Basic stale", "Basic app-credentials"), apiAuthorizations());
    assertEquals(0, server.count(TOKEN_PATH), "the session renewed nothing");
  }

  @Test
  void unauthorizedRenewsOnceAndRetriesWithNewToken() throws IOException {
    apiAccepts("Bearer at2", INVALID_TOKEN);

    try (Response response = api.newCall(get()).execute()) {
      assertEquals(200, response.code());
      assertEquals("items", response.body().string());
    }
    assertEquals(List.of("Bearer at1", "Bearer at2"), apiAuthorizations());
    assertEquals(1, server.count(TOKEN_PATH));
    RecordedRequest refresh = server.requests(TOKEN_PATH).get(0);
    assertEquals(BASIC, refresh.getHeaders().get("Authorization"));
    assertEquals("grant_type=refresh_token&refresh_token=rt1", body(refresh));
    assertEquals("rt2", store.load("alice").refreshToken());
  }

  @Test
  void retriesPostWithSameBody() throws IOException {
    apiAccepts("Bearer at2", INVALID_TOKEN);
    Request post = new Request.Builder()
        .url(server.url(API_PATH))
        .post(RequestBody.create("{\"name\":\"x\"}", MediaType.get("application/json")))
        .build();

    try (Response response = api.newCall(post).execute()) {
      assertEquals(200, response.code());
    }
    List<RecordedRequest> requests = server.requests(API_PATH);
    assertEquals(2, requests.size());
    for (RecordedRequest request : requests) {
      assertEquals("POST", request.getMethod());
      assertEquals("{\"name\":\"x\"}", body(request));
    }
  }

  @Test
  void doesNotRetrySecondUnauthorized() throws IOException {
    apiAccepts("never", INVALID_TOKEN);

    try (Response response = api.newCall(get()).execute()) {
      assertEquals(401, response.code());
      assertEquals("Bearer realm=\"api\", error=\"invalid_token\"",
          response.header("WWW-Authenticate"));
    }
    assertEquals(List.of("Bearer at1", "Bearer at2"), apiAuthorizations());
    assertEquals(1, server.count(TOKEN_PATH));
    assertEquals(3, server.totalCount());
  }

  @Test
  void bareUnauthorizedFromOnnaStillRenews() throws IOException {
    server.on("/v1/oauth/token",
        TokenSessionServer.json(200,
            "{\"access_token\":\"cc1\",\"token_type\":\"bearer\",\"expires_in\":3599}"),
        TokenSessionServer.json(200,
            "{\"access_token\":\"cc2\",\"token_type\":\"bearer\",\"expires_in\":3599}"));
    apiAccepts("Bearer cc2", TokenSessionServer.status(401)); // No WWW-Authenticate at all.
    OAuth2Client onna = clientBuilder().provider(Provider.onna(server.baseUrl())).build();
    OkHttpClient onnaApi = onna.clientCredentialsSession().authorize(base);

    try (Response response = onnaApi.newCall(get()).execute()) {
      assertEquals(200, response.code());
    }
    assertEquals(List.of("Bearer cc1", "Bearer cc2"), apiAuthorizations());
    List<RecordedRequest> grants = server.requests("/v1/oauth/token");
    assertEquals(2, grants.size());
    for (RecordedRequest grant : grants) {
      assertEquals("grant_type=client_credentials&client_id=app&client_secret=s3cret", body(grant));
    }
  }

  @Test
  void insufficientScopeIsNotRenewed() throws IOException {
    apiAccepts("never", new MockResponse.Builder()
        .code(401)
        .setHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"admin\"")
        .build());

    try (Response response = api.newCall(get()).execute()) {
      assertEquals(401, response.code());
    }
    assertEquals(List.of("Bearer at1"), apiAuthorizations());
    assertEquals(0, server.count(TOKEN_PATH));
  }

  @Test
  void doesNotReplayOneShotBody() throws IOException {
    apiAccepts("Bearer at2", INVALID_TOKEN);
    AtomicInteger writes = new AtomicInteger();
    RequestBody oneShot = new RequestBody() {
      @Override
      public MediaType contentType() {
        return MediaType.get("text/plain");
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        writes.incrementAndGet();
        sink.writeUtf8("streamed upload");
      }

      @Override
      public boolean isOneShot() {
        return true;
      }
    };
    Request upload = new Request.Builder().url(server.url(API_PATH)).post(oneShot).build();

    try (Response response = api.newCall(upload).execute()) {
      assertEquals(401, response.code());
    }
    assertEquals(1, writes.get());
    assertEquals(List.of("Bearer at1"), apiAuthorizations());
    assertEquals(0, server.count(TOKEN_PATH), "renewed for a request it cannot retry");
  }

  @Test
  void retriesWithTokenAnotherThreadAlreadyRenewed() throws Exception {
    CountDownLatch staleRequestArrived = new CountDownLatch(1);
    CountDownLatch answerStaleRequest = new CountDownLatch(1);
    server.on(API_PATH, request -> {
      if ("Bearer at1".equals(request.getHeaders().get("Authorization"))) {
        staleRequestArrived.countDown();
        await(answerStaleRequest, "the test to answer the stale request");
        return INVALID_TOKEN;
      }
      return OK;
    });

    CompletableFuture<Integer> call = CompletableFuture.supplyAsync(() -> {
      try (Response response = api.newCall(get()).execute()) {
        return response.code();
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }, callers);
    await(staleRequestArrived, "the request with the old token");
    assertEquals("at2", session.renew().accessToken()); // Another thread renews meanwhile.
    answerStaleRequest.countDown();

    assertEquals(200, call.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    assertEquals(List.of("Bearer at1", "Bearer at2"), apiAuthorizations());
    assertEquals(1, server.count(TOKEN_PATH), "renewed a token another thread had renewed");
  }

  @Test
  void concurrentUnauthorizedResponsesShareOneRenewal() throws Exception {
    apiAccepts("Bearer at2", INVALID_TOKEN);

    TokenSessionFixtures.Crowd crowd = TokenSessionFixtures.Crowd.start(16, () -> {
      try (Response response = api.newCall(get()).execute()) {
        return response.code();
      }
    });

    for (Object outcome : crowd.outcomes()) {
      assertEquals(200, outcome);
    }
    assertEquals(1, server.count(TOKEN_PATH));
  }

  @Test
  void tokenEndpointUnauthorizedDoesNotRecurse() throws IOException {
    AtomicInteger appAuthenticatorCalls = new AtomicInteger();
    OkHttpClient appClient = base.newBuilder()
        .authenticator((route, response) -> {
          appAuthenticatorCalls.incrementAndGet();
          return null;
        })
        .build();
    server.on(TOKEN_PATH, new MockResponse.Builder()
        .code(401)
        .setHeader("WWW-Authenticate", "Basic realm=\"token\"")
        .setHeader("Content-Type", "application/json")
        .body("{\"error\":\"invalid_client\"}")
        .build());
    apiAccepts("Bearer at2", INVALID_TOKEN);
    OAuth2Client misconfigured = clientBuilder().httpClient(appClient).build();
    OkHttpClient misconfiguredApi = misconfigured.session("alice").authorize(appClient);

    TokenEndpointException e = assertThrows(TokenEndpointException.class,
        () -> misconfiguredApi.newCall(get()).execute());
    assertEquals(ErrorCode.INVALID_CLIENT, e.errorCode());
    assertEquals(401, e.httpStatus());
    assertEquals(1, server.count(TOKEN_PATH));
    assertEquals(List.of("Bearer at1"), apiAuthorizations());
    assertEquals(0, appAuthenticatorCalls.get(), "the token request ran the app's authenticator");
    // A wrong client secret is not the user's fault: their refresh token stays.
    assertEquals("rt1", store.load("alice").refreshToken());
  }

  @Test
  void rejectedRefreshReachesCallerAsReauthorization() throws IOException {
    server.on(TOKEN_PATH, TokenSessionServer.oauthError(400, "invalid_grant"));
    apiAccepts("Bearer at2", INVALID_TOKEN);

    ReauthorizationRequiredException e = assertThrows(ReauthorizationRequiredException.class,
        () -> api.newCall(get()).execute());
    assertEquals("alice", e.sessionKey());
    assertInstanceOf(TokenEndpointException.class, e.getCause());
    assertNull(store.load("alice"));
    assertEquals(List.of("Bearer at1"), apiAuthorizations());
    ConnectionPool pool = base.connectionPool();
    assertEquals(pool.connectionCount(), pool.idleConnectionCount(),
        "the 401 response was left open, leaking its connection");
  }
}
