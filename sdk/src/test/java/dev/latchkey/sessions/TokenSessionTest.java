package dev.latchkey.sessions;

import dev.latchkey.testing.ManualTestClock;
import dev.latchkey.Dialect;
import dev.latchkey.ErrorCode;
import dev.latchkey.OAuth2Client;
import dev.latchkey.OAuth2Exception;
import dev.latchkey.Provider;
import dev.latchkey.ReauthorizationRequiredException;
import dev.latchkey.Token;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.TokenListener;
import dev.latchkey.TokenSession;
import dev.latchkey.TokenStore;
import dev.latchkey.testing.ForwardingTokenStore;
import dev.latchkey.testing.TokenSessionFixtures;
import dev.latchkey.testing.TokenSessionServer;
import static dev.latchkey.testing.TokenSessionFixtures.T0;
import static dev.latchkey.testing.TokenSessionFixtures.token;
import static dev.latchkey.testing.TokenSessionServer.BASIC;
import static dev.latchkey.testing.TokenSessionServer.FORM;
import static dev.latchkey.testing.TokenSessionServer.body;
import static dev.latchkey.testing.TokenSessionServer.oauthError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.testing.TokenSessionFixtures.RecordingExecutor;
import dev.latchkey.testing.TokenSessionFixtures.RecordingListener;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A token session: refresh-ahead, renewal, rotation, rejection, client_credentials, lifecycle. */
final class TokenSessionTest {
  /** Orgo's token path; Orgo here takes client credentials in HTTP Basic. */
  private static final String TOKEN_PATH = "/oauth/token";
  private static final String REFRESH_RT1 = "grant_type=refresh_token&refresh_token=rt1";

  private final ManualTestClock clock = new ManualTestClock(T0);
  private final RecordingExecutor executor = new RecordingExecutor();
  private final RecordingListener listener = new RecordingListener();
  private TokenStore store = TokenStore.inMemory();
  private TokenSessionServer server;
  private OAuth2Client client;

  @BeforeEach
  void setUp() throws IOException {
    server = new TokenSessionServer();
  }

  @AfterEach
  void tearDown() {
    if (client != null) {
      client.close();
    }
    server.close();
  }

  private Provider orgo() {
    return Provider.orgo(server.baseUrl()).newBuilder()
        .dialect(Dialect.builder().clientAuthentication(Dialect.ClientAuthentication.BASIC).build())
        .build();
  }

  private OAuth2Client.Builder clientBuilder(Provider provider) {
    return OAuth2Client.builder()
        .provider(provider)
        .clientId(TokenSessionServer.CLIENT_ID)
        .clientSecret(TokenSessionServer.CLIENT_SECRET)
        .clock(clock)
        .tokenStore(store)
        .listener(listener)
        .executor(executor);
  }

  /** A user session for "alice" whose stored one-hour token was issued now. */
  private TokenSession alice() throws IOException {
    client = clientBuilder(orgo()).build();
    store.save("alice", token("at1", "rt1", clock.instant(), Duration.ofHours(1)));
    return client.session("alice");
  }

  private static void assertRefresh(RecordedRequest request, String expectedBody) {
    assertEquals("POST", request.getMethod());
    assertEquals(TOKEN_PATH, request.getUrl().encodedPath());
    assertEquals(BASIC, request.getHeaders().get("Authorization"));
    assertEquals("application/json", request.getHeaders().get("Accept"));
    assertEquals(FORM, request.getHeaders().get("Content-Type"));
    assertEquals(expectedBody, body(request));
  }

  // Refresh-ahead

  @Test
  void validTokenIsServedWithoutContactingServer() throws IOException {
    TokenSession session = alice();

    assertEquals("at1", session.accessToken());
    clock.advance(Duration.ofMinutes(58));
    assertEquals("at1", session.accessToken());
    assertEquals(0, server.totalCount());
    assertEquals(0, executor.submitted());
  }

  @Test
  void renewsInBackgroundInLastMinuteWhileServingOldToken() throws IOException {
    server.on(TOKEN_PATH, TokenSessionServer.token("at2", "rt2", 3600));
    TokenSession session = alice();

    clock.advance(Duration.ofSeconds(3540).minusMillis(1));
    assertEquals("at1", session.accessToken());
    assertEquals(0, executor.submitted(), "renewed before the window opened");

    clock.advance(Duration.ofMillis(1)); // 60 s before expiry: the window opens.
    assertEquals("at1", session.accessToken());
    assertEquals(1, executor.submitted());
    assertEquals(0, server.totalCount(), "the caller waited for the renewal");
    assertEquals("at1", session.accessToken());
    assertEquals(1, executor.submitted(), "a second call started another renewal");

    assertEquals(1, executor.runAll());
    assertEquals("at2", session.accessToken());
    assertEquals(1, server.count(TOKEN_PATH));
    assertRefresh(server.requests(TOKEN_PATH).get(0), REFRESH_RT1);
    assertEquals(1, executor.submitted());
  }

  @Test
  void renewalWindowIsLastTenthOfShortLifetime() throws IOException {
    server.on(TOKEN_PATH, TokenSessionServer.token("at2", "rt2", 300));
    client = clientBuilder(orgo()).build();
    store.save("alice", token("at1", "rt1", T0, Duration.ofMinutes(5)));
    TokenSession session = client.session("alice");

    clock.advance(Duration.ofSeconds(270).minusMillis(1));
    assertEquals("at1", session.accessToken());
    assertEquals(0, executor.submitted());

    clock.advance(Duration.ofMillis(1)); // 30 s (a tenth of 300 s) before expiry.
    assertEquals("at1", session.accessToken());
    assertEquals(1, executor.submitted());
    executor.runAll();
    assertEquals("at2", session.accessToken());
  }

  @Test
  void expiredTokenIsRenewedOnCallersThread() throws IOException {
    server.on(TOKEN_PATH, TokenSessionServer.token("at2", "rt2", 3600));
    TokenSession session = alice();
    clock.advance(Duration.ofHours(1));

    assertEquals("at2", session.accessToken());
    assertEquals(0, executor.submitted());
    assertRefresh(server.requests(TOKEN_PATH).get(0), REFRESH_RT1);
    Token token = session.token();
    assertEquals(clock.instant(), token.issuedAt());
    assertEquals(clock.instant().plusSeconds(3600), token.expiresAt());
  }

  // Rotation

  @Test
  void savesRotatedRefreshTokenBeforeHandingOutNewAccessToken() throws IOException {
    server.on(TOKEN_PATH, TokenSessionServer.token("at2", "rt2", 3600));
    List<String> seen = new CopyOnWriteArrayList<>();
    AtomicReference<TokenSession> sessionRef = new AtomicReference<>();
    TokenStore memory = TokenStore.inMemory();
    store = new ForwardingTokenStore(memory) {
      @Override
      public void save(String key, Token token) throws IOException {
        TokenSession session = sessionRef.get();
        String before = session == null ? "-" : session.accessToken();
        super.save(key, token);
        seen.add("saved " + token.refreshToken() + " while callers got " + before);
      }

      @Override
      public boolean compareAndSet(String key, Token expected, Token update) throws IOException {
        TokenSession session = sessionRef.get();
        String before = session == null ? "-" : session.accessToken();
        boolean swapped = super.compareAndSet(key, expected, update);
        seen.add("saved " + update.refreshToken() + " while callers got " + before);
        return swapped;
      }

      @Override
      public boolean compareAndSetLeased(String key, String owner, Token expected, Token update)
          throws IOException {
        return compareAndSet(key, expected, update); // A renewal's save, observed as above.
      }
    };
    TokenSession session = alice();
    sessionRef.set(session);
    seen.clear(); // The test's own save of at1.
    clock.advance(Duration.ofSeconds(3550));

    assertEquals("at1", session.accessToken());
    executor.runAll();
    seen.add("callers get " + session.accessToken());

    assertEquals(List.of("saved rt2 while callers got at1", "callers get at2"), seen);
    assertEquals("rt2", memory.load("alice").refreshToken());
    assertEquals("at2", memory.load("alice").accessToken());
  }

  @Test
  void listenerSeesRotatedTokenAlreadyInStore() throws IOException {
    server.on(TOKEN_PATH, TokenSessionServer.token("at2", "rt2", 3600));
    List<String> storedWhenRenewed = new CopyOnWriteArrayList<>();
    client = clientBuilder(orgo())
        .listener(new TokenListener() {
          @Override
          public void renewed(String sessionKey, Token token) {
            try {
              storedWhenRenewed.add(store.load(sessionKey).refreshToken());
            } catch (IOException e) {
              throw new AssertionError(e);
            }
          }
        })
        .build();
    store.save("alice", token("at1", "rt1", T0, Duration.ofHours(1)));
    clock.advance(Duration.ofHours(2));

    assertEquals("at2", client.session("alice").accessToken());
    assertEquals(List.of("rt2"), storedWhenRenewed);
  }

  @Test
  void keepsRefreshTokenWhenResponseOmitsIt() throws IOException {
    server.on(TOKEN_PATH,
        TokenSessionServer.token("at2", null, 3600),
        TokenSessionServer.token("at3", null, 3600));
    TokenSession session = alice();
    clock.advance(Duration.ofHours(1));

    assertEquals("at2", session.accessToken());
    assertEquals("rt1", session.token().refreshToken());
    assertEquals("rt1", store.load("alice").refreshToken());
    assertEquals("at2", store.load("alice").accessToken());

    clock.advance(Duration.ofHours(1));
    assertEquals("at3", session.accessToken());
    assertRefresh(server.requests(TOKEN_PATH).get(1), REFRESH_RT1);
  }

  // Rejected refresh

  @Test
  void refreshRejectedClearsStoreAndAsksForLogin() throws IOException {
    server.on(TOKEN_PATH, TokenSessionServer.json(400,
        "{\"error\":\"invalid_grant\",\"error_description\":\"Refresh token expired\"}"));
    TokenSession session = alice();
    clock.advance(Duration.ofHours(1));

    ReauthorizationRequiredException e =
        assertThrows(ReauthorizationRequiredException.class, session::accessToken);
    assertEquals("The provider rejected the refresh token of \"alice\" (invalid_grant); it is"
        + " expired or revoked. The stored token was deleted: send the user through login again",
        e.getMessage());
    assertFalse(e.getMessage().contains("rt1") || e.getMessage().contains("at1"));
    assertEquals("alice", e.sessionKey());
    TokenEndpointException cause = assertInstanceOf(TokenEndpointException.class, e.getCause());
    assertEquals(ErrorCode.INVALID_GRANT, cause.errorCode());
    assertEquals(400, cause.httpStatus());
    assertNull(store.load("alice"));
    assertRefresh(server.requests(TOKEN_PATH).get(0), REFRESH_RT1);
    assertEquals(List.of("failed alice ReauthorizationRequiredException"), listener.events);

    // The rejected refresh token is not sent again: the user has to log in.
    ReauthorizationRequiredException again =
        assertThrows(ReauthorizationRequiredException.class, session::accessToken);
    assertEquals("No token is stored for \"alice\"; send the user through login (the"
        + " authorization-code flow) first", again.getMessage());
    assertEquals(1, server.count(TOKEN_PATH));
  }

  @Test
  void loginAfterRejectedRefreshIsPickedUpFromStore() throws IOException {
    server.on(TOKEN_PATH, oauthError(400, "invalid_grant"));
    TokenSession session = alice();
    clock.advance(Duration.ofHours(1));
    assertThrows(ReauthorizationRequiredException.class, session::accessToken);

    // The user logs in again through another session object for the same key.
    client.session("alice").save(token("at9", "rt9", clock.instant(), Duration.ofHours(1)));

    assertEquals("at9", session.accessToken());
    assertEquals(1, server.count(TOKEN_PATH));
  }

  @Test
  void adoptsTokenRotatedByAnotherInstanceWithoutResendingOldRefreshToken() throws IOException {
    server.on(TOKEN_PATH, request -> body(request).contains("refresh_token=rt1")
        && server.count(TOKEN_PATH) == 1
        ? TokenSessionServer.token("at2", "rt2", 3600)
        : oauthError(400, "invalid_grant"));
    TokenSession here = alice();
    assertEquals("at1", here.accessToken()); // Loaded into this instance's memory.

    // Another instance sharing the store refreshes first; the server rotates rt1 away.
    clock.advance(Duration.ofMinutes(10));
    OAuth2Client otherInstance = clientBuilder(orgo()).build();
    assertEquals("at2", otherInstance.session("alice").renew().accessToken());
    otherInstance.close();

    clock.advance(Duration.ofMinutes(50)); // This instance's token expires; the other's has not.
    assertEquals("at2", here.accessToken());
    assertEquals("rt2", here.token().refreshToken());
    assertEquals("rt2", store.load("alice").refreshToken());
    // The store already holds the other instance's token, so rt1 is not even tried again.
    assertEquals(1, server.count(TOKEN_PATH));
  }

  @ParameterizedTest
  @CsvSource({
      "401, invalid_client",
      "400, unauthorized_client",
      "400, invalid_request",
  })
  void refreshRefusedForAnotherReasonKeepsStoredToken(int status, String error)
      throws IOException {
    server.on(TOKEN_PATH, oauthError(status, error), TokenSessionServer.token("at2", "rt2", 3600));
    TokenSession session = alice();
    Token stored = store.load("alice");
    clock.advance(Duration.ofHours(1));

    TokenEndpointException e = assertThrows(TokenEndpointException.class, session::accessToken);
    assertEquals(error, e.error());
    assertEquals(status, e.httpStatus());
    assertEquals(stored, store.load("alice"));

    assertEquals("at2", session.accessToken()); // Nothing was lost: the next call refreshes.
    assertRefresh(server.requests(TOKEN_PATH).get(1), REFRESH_RT1);
  }

  @Test
  void userSessionWithoutTokenAsksForLoginWithoutContactingServer() {
    client = clientBuilder(orgo()).build();

    ReauthorizationRequiredException e = assertThrows(ReauthorizationRequiredException.class,
        () -> client.session("bob").accessToken());
    assertEquals("No token is stored for \"bob\"; send the user through login (the"
        + " authorization-code flow) first", e.getMessage());
    assertEquals("bob", e.sessionKey());
    assertEquals(0, server.totalCount());
  }

  @Test
  void expiredTokenWithoutRefreshTokenAsksForLogin() throws IOException {
    client = clientBuilder(orgo()).build();
    store.save("alice", token("at1", null, T0, Duration.ofHours(1)));
    clock.advance(Duration.ofHours(1));

    ReauthorizationRequiredException e = assertThrows(ReauthorizationRequiredException.class,
        () -> client.session("alice").accessToken());
    assertEquals("The token of \"alice\" has expired and the provider gave no refresh token;"
        + " send the user through login again", e.getMessage());
    assertNull(store.load("alice"));
    assertEquals(0, server.totalCount());
  }

  // client_credentials

  @Test
  void onnaAcquiresNewTokenWhenOldOneExpires() throws IOException {
    server.on("/v1/oauth/token",
        TokenSessionServer.json(200,
            "{\"access_token\":\"cc1\",\"token_type\":\"bearer\",\"expires_in\":3599}"),
        TokenSessionServer.json(200,
            "{\"access_token\":\"cc2\",\"token_type\":\"bearer\",\"expires_in\":3599}"));
    client = clientBuilder(Provider.onna(server.baseUrl())).build();
    TokenSession session = client.clientCredentialsSession();
    assertEquals("onna:app:client_credentials", session.key());

    assertEquals("cc1", session.accessToken());
    Token first = session.token();
    assertNull(first.refreshToken());
    assertEquals("bearer", first.tokenType());
    assertEquals(T0.plusSeconds(3599), first.expiresAt());

    clock.advance(Duration.ofSeconds(3599));
    assertEquals("cc2", session.accessToken());

    List<RecordedRequest> requests = server.requests("/v1/oauth/token");
    assertEquals(2, requests.size());
    for (RecordedRequest request : requests) {
      assertEquals("POST", request.getMethod());
      assertEquals(FORM, request.getHeaders().get("Content-Type"));
      assertNull(request.getHeaders().get("Authorization"));
      assertEquals("grant_type=client_credentials&client_id=app&client_secret=s3cret",
          body(request));
    }
    assertEquals(List.of("issued onna:app:client_credentials cc1",
        "renewed onna:app:client_credentials cc2"), listener.events);
    assertEquals("cc2", store.load(session.key()).accessToken());
  }

  @Test
  void onnaReacquiresAheadOfExpiryInBackground() throws IOException {
    server.on("/v1/oauth/token",
        TokenSessionServer.token("cc1", null, 3599),
        TokenSessionServer.token("cc2", null, 3599));
    client = clientBuilder(Provider.onna(server.baseUrl())).build();
    TokenSession session = client.clientCredentialsSession();
    assertEquals("cc1", session.accessToken());

    clock.advance(Duration.ofSeconds(3540));
    assertEquals("cc1", session.accessToken());
    executor.runAll();
    assertEquals("cc2", session.accessToken());
    assertEquals("grant_type=client_credentials&client_id=app&client_secret=s3cret",
        body(server.requests("/v1/oauth/token").get(1)));
  }

  @Test
  void organizationApiFallsBackToClientCredentialsWhenRefreshIsRejected() throws IOException {
    server.on("/oauth2/token",
        TokenSessionServer.token("cc1", "rt1", 3600),
        oauthError(400, "invalid_grant"),
        TokenSessionServer.token("cc2", "rt2", 3600));
    client = clientBuilder(Provider.organizationApiBasic(server.baseUrl()))
        .scopes("read", "write")
        .build();
    TokenSession session = client.clientCredentialsSession();
    assertEquals("orgapi:app:client_credentials:read write", session.key());

    assertEquals("cc1", session.accessToken());
    clock.advance(Duration.ofHours(1));
    assertEquals("cc2", session.accessToken());

    List<RecordedRequest> requests = server.requests("/oauth2/token");
    assertEquals(3, requests.size());
    for (RecordedRequest request : requests) {
      assertEquals(BASIC, request.getHeaders().get("Authorization"));
    }
    assertEquals("grant_type=client_credentials&scope=read+write", body(requests.get(0)));
    assertEquals(REFRESH_RT1, body(requests.get(1)));
    assertEquals("grant_type=client_credentials&scope=read+write", body(requests.get(2)));
    assertEquals("rt2", store.load(session.key()).refreshToken());
    assertEquals(List.of("issued " + session.key() + " cc1", "renewed " + session.key() + " cc2"),
        listener.events);
  }

  // Listeners

  @Test
  void listenerHearsIssuedRenewedAndFailedWithSessionKey() throws IOException {
    server.on(TOKEN_PATH,
        TokenSessionServer.token("at2", "rt2", 3600),
        TokenSessionServer.status(403));
    client = clientBuilder(orgo()).build();
    TokenSession session = client.session("alice");

    session.save(token("at1", "rt1", T0, Duration.ofHours(1)));
    clock.advance(Duration.ofHours(1));
    assertEquals("at2", session.accessToken());
    clock.advance(Duration.ofHours(1));
    IOException failure = assertThrows(IOException.class, session::accessToken);

    assertEquals(List.of("issued alice at1", "renewed alice at2", "failed alice "
        + "TokenEndpointException"), listener.events);
    assertSame(failure, listener.failures.get(0));
  }

  @Test
  void listenerThatThrowsDoesNotBreakSession() throws IOException {
    server.on(TOKEN_PATH, TokenSessionServer.token("at2", "rt2", 3600));
    client = clientBuilder(orgo())
        .listener(new TokenListener() {
          @Override
          public void issued(String sessionKey, Token token) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void renewed(String sessionKey, Token token) {
            throw new IllegalStateException("listener bug");
          }
        })
        .build();
    TokenSession session = client.session("alice");
    Logger log = Logger.getLogger("dev.latchkey");
    Level level = log.getLevel();
    log.setLevel(Level.OFF); // The warnings about the listener are expected here.
    try {
      session.save(token("at1", "rt1", T0, Duration.ofHours(1)));
      clock.advance(Duration.ofHours(1));
      assertEquals("at2", session.accessToken());
    } finally {
      log.setLevel(level);
    }
    assertEquals("rt2", store.load("alice").refreshToken());
  }

  @Test
  void renewalThatThrowsErrorDoesNotWedgeSession() throws IOException {
    server.on(TOKEN_PATH,
        TokenSessionServer.token("at2", "rt2", 3600),
        TokenSessionServer.token("at3", "rt3", 3600));
    AtomicReference<Boolean> broken = new AtomicReference<>(true);
    client = clientBuilder(orgo())
        .renewalTimeout(Duration.ofSeconds(TokenSessionFixtures.TIMEOUT_SECONDS))
        .listener(new TokenListener() {
          @Override
          public void renewed(String sessionKey, Token token) {
            if (broken.getAndSet(false)) {
              throw new LinkageError("a listener's missing dependency");
            }
          }
        })
        .build();
    store.save("alice", token("at1", "rt1", T0, Duration.ofHours(1)));
    TokenSession session = client.session("alice");
    clock.advance(Duration.ofHours(1));

    assertThrows(LinkageError.class, session::accessToken);
    // The failed flight must not stay claimed: the next caller gets a token instead of timing
    // out, and since at2 was saved before the listener threw, it is adopted without a request.
    assertEquals("at2", session.accessToken());
    assertEquals(1, server.count(TOKEN_PATH));
  }

  // Backoff

  @Test
  void failedBackgroundRenewalBacksOffBeforeTryingAgain() throws IOException {
    server.on(TOKEN_PATH,
        TokenSessionServer.status(403),
        TokenSessionServer.status(403),
        TokenSessionServer.token("at2", "rt2", 3600));
    TokenSession session = alice();
    clock.advance(Duration.ofSeconds(3550));

    assertEquals("at1", session.accessToken());
    executor.runAll();
    assertEquals(List.of("failed alice TokenEndpointException"), listener.events);

    // First backoff: 500 ms.
    assertEquals("at1", session.accessToken());
    clock.advance(Duration.ofMillis(499));
    assertEquals("at1", session.accessToken());
    assertEquals(1, executor.submitted());
    clock.advance(Duration.ofMillis(1));
    assertEquals("at1", session.accessToken());
    assertEquals(2, executor.submitted());
    executor.runAll();

    // Second consecutive failure: 1 s.
    clock.advance(Duration.ofMillis(999));
    assertEquals("at1", session.accessToken());
    assertEquals(2, executor.submitted());
    clock.advance(Duration.ofMillis(1));
    assertEquals("at1", session.accessToken());
    assertEquals(3, executor.submitted());
    executor.runAll();

    assertEquals("at2", session.accessToken());
    assertEquals(3, server.count(TOKEN_PATH));
  }

  @Test
  void expiredTokenIsRenewedDespiteBackoff() throws IOException {
    server.on(TOKEN_PATH, TokenSessionServer.status(403), TokenSessionServer.token("at2", "rt2", 3600));
    TokenSession session = alice();
    clock.advance(Duration.ofMillis(3_599_800));
    assertEquals("at1", session.accessToken());
    executor.runAll(); // Fails: no background retry for the next 500 ms.

    clock.advance(Duration.ofMillis(200)); // Expired, inside the backoff: callers must not fail.
    assertEquals("at2", session.accessToken());
    assertEquals(2, server.count(TOKEN_PATH));
  }

  // Lifecycle

  @Test
  void closedClientStopsBackgroundRenewalWhileValidTokenIsServed() throws IOException {
    server.on(TOKEN_PATH, TokenSessionServer.token("at2", "rt2", 3600));
    OAuth2Client owningExecutor = OAuth2Client.builder()
        .provider(orgo())
        .clientId(TokenSessionServer.CLIENT_ID)
        .clientSecret(TokenSessionServer.CLIENT_SECRET)
        .clock(clock)
        .tokenStore(store)
        .build();
    store.save("alice", token("at1", "rt1", T0, Duration.ofHours(1)));
    TokenSession session = owningExecutor.session("alice");
    assertEquals("at1", session.accessToken());

    owningExecutor.close();
    clock.advance(Duration.ofSeconds(3550));
    assertEquals("at1", session.accessToken());
    assertEquals("at1", session.accessToken());
    assertEquals(0, server.totalCount());
  }

  @Test
  void closedSessionRefusesToRenew() throws IOException {
    server.on(TOKEN_PATH, TokenSessionServer.token("at2", "rt2", 3600));
    TokenSession session = alice();
    assertEquals("at1", session.accessToken());

    session.close();
    clock.advance(Duration.ofHours(1));
    IllegalStateException e = assertThrows(IllegalStateException.class, session::accessToken);
    assertEquals("TokenSession alice is closed; get a new one with client.session(key)", e.getMessage());
    assertEquals(0, server.totalCount());
    assertEquals("at1", store.load("alice").accessToken(), "close must keep the stored token");
  }

  @Test
  void userInfoSendsBearerAndRenewsOnceOnUnauthorized() throws IOException {
    server.on(TOKEN_PATH, TokenSessionServer.token("at2", "rt2", 3600));
    server.on("/oauth/userinfo", request -> "Bearer at2".equals(
        request.getHeaders().get("Authorization"))
        ? TokenSessionServer.json(200, "{\"sub\":\"alice\",\"groups\":[\"admins\"]}")
        : TokenSessionServer.status(401));
    TokenSession session = alice();

    Map<String, Object> claims = session.userInfo();

    assertEquals(Map.of("sub", "alice", "groups", List.of("admins")), claims);
    List<RecordedRequest> requests = server.requests("/oauth/userinfo");
    assertEquals(2, requests.size());
    assertEquals("Bearer at1", requests.get(0).getHeaders().get("Authorization"));
    assertEquals("Bearer at2", requests.get(1).getHeaders().get("Authorization"));
    assertEquals("application/json", requests.get(1).getHeaders().get("Accept"));
    assertEquals(1, server.count(TOKEN_PATH));
  }

  @Test
  void userInfoForbiddenSaysScopeMayBeMissing() throws IOException {
    server.on("/oauth/userinfo", TokenSessionServer.status(403));
    TokenSession session = alice();

    OAuth2Exception e = assertThrows(OAuth2Exception.class, session::userInfo);
    assertEquals("The userinfo endpoint of orgo answered HTTP 403; the token may lack a scope"
        + " userinfo needs", e.getMessage());
  }

  @Test
  void userInfoWithoutEndpointIsIllegalState() {
    client = clientBuilder(Provider.organizationApiBasic(server.baseUrl())).build();

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> client.session("alice").userInfo());
    assertEquals("Provider orgapi has no userinfo endpoint", e.getMessage());
  }

  @Test
  void signOutRevokesRefreshTokenAndDeletesStoredToken() throws IOException {
    server.on("/oauth/revoke", TokenSessionServer.status(200));
    client = clientBuilder(orgo().newBuilder()
        .revocationEndpoint(server.url("/oauth/revoke"))
        .build()).build();
    store.save("alice", token("at1", "rt1", T0, Duration.ofHours(1)));
    TokenSession session = client.session("alice");
    assertEquals("at1", session.accessToken());

    session.signOut();

    RecordedRequest revoke = server.requests("/oauth/revoke").get(0);
    assertEquals(BASIC, revoke.getHeaders().get("Authorization"));
    assertEquals("token=rt1&token_type_hint=refresh_token", body(revoke));
    assertNull(store.load("alice"));
    assertThrows(ReauthorizationRequiredException.class, session::accessToken);
    assertEquals(0, server.count(TOKEN_PATH));
  }

  @Test
  void signOutDeletesStoredTokenEvenWhenRevocationFails() throws IOException {
    server.on("/oauth/revoke", TokenSessionServer.status(404));
    client = clientBuilder(orgo().newBuilder()
        .revocationEndpoint(server.url("/oauth/revoke"))
        .build()).build();
    store.save("alice", token("at1", "rt1", T0, Duration.ofHours(1)));
    Logger log = Logger.getLogger("dev.latchkey");
    Level level = log.getLevel();
    log.setLevel(Level.OFF); // The warning about the failed revocation is expected here.
    try {
      client.session("alice").signOut();
    } finally {
      log.setLevel(level);
    }

    assertEquals(1, server.count("/oauth/revoke"));
    assertNull(store.load("alice"));
  }

  @Test
  void toStringShowsNoSecrets() throws IOException {
    TokenSession session = alice();
    session.accessToken();

    String description = session.toString();
    assertTrue(description.startsWith("TokenSession{key=alice, token=Token{"), description);
    assertFalse(description.contains("at1") || description.contains("rt1"), description);
  }
}
