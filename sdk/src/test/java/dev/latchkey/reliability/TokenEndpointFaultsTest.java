package dev.latchkey.reliability;

import static dev.latchkey.reliability.Reliability.assertBetween;
import static dev.latchkey.reliability.Reliability.assertTyped;
import static dev.latchkey.reliability.Reliability.authorize;
import static dev.latchkey.reliability.Reliability.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.ErrorCode;
import dev.latchkey.InvalidCallbackException;
import dev.latchkey.MalformedResponseException;
import dev.latchkey.OAuth2Client;
import dev.latchkey.OAuth2Exception;
import dev.latchkey.ReauthorizationRequiredException;
import dev.latchkey.Token;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.TokenSession;
import dev.latchkey.TestHooks;
import dev.latchkey.mockserver.Fault;
import dev.latchkey.mockserver.MockAuthServer;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Faults at the token endpoint, injected by the mock server: client_credentials and refresh
 * retry a bounded number of times (two by default) with backoff, honouring Retry-After, then fail
 * with a typed exception; a code exchange is sent exactly once. Every count is read from the
 * mock server's own counters, so a retry that OkHttp made behind the SDK's back would show.
 */
@Timeout(60)
final class TokenEndpointFaultsTest {
  /** Longer than {@link #READ_TIMEOUT}: the slow answer arrives after the client gave up. */
  private static final Duration SLOW = Duration.ofSeconds(2);
  private static final Duration READ_TIMEOUT = Duration.ofMillis(500);
  private static final String P = "standard";

  @RegisterExtension
  final LeakGuard leaks = new LeakGuard();

  private static MockAuthServer mock;
  private final OkHttpClient http = Reliability.HTTP.newBuilder()
      .readTimeout(READ_TIMEOUT)
      .build();

  /** The faults the issue lists, and the typed exception each ends in once retries run out. */
  enum Failure {
    SERVER_ERROR_500(Fault.serverError(), TokenEndpointException.class),
    UNAVAILABLE_503_RETRY_AFTER(Fault.unavailable(), TokenEndpointException.class),
    TOO_MANY_REQUESTS_429(Fault.tooManyRequests(), TokenEndpointException.class),
    CONNECTION_RESET(Fault.disconnect(), OAuth2Exception.class),
    SLOW_PAST_READ_TIMEOUT(Fault.delay(SLOW), OAuth2Exception.class),
    HTML_PAGE(Fault.html(), TokenEndpointException.class),
    TRUNCATED_JSON(Fault.truncatedJson(), MalformedResponseException.class);

    final Fault fault;
    final Class<? extends OAuth2Exception> type;

    Failure(Fault fault, Class<? extends OAuth2Exception> type) {
      this.fault = fault.forProvider(P);
      this.type = type;
    }

    /**
     * The fault as queued for one run. A Retry-After of 1 s is honoured for real in one grant of
     * each outcome; the other grant gets {@code Retry-After: 0}, which must not make OkHttp
     * resend the request behind the SDK's back, and keeps the suite fast.
     */
    Fault fault(Grant grant, boolean endsInSuccess) {
      boolean waitForReal = (grant == Grant.CLIENT_CREDENTIALS) == endsInSuccess;
      return fault.retryAfterSeconds() == null || waitForReal ? fault : fault.retryAfter(0);
    }

    /** The least time two retries take: Retry-After when sent, else the jittered backoff. */
    /** The least two retries pause: twice Retry-After, or the jittered backoff's floor. */
    static long minMillisForTwoRetries(Fault fault) {
      Integer retryAfter = fault.retryAfterSeconds();
      return retryAfter != null ? 2 * retryAfter * 1000L : 100 + 200;
    }

    void check(OAuth2Exception e, Fault fault) {
      switch (this) {
        case SERVER_ERROR_500:
        case UNAVAILABLE_503_RETRY_AFTER:
        case TOO_MANY_REQUESTS_429:
        case HTML_PAGE:
          TokenEndpointException t = (TokenEndpointException) e;
          assertEquals(fault.status(), t.httpStatus(), e.getMessage());
          assertNull(t.error(), "a fault page carries no OAuth2 error");
          assertEquals(fault.retryAfterSeconds() == null ? null
              : Duration.ofSeconds(fault.retryAfterSeconds()), t.retryAfter());
          assertTrue(e.getMessage().contains("answered HTTP " + fault.status()), e.getMessage());
          break;
        case CONNECTION_RESET:
          assertEquals(OAuth2Exception.class, e.getClass());
          assertInstanceOf(IOException.class, e.getCause(), e.getMessage());
          assertTrue(e.getMessage().startsWith("Could not reach the token endpoint"),
              e.getMessage());
          break;
        case SLOW_PAST_READ_TIMEOUT:
          assertEquals(OAuth2Exception.class, e.getClass());
          assertInstanceOf(SocketTimeoutException.class, e.getCause(), e.getMessage());
          break;
        case TRUNCATED_JSON:
          // Cut inside a string: Moshi sees an unterminated string, reported as not valid JSON.
          assertTrue(e.getMessage().contains("JSON (HTTP 200, Content-Type application/json)"),
              e.getMessage());
          break;
        default:
          throw new AssertionError(this);
      }
    }
  }

  enum Grant { CLIENT_CREDENTIALS, REFRESH_TOKEN }

  @BeforeAll
  static void startServer() throws IOException {
    mock = MockAuthServer.builder().build();
    mock.start();
  }

  @AfterAll
  static void stopServer() {
    mock.close();
  }

  @AfterEach
  void resetServer() {
    mock.reset();
  }

  private OAuth2Client.Builder client() {
    return Reliability.client(mock, P, leaks).httpClient(http);
  }

  private static String grantType(Grant grant) {
    return grant == Grant.CLIENT_CREDENTIALS ? "client_credentials" : "refresh_token";
  }

  /** Gets a token to refresh (refresh only), then runs the grant once. */
  private Token run(OAuth2Client client, Grant grant, Token toRefresh) throws IOException {
    return leaks.token(grant == Grant.CLIENT_CREDENTIALS ? client.clientCredentials()
        : client.refresh(toRefresh));
  }

  private Token tokenToRefresh(OAuth2Client client, Grant grant, Failure failure)
      throws IOException {
    if (grant != Grant.REFRESH_TOKEN) {
      return null;
    }
    if (failure == Failure.SLOW_PAST_READ_TIMEOUT) {
      // A slow answer is processed before it is held back: with rotation the retry would send a
      // spent refresh token. rotatedRefreshWhoseAnswerIsLost... covers that case.
      mock.rotateRefreshTokens(P, false);
    }
    return signIn(client, mock, leaks);
  }

  @ParameterizedTest(name = "{0} x2 then {1} succeeds on the third attempt")
  @EnumSource(Failure.class)
  void faultQueueShorterThanRetriesEndsInSuccess(Failure failure) throws Throwable {
    for (Grant grant : Grant.values()) {
      mock.reset();
      List<Long> pauses = new CopyOnWriteArrayList<>();
      OAuth2Client client = TestHooks.pauses(client(), pauses::add).build();
      Token old = tokenToRefresh(client, grant, failure);
      Fault fault = failure.fault(grant, true);
      mock.enqueueFault(fault, OAuth2Client.DEFAULT_MAX_RETRIES);

      Token token = run(client, grant, old);

      assertNotNull(token.accessToken());
      if (old != null) {
        assertNotEquals(old.accessToken(), token.accessToken());
      }
      assertEquals(3, mock.tokenRequests(P, grantType(grant)), grant + " attempts");
      assertTwoPauses(pauses, fault, grant);
      client.close();
    }
  }

  @ParameterizedTest(name = "{0} x3 fails {1} with a typed exception after 3 attempts")
  @EnumSource(Failure.class)
  void faultQueueLongerThanRetriesEndsInTypedException(Failure failure) throws Throwable {
    for (Grant grant : Grant.values()) {
      mock.reset();
      List<Long> pauses = new CopyOnWriteArrayList<>();
      OAuth2Client client = TestHooks.pauses(client(), pauses::add).build();
      Token old = tokenToRefresh(client, grant, failure);
      Fault fault = failure.fault(grant, false);
      mock.enqueueFault(fault, OAuth2Client.DEFAULT_MAX_RETRIES + 1);

      OAuth2Exception error = assertTyped(failure.type, leaks, () -> run(client, grant, old));

      failure.check(error, fault);
      assertEquals(3, mock.tokenRequests(P, grantType(grant)), grant + " attempts");
      assertTwoPauses(pauses, fault, grant);
      // The queue is drained: the next call goes through, with the same refresh token.
      run(client, grant, old);
      assertEquals(4, mock.tokenRequests(P, grantType(grant)));
      client.close();
    }
  }

  /** Two retries, each after a backoff (or the Retry-After asked for), recorded not slept. */
  private static void assertTwoPauses(List<Long> pauses, Fault fault, Grant grant) {
    assertEquals(2, pauses.size(), grant + " pauses " + pauses);
    long total = pauses.get(0) + pauses.get(1);
    assertTrue(total >= Failure.minMillisForTwoRetries(fault), grant + " paused " + pauses);
  }

  @ParameterizedTest(name = "{0} on a code exchange: one request, then a typed exception")
  @EnumSource(Failure.class)
  void codeExchangeIsSentExactlyOnce(Failure failure) throws Throwable {
    OAuth2Client client = client().build();
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    String callback = authorize(request, leaks);
    mock.enqueueFault(failure.fault, 5);

    OAuth2Exception e = assertTyped(failure.type, leaks, () -> client.exchange(request, callback));

    failure.check(e, failure.fault);
    assertEquals(1, mock.tokenRequests(P, "authorization_code"),
        "a code exchange is never retried once it may have reached the server");
    // The login is spent too: the same callback cannot be replayed into a second request.
    assertEquals(InvalidCallbackException.Reason.STATE_REPLAYED,
        assertTyped(InvalidCallbackException.class, leaks,
            () -> client.exchange(request, callback)).reason());
    assertEquals(1, mock.tokenRequests(P, "authorization_code"));
    Reliability.registerVerifiers(mock, leaks);
    client.close();
  }

  /**
   * The pauses themselves, recorded instead of slept through: the SDK's one token-endpoint code
   * path through a client whose pauses are recorded ({@link TestHooks#pauses}): timing real
   * sleeps would be slow and flaky.
   */
  @Test
  void backoffDoublesWithFullJitterAndRetryAfterIsHonouredExactly() throws Throwable {
    List<Long> pauses = new CopyOnWriteArrayList<>();
    OAuth2Client endpoint = TestHooks.pauses(client().maxRetries(5), pauses::add).build();
    Set<Long> firstPauses = new HashSet<>();
    for (int round = 0; round < 10; round++) {
      pauses.clear();
      mock.enqueueFault(Fault.serverError().forProvider(P), 5);
      leaks.token(endpoint.clientCredentials());
      assertEquals(5, pauses.size(), "pauses " + pauses);
      for (int retry = 1; retry <= 5; retry++) {
        long ceiling = Math.min(5_000, 200L << (retry - 1)); // RetryPolicy's base and cap
        assertBetween(ceiling / 2, ceiling, pauses.get(retry - 1), "pause before retry " + retry);
      }
      firstPauses.add(pauses.get(0));
    }
    assertEquals(60, mock.tokenRequests(P, "client_credentials"));
    assertTrue(firstPauses.size() > 3, "jitter spreads the pauses: " + firstPauses);

    pauses.clear();
    mock.enqueueFault(Fault.unavailable().forProvider(P), 1);
    mock.enqueueFault(Fault.tooManyRequests().retryAfter(3).forProvider(P), 1);
    mock.enqueueFault(Fault.status(503).retryAfter(10).forProvider(P), 1);
    leaks.token(endpoint.clientCredentials());
    assertEquals(List.of(1_000L, 3_000L, 10_000L), pauses, "Retry-After, up to 10 s, verbatim");
  }

  @Test
  void retryAfterLongerThanTenSecondsFailsAtOnceCarryingTheDelay() throws Throwable {
    List<Long> pauses = new CopyOnWriteArrayList<>();
    OAuth2Client client = TestHooks.pauses(client(), pauses::add).build();
    mock.enqueueFault(Fault.status(503).retryAfter(11).forProvider(P), 3);

    TokenEndpointException error = assertTyped(TokenEndpointException.class, leaks,
        client::clientCredentials);

    assertEquals(Duration.ofSeconds(11), error.retryAfter());
    assertEquals(1, mock.tokenRequests(P, "client_credentials"));
    assertEquals(List.of(), pauses, "gave up at once, without waiting");
    client.close();
  }

  @Test
  void maxRetriesZeroSendsOneRequestAndThreeSendsFour() throws Throwable {
    OAuth2Client none = client().maxRetries(0).build();
    mock.enqueueFault(Fault.serverError().forProvider(P), 1);
    assertTyped(TokenEndpointException.class, leaks, none::clientCredentials);
    assertEquals(1, mock.tokenRequests(P, "client_credentials"));

    mock.reset();
    OAuth2Client three = client().maxRetries(3).build();
    mock.enqueueFault(Fault.serverError().forProvider(P), 3);
    leaks.token(three.clientCredentials());
    assertEquals(4, mock.tokenRequests(P, "client_credentials"));
    none.close();
    three.close();
  }

  @Test
  void errorWithAnOAuth2CodeIsNotRetried() throws Throwable {
    // invalid_grant is an answer, not an outage: resending the same refresh token cannot help.
    OAuth2Client client = client().build();
    Token token = signIn(client, mock, leaks);
    leaks.token(client.refresh(token)); // Rotation: the first refresh token is now spent.

    TokenEndpointException e = assertTyped(TokenEndpointException.class, leaks,
        () -> client.refresh(token));

    assertEquals(ErrorCode.INVALID_GRANT, e.errorCode());
    assertEquals(2, mock.tokenRequests(P, "refresh_token"));
    client.close();
  }

  @Test
  void sessionRenewalThatRunsOutOfRetriesKeepsTheRefreshTokenAndRecovers() throws Throwable {
    OAuth2Client client = client().build();
    TokenSession session = client.session("user-1");
    Token signedIn = signIn(client, mock, leaks);
    // The same grant, but expired a minute ago: the next call must refresh before it can answer.
    Token expired = signedIn.newBuilder()
        .issuedAt(Instant.now().minusSeconds(3660))
        .expiresAt(Instant.now().minusSeconds(60))
        .build();
    session.save(expired);
    mock.enqueueFault(Fault.unavailable().retryAfter(0).forProvider(P), 3);

    OAuth2Exception e = assertTyped(TokenEndpointException.class, leaks, session::accessToken);

    assertEquals(503, ((TokenEndpointException) e).httpStatus());
    assertEquals(3, mock.tokenRequests(P, "refresh_token"));
    assertEquals(signedIn.refreshToken(), client.tokenStore().load("user-1").refreshToken(),
        "an outage is not a rejection: the refresh token is kept");
    String fresh = session.accessToken(); // The outage is over.
    assertNotEquals(signedIn.accessToken(), fresh);
    assertEquals(4, mock.tokenRequests(P, "refresh_token"));
    leaks.scan(session);
    client.close();
  }

  @Test
  void rotatedRefreshWhoseAnswerIsLostEndsInReauthorizationNotAHang() throws Throwable {
    // The server rotates the refresh token, then its answer is lost (read timeout). The retry
    // sends the spent refresh token and is refused: with rotation and no grace period at the
    // provider, only a new login helps. What must hold: a typed exception, promptly.
    OAuth2Client client = client().build();
    TokenSession session = client.session("user-1");
    Token signedIn = signIn(client, mock, leaks);
    session.save(signedIn.newBuilder()
        .issuedAt(Instant.now().minusSeconds(3660))
        .expiresAt(Instant.now().minusSeconds(60))
        .build());
    mock.enqueueFault(Fault.delay(SLOW).forProvider(P), 1);

    assertTyped(ReauthorizationRequiredException.class, leaks, session::accessToken);

    assertEquals(2, mock.tokenRequests(P, "refresh_token"));
    assertNull(client.tokenStore().load("user-1"));
    assertFalse(leaks.texts().isEmpty());
    client.close();
  }
}
