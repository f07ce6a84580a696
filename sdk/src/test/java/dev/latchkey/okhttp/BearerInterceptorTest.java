package dev.latchkey.okhttp;

import dev.latchkey.testing.ManualTestClock;
import dev.latchkey.Dialect;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.ReauthorizationRequiredException;
import dev.latchkey.TokenSession;
import dev.latchkey.TokenStore;
import dev.latchkey.testing.TokenSessionServer;
import static dev.latchkey.testing.TokenSessionFixtures.T0;
import static dev.latchkey.testing.TokenSessionFixtures.token;
import static dev.latchkey.testing.TokenSessionServer.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
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

/** The header side of {@link TokenSession#authorize}, and statuses configured as "expired". */
final class BearerInterceptorTest {
  private static final String TOKEN_PATH = "/oauth/token";
  private static final String API_PATH = "/api/items";
  private static final MockResponse OK = new MockResponse.Builder().body("items").build();

  private final ManualTestClock clock = new ManualTestClock(T0);
  private final TokenStore store = TokenStore.inMemory();
  private final OkHttpClient base = new OkHttpClient();
  private TokenSessionServer server;

  @BeforeEach
  void setUp() throws IOException {
    server = new TokenSessionServer();
    server.on(TOKEN_PATH, TokenSessionServer.token("at2", "rt2", 3600));
    store.save("alice", token("at1", "rt1", T0, Duration.ofHours(1)));
  }

  @AfterEach
  void tearDown() {
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

  private OkHttpClient api(OAuth2Client client) {
    return client.session("alice").authorize(base);
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
  void addsBearerHeaderFromSession() throws IOException {
    server.on(API_PATH, OK);

    try (Response response = api(clientBuilder().build()).newCall(get()).execute()) {
      assertEquals(200, response.code());
      assertEquals("items", response.body().string());
    }
    assertEquals(List.of("Bearer at1"), apiAuthorizations());
    assertEquals(0, server.count(TOKEN_PATH));
  }

  @Test
  void sendsBearerWithCapitalBForOnnasLowercaseTokenType() throws IOException {
    server.on("/v1/oauth/token", TokenSessionServer.json(200,
        "{\"access_token\":\"cc1\",\"token_type\":\"bearer\",\"expires_in\":3599}"));
    server.on(API_PATH, OK);
    OAuth2Client onna = clientBuilder().provider(Provider.onna(server.baseUrl())).build();

    try (Response response = onna.clientCredentialsSession().authorize(base)
        .newCall(get()).execute()) {
      assertEquals(200, response.code());
    }
    assertEquals(List.of("Bearer cc1"), apiAuthorizations());
  }

  @Test
  void renewsExpiredTokenBeforeSendingRequest() throws IOException {
    server.on(API_PATH, OK);
    OkHttpClient api = api(clientBuilder().build());
    clock.advance(Duration.ofHours(1));

    try (Response response = api.newCall(get()).execute()) {
      assertEquals(200, response.code());
    }
    assertEquals(List.of("Bearer at2"), apiAuthorizations());
    assertEquals(1, server.count(TOKEN_PATH));
  }

  @Test
  void leavesRequestWithOwnAuthorizationAlone() throws IOException {
    server.on(API_PATH, TokenSessionServer.status(401));
    Request own = get().newBuilder().header("Authorization", "Basic dXNlcjpwYXNz").build();

    try (Response response = api(clientBuilder().build()).newCall(own).execute()) {
      assertEquals(401, response.code());
    }
    assertEquals(List.of("Basic dXNlcjpwYXNz"), apiAuthorizations());
    assertEquals(0, server.count(TOKEN_PATH), "renewed for credentials it did not send");
  }

  @Test
  void failureToGetTokenReachesCallerAsIOException() throws IOException {
    store.delete("alice");
    server.on(API_PATH, OK);

    ReauthorizationRequiredException e = assertThrows(ReauthorizationRequiredException.class,
        () -> api(clientBuilder().build()).newCall(get()).execute());
    assertEquals("alice", e.sessionKey());
    assertEquals(0, server.count(API_PATH));
  }

  @Test
  void forbiddenIsReturnedWithoutRenewalByDefault() throws IOException {
    server.on(API_PATH, TokenSessionServer.status(403));

    try (Response response = api(clientBuilder().build()).newCall(get()).execute()) {
      assertEquals(403, response.code());
    }
    assertEquals(List.of("Bearer at1"), apiAuthorizations());
    assertEquals(0, server.count(TOKEN_PATH));
  }

  @Test
  void treatAsExpiredRenewsAndRetriesOnce() throws IOException {
    server.on(API_PATH, request -> "Bearer at2".equals(request.getHeaders().get("Authorization"))
        ? OK : TokenSessionServer.status(403));
    OkHttpClient api = api(clientBuilder().treatAsExpired(403).build());

    try (Response response = api.newCall(get()).execute()) {
      assertEquals(200, response.code());
      assertEquals("items", response.body().string());
    }
    assertEquals(List.of("Bearer at1", "Bearer at2"), apiAuthorizations());
    assertEquals(1, server.count(TOKEN_PATH));
    assertEquals("grant_type=refresh_token&refresh_token=rt1",
        body(server.requests(TOKEN_PATH).get(0)));
  }

  @Test
  void treatAsExpiredStillLeavesInsufficientScopeAlone() throws IOException {
    server.on(API_PATH, new mockwebserver3.MockResponse.Builder().code(403)
        .setHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"admin\"")
        .build());
    OkHttpClient api = api(clientBuilder().treatAsExpired(403).build());

    try (Response response = api.newCall(get()).execute()) {
      assertEquals(403, response.code());
    }
    assertEquals(List.of("Bearer at1"), apiAuthorizations());
    assertEquals(0, server.count(TOKEN_PATH));
  }

  @Test
  void treatAsExpiredGivesUpAfterSecondRejection() throws IOException {
    server.on(API_PATH, TokenSessionServer.status(403));
    OkHttpClient api = api(clientBuilder().treatAsExpired(403).build());

    try (Response response = api.newCall(get()).execute()) {
      assertEquals(403, response.code());
    }
    assertEquals(List.of("Bearer at1", "Bearer at2"), apiAuthorizations());
    assertEquals(1, server.count(TOKEN_PATH));
  }

  @Test
  void treatAsExpiredDoesNotReplayOneShotBody() throws IOException {
    server.on(API_PATH, TokenSessionServer.status(403));
    OkHttpClient api = api(clientBuilder().treatAsExpired(403).build());
    RequestBody oneShot = new RequestBody() {
      @Override
      public MediaType contentType() {
        return MediaType.get("text/plain");
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        sink.writeUtf8("streamed upload");
      }

      @Override
      public boolean isOneShot() {
        return true;
      }
    };

    try (Response response = api.newCall(new Request.Builder().url(server.url(API_PATH))
        .post(oneShot).build()).execute()) {
      assertEquals(403, response.code());
    }
    assertEquals(List.of("Bearer at1"), apiAuthorizations());
    assertEquals(0, server.count(TOKEN_PATH));
  }

  @Test
  void treatAsExpiredReleasesConnectionWhenRenewalFails() throws IOException {
    server.on(TOKEN_PATH, TokenSessionServer.oauthError(400, "invalid_grant"));
    server.on(API_PATH, new MockResponse.Builder().code(403).body("token expired").build());
    OkHttpClient api = api(clientBuilder().treatAsExpired(403).build());

    assertThrows(ReauthorizationRequiredException.class, () -> api.newCall(get()).execute());
    ConnectionPool pool = base.connectionPool();
    assertEquals(pool.connectionCount(), pool.idleConnectionCount(),
        "the 403 response was left open, leaking its connection");
  }

  @Test
  void treatAsExpiredRejectsStatusesOutside4xx() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OAuth2Client.builder().treatAsExpired(500));
    assertEquals("treatAsExpired takes 4xx statuses: 500", e.getMessage());
  }
}
