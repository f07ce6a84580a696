package dev.latchkey.requests;

import dev.latchkey.TestHooks;
import dev.latchkey.AuthorizationDeniedException;
import dev.latchkey.AuthorizationRequest;
import dev.latchkey.ErrorCode;
import dev.latchkey.InvalidCallbackException;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.testing.ManualTestClock;
import static dev.latchkey.testing.WireTestSupport.HTTP;
import static dev.latchkey.testing.WireTestSupport.body;
import static dev.latchkey.testing.WireTestSupport.callback;
import static dev.latchkey.testing.WireTestSupport.form;
import static dev.latchkey.testing.WireTestSupport.json;
import static dev.latchkey.testing.WireTestSupport.okCallback;
import static dev.latchkey.testing.WireTestSupport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.InvalidCallbackException.Reason;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Callbacks from the authorization server (RFC 6749 §4.1.2, RFC 9207): every check runs before
 * anything is sent to the token endpoint, and nothing secret appears in a message.
 */
final class CallbackValidationTest {
  private static final String REDIRECT = "https://app.example/cb";
  private static final String CODE = "SplxlOBeZQQYbYS6WxSbIA";
  private static final String ISSUER = "https://id.example.com";

  private final MockWebServer server = new MockWebServer();
  private final ManualTestClock clock = new ManualTestClock();
  private OAuth2Client client;

  @BeforeEach
  void setUp() throws Exception {
    server.start();
    client = client(Provider.standard(server.url("/authorize").toString(),
        server.url("/token").toString()));
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
  }

  private OAuth2Client client(Provider provider) {
    return OAuth2Client.builder()
        .provider(provider)
        .clientId("cb-client")
        .clientSecret("cb-secret")
        .redirectUri(REDIRECT)
        .httpClient(HTTP)
        .clock(clock)
        .build();
  }

  private static String state(AuthorizationRequest request) {
    return request.url().queryParameter("state");
  }

  private InvalidCallbackException rejected(Reason reason, Executable exchange) {
    InvalidCallbackException e = assertThrows(InvalidCallbackException.class, exchange);
    assertEquals(reason, e.reason(), e.getMessage());
    assertEquals(0, server.getRequestCount(), "nothing may reach the token endpoint");
    return e;
  }

  private static void assertNoSecrets(Exception e, AuthorizationRequest request) {
    String message = String.valueOf(e);
    assertFalse(message.contains(CODE), message);
    assertFalse(message.contains(state(request)), message);
    assertFalse(message.contains(TestHooks.codeVerifier(request)), message);
  }

  @Test
  void goodCallbackExchangesTheCode() throws Exception {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    server.enqueue(token("user-at"));

    Token token = client.exchange(request, okCallback(request, CODE));

    assertEquals("user-at", token.accessToken());
    Map<String, String> sent = form(body(server.takeRequest()));
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("grant_type", "authorization_code");
    expected.put("code", CODE);
    expected.put("redirect_uri", REDIRECT);
    expected.put("code_verifier", TestHooks.codeVerifier(request));
    assertEquals(expected, sent);
  }

  @Test
  void callbackWithPercentEncodedValuesIsDecoded() throws Exception {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    server.enqueue(token("user-at"));

    client.exchange(request, callback(request, "state=" + state(request) + "&code=a%2Fb%2Bc+d"));

    assertEquals("a/b+c d", form(body(server.takeRequest())).get("code"));
  }

  @Test
  void missingStateIsRejected() {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    InvalidCallbackException e = rejected(Reason.STATE_MISSING,
        () -> client.exchange(request, callback(request, "code=" + CODE)));
    assertEquals("The callback has no state parameter; it was not sent by the authorization"
        + " server for this login. Start a new login", e.getMessage());
  }

  @Test
  void tamperedStateIsRejected() {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    String tampered = state(request).substring(1) + "A";
    InvalidCallbackException e = rejected(Reason.STATE_MISMATCH,
        () -> client.exchange(request, callback(request, "code=" + CODE + "&state=" + tampered)));
    assertTrue(e.getMessage().startsWith("The callback's state does not match the pending login"),
        e.getMessage());
    assertFalse(e.getMessage().contains(tampered));
    assertNoSecrets(e, request);
  }

  @Test
  void stateOfAnotherLoginIsRejected() {
    AuthorizationRequest mine = client.newAuthorizationRequest().build();
    AuthorizationRequest other = client.newAuthorizationRequest().build();
    rejected(Reason.STATE_MISMATCH,
        () -> client.exchange(mine, okCallback(other, CODE)));
  }

  @Test
  void emptyStateIsRejected() {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    rejected(Reason.STATE_MISMATCH,
        () -> client.exchange(request, callback(request, "code=" + CODE + "&state=")));
  }

  @Test
  void replayedCallbackIsRejectedWithoutSecondRequest() throws Exception {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    server.enqueue(token("user-at"));
    client.exchange(request, okCallback(request, CODE));
    assertEquals(1, server.getRequestCount());

    InvalidCallbackException e = assertThrows(InvalidCallbackException.class,
        () -> client.exchange(request, okCallback(request, CODE)));

    assertEquals(Reason.STATE_REPLAYED, e.reason());
    assertEquals("This login was already completed or abandoned; a callback can be used once."
        + " Start a new login", e.getMessage());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void failedExchangeStillSpendsTheRequest() throws Exception {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    server.enqueue(json(400, "{\"error\":\"invalid_grant\"}"));
    assertThrows(TokenEndpointException.class,
        () -> client.exchange(request, okCallback(request, CODE)));

    InvalidCallbackException e = assertThrows(InvalidCallbackException.class,
        () -> client.exchange(request, okCallback(request, CODE)));
    assertEquals(Reason.STATE_REPLAYED, e.reason());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void callbackJustBeforeTenMinutesIsAccepted() throws Exception {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    clock.advance(Duration.ofMinutes(10).minusMillis(1));
    server.enqueue(token("user-at"));
    assertEquals("user-at", client.exchange(request, okCallback(request, CODE)).accessToken());
  }

  @Test
  void callbackAfterTenMinutesHasExpired() {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    clock.advance(Duration.ofMinutes(10));
    InvalidCallbackException e = rejected(Reason.EXPIRED,
        () -> client.exchange(request, okCallback(request, CODE)));
    assertEquals("The login took too long: it started at 2030-01-01T00:00:00Z and expired at"
        + " 2030-01-01T00:10:00Z. Start a new login", e.getMessage());
  }

  @Test
  void configuredLifetimeDecidesExpiry() throws Exception {
    OAuth2Client quick = client.newBuilder()
        .authorizationRequestLifetime(Duration.ofSeconds(30)).build();
    try {
      AuthorizationRequest request = quick.newAuthorizationRequest().build();
      clock.advance(Duration.ofSeconds(30));
      rejected(Reason.EXPIRED, () -> quick.exchange(request, okCallback(request, CODE)));
    } finally {
      quick.close();
    }
  }

  @Test
  void accessDeniedCarriesErrorAndDescription() {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    AuthorizationDeniedException e = assertThrows(AuthorizationDeniedException.class,
        () -> client.exchange(request, callback(request, "error=access_denied"
            + "&error_description=The+user+said+no&error_uri=https%3A%2F%2Fid.example%2Fdenied"
            + "&state=" + state(request))));

    assertEquals("access_denied", e.error());
    assertEquals(ErrorCode.ACCESS_DENIED, e.errorCode());
    assertEquals("The user said no", e.errorDescription());
    assertEquals("https://id.example/denied", e.errorUri());
    assertEquals("The authorization server returned access_denied: The user said no. The user"
        + " declined; offer to sign in again", e.getMessage());
    assertEquals(0, server.getRequestCount());
    assertNoSecrets(e, request);
  }

  @Test
  void errorCallbackWithWrongStateIsAStateMismatch() {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    rejected(Reason.STATE_MISMATCH,
        () -> client.exchange(request, callback(request, "error=access_denied&state=forged")));
  }

  @Test
  void otherAuthorizationErrorAsksForNewLogin() {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    AuthorizationDeniedException e = assertThrows(AuthorizationDeniedException.class,
        () -> client.exchange(request,
            callback(request, "error=invalid_scope&state=" + state(request))));
    assertEquals("invalid_scope", e.error());
    assertNull(e.errorDescription());
    assertEquals("The authorization server returned invalid_scope. Start a new login",
        e.getMessage());
  }

  @Test
  void missingCodeIsRejected() {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    InvalidCallbackException e = rejected(Reason.CODE_MISSING,
        () -> client.exchange(request, callback(request, "state=" + state(request))));
    assertEquals("The callback has neither a code nor an error; check that the redirect URI"
        + " points at this callback. Start a new login", e.getMessage());
  }

  @Test
  void emptyCodeIsRejected() {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    rejected(Reason.CODE_MISSING,
        () -> client.exchange(request, callback(request, "code=&state=" + state(request))));
  }

  @Test
  void duplicateParametersAreRejected() {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    InvalidCallbackException e = rejected(Reason.MALFORMED,
        () -> client.exchange(request, callback(request,
            "code=" + CODE + "&code=other&state=" + state(request))));
    assertEquals("The callback has the parameter \"code\" more than once (RFC 6749 §3.1); start"
        + " a new login", e.getMessage());
  }

  @Test
  void duplicateStateIsRejected() {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    rejected(Reason.MALFORMED, () -> client.exchange(request, callback(request,
        "code=" + CODE + "&state=" + state(request) + "&state=" + state(request))));
  }

  @Test
  void unparseableCallbackIsMalformed() {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    rejected(Reason.MALFORMED, () -> client.exchange(request, "https://app.example/cb?code=%zz"
        + "&state=" + state(request)));
    rejected(Reason.MALFORMED, () -> client.exchange(request, "https://app.example/c b?x"));
  }

  @Test
  void issuerMismatchIsRejectedWhenProviderHasIssuer() {
    OAuth2Client withIssuer = client(client.provider().newBuilder().issuer(ISSUER).build());
    try {
      AuthorizationRequest request = withIssuer.newAuthorizationRequest().build();
      InvalidCallbackException e = rejected(Reason.ISSUER_MISMATCH,
          () -> withIssuer.exchange(request, callback(request, "code=" + CODE + "&state="
              + state(request) + "&iss=https%3A%2F%2Fevil.example.com")));
      assertEquals("The callback's iss \"https://evil.example.com\" is not this provider's issuer"
          + " \"" + ISSUER + "\" (RFC 9207): the response may come from another server. Start a"
          + " new login", e.getMessage());
    } finally {
      withIssuer.close();
    }
  }

  @Test
  void matchingIssuerIsAccepted() throws Exception {
    OAuth2Client withIssuer = client(client.provider().newBuilder().issuer(ISSUER).build());
    try {
      AuthorizationRequest request = withIssuer.newAuthorizationRequest().build();
      server.enqueue(token("user-at"));
      withIssuer.exchange(request, callback(request, "code=" + CODE + "&state="
          + state(request) + "&iss=https%3A%2F%2Fid.example.com"));
      assertEquals(1, server.getRequestCount());
    } finally {
      withIssuer.close();
    }
  }

  @Test
  void missingIssuerIsRejectedWhenTheServerPromisesIt() throws Exception {
    OAuth2Client promised = client(client.provider().newBuilder().issuer(ISSUER)
        .issuerParameterRequired(true).build());
    try {
      AuthorizationRequest request = promised.newAuthorizationRequest().build();
      InvalidCallbackException e = rejected(Reason.ISSUER_MISMATCH,
          () -> promised.exchange(request, callback(request, "code=" + CODE + "&state="
              + state(request))));
      assertEquals("The callback has no iss, but the metadata of " + ISSUER + " says every"
          + " response carries it (RFC 9207); the response may come from another server. Start a"
          + " new login", e.getMessage());
      assertEquals(0, server.getRequestCount());
    } finally {
      promised.close();
    }
  }

  @Test
  void issuerParameterRequiredNeedsAnIssuer() {
    assertThrows(IllegalStateException.class, () -> client.provider().newBuilder().issuer(null)
        .issuerParameterRequired(true).build());
  }

  @Test
  void issuerIsNotCheckedWhenProviderHasNone() throws Exception {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    server.enqueue(token("user-at"));
    client.exchange(request, callback(request, "code=" + CODE + "&state=" + state(request)
        + "&iss=https%3A%2F%2Fanyone.example"));
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void exchangeWithClientsPendingStoreWorks() throws Exception {
    AuthorizationRequest request = client.newAuthorizationRequest().keepInClient().build();
    server.enqueue(token("cli-at"));

    Token token = client.exchange(okCallback(request, CODE));

    assertEquals("cli-at", token.accessToken());
    assertEquals(TestHooks.codeVerifier(request), form(body(server.takeRequest())).get("code_verifier"));
  }

  @Test
  void pendingStoreCallbackCannotBeReplayed() throws Exception {
    AuthorizationRequest request = client.newAuthorizationRequest().keepInClient().build();
    server.enqueue(token("cli-at"));
    client.exchange(okCallback(request, CODE));

    InvalidCallbackException e = assertThrows(InvalidCallbackException.class,
        () -> client.exchange(okCallback(request, CODE)));
    assertEquals(Reason.STATE_MISMATCH, e.reason());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void stateFromNowhereIsRejectedByPendingStore() {
    client.newAuthorizationRequest().keepInClient().build();
    InvalidCallbackException e = rejected(Reason.STATE_MISMATCH,
        () -> client.exchange(REDIRECT + "?code=" + CODE
            + "&state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    assertEquals("The callback's state matches no pending login of this client (forged, already"
        + " used, or from another process); start a new login", e.getMessage());
  }

  @Test
  void pendingStoreRequestExpiresByTheClock() {
    AuthorizationRequest request = client.newAuthorizationRequest().keepInClient().build();
    clock.advance(Duration.ofMinutes(11));
    rejected(Reason.EXPIRED, () -> client.exchange(okCallback(request, CODE)));
  }

  @Test
  void pendingStoreWithoutStateIsRejected() {
    rejected(Reason.STATE_MISSING, () -> client.exchange(REDIRECT + "?code=" + CODE));
  }

  @Test
  void requestFromAnotherClientIsUnknownToThisOne() {
    OAuth2Client other = client.newBuilder().build();
    try {
      AuthorizationRequest request = other.newAuthorizationRequest().keepInClient().build();
      rejected(Reason.STATE_MISMATCH, () -> client.exchange(okCallback(request, CODE)));
    } finally {
      other.close();
    }
  }

  @Test
  void redirectUriErrorIsReportedWithTheValueSent() throws Exception {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    server.enqueue(json(400, "{\"error\":\"invalid_grant\",\"error_description\":"
        + "\"redirect_uri does not match the one used in the authorization request\"}"));

    TokenEndpointException e = assertThrows(TokenEndpointException.class,
        () -> client.exchange(request, okCallback(request, CODE)));

    assertEquals("The token endpoint of standard refused the authorization_code request:"
        + " invalid_grant (HTTP 400): redirect_uri does not match the one used in the"
        + " authorization request. The code is expired, already used, or was issued for another"
        + " redirect URI or PKCE verifier; start a new login. The redirect_uri sent was \""
        + REDIRECT + "\"; it must match a redirect URI registered for this client exactly",
        e.getMessage());
    assertEquals("invalid_grant", e.error());
    assertEquals(400, e.httpStatus());
    assertNoSecrets(e, request);
    assertEquals(1, server.getRequestCount());
  }
}
