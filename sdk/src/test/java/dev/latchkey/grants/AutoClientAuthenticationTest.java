package dev.latchkey.grants;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.Dialect;
import dev.latchkey.ErrorCode;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.TokenListener;
import dev.latchkey.testing.ManualTestClock;
import static dev.latchkey.testing.WireTestSupport.HTTP;
import static dev.latchkey.testing.WireTestSupport.basicPair;
import static dev.latchkey.testing.WireTestSupport.body;
import static dev.latchkey.testing.WireTestSupport.invalidClient;
import static dev.latchkey.testing.WireTestSupport.json;
import static dev.latchkey.testing.WireTestSupport.okCallback;
import static dev.latchkey.testing.WireTestSupport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Dialect.ClientAuthentication#AUTO}: Basic first, fall back to the body once, remember. */
final class AutoClientAuthenticationTest {
  private static final String CLIENT_ID = "auto-client";
  private static final String SECRET = "auto-secret-value";
  private static final String BASIC_PAIR = CLIENT_ID + ":" + SECRET;

  private final MockWebServer server = new MockWebServer();
  private OAuth2Client client;

  @BeforeEach
  void setUp() throws Exception {
    server.start();
    client = OAuth2Client.builder()
        .provider(Provider.standard(server.url("/authorize").toString(),
            server.url("/token").toString()))
        .clientId(CLIENT_ID)
        .clientSecret(SECRET)
        .redirectUri("https://app.example/cb")
        .httpClient(HTTP)
        .clock(new ManualTestClock())
        .build();
    assertEquals(Dialect.ClientAuthentication.AUTO,
        client.provider().dialect().clientAuthentication());
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
  }

  private static void assertBasicOnly(RecordedRequest request) {
    assertEquals(BASIC_PAIR, basicPair(request));
    assertFalse(body(request).contains("client_secret"), body(request));
    assertFalse(body(request).contains("client_id"), body(request));
  }

  private static void assertCredentialsInBody(RecordedRequest request, String grantParameters) {
    assertNull(request.getHeaders().get("Authorization"));
    assertEquals(grantParameters + "&client_id=" + CLIENT_ID + "&client_secret=" + SECRET,
        body(request));
  }

  @Test
  void autoAuthFallsBackToBodyOnceAndRemembers() throws Exception {
    server.enqueue(invalidClient());
    server.enqueue(token("first"));
    server.enqueue(token("second"));

    assertEquals("first", client.clientCredentials().accessToken());
    assertEquals("second", client.clientCredentials().accessToken());

    assertBasicOnly(server.takeRequest());
    assertCredentialsInBody(server.takeRequest(), "grant_type=client_credentials");
    // The third request goes straight to what worked: no Basic probe any more.
    assertCredentialsInBody(server.takeRequest(), "grant_type=client_credentials");
    assertEquals(3, server.getRequestCount());
  }

  @Test
  void autoAuthFallsBackOnBare401WithoutErrorBody() throws Exception {
    server.enqueue(new MockResponse.Builder().code(401)
        .addHeader("WWW-Authenticate", "Basic realm=\"token\"").build());
    server.enqueue(token("first"));

    assertEquals("first", client.clientCredentials().accessToken());
    assertBasicOnly(server.takeRequest());
    assertCredentialsInBody(server.takeRequest(), "grant_type=client_credentials");
  }

  @Test
  void autoAuthFallsBackOnInvalidClientWith400() throws Exception {
    server.enqueue(json(400, "{\"error\":\"invalid_client\"}"));
    server.enqueue(token("first"));

    assertEquals("first", client.clientCredentials().accessToken());
    assertBasicOnly(server.takeRequest());
    assertCredentialsInBody(server.takeRequest(), "grant_type=client_credentials");
  }

  @Test
  void autoAuthRemembersBasicWhenItWorks() throws Exception {
    server.enqueue(token("first"));
    server.enqueue(token("second"));
    client.clientCredentials();
    client.clientCredentials();

    assertBasicOnly(server.takeRequest());
    assertBasicOnly(server.takeRequest());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void autoAuthBothFailingThrowsOneExceptionMentioningBoth() throws Exception {
    server.enqueue(invalidClient());
    server.enqueue(json(400, "{\"error\":\"invalid_client\",\"error_description\":\"unknown client\"}"));

    TokenEndpointException e = assertThrows(TokenEndpointException.class,
        client::clientCredentials);

    assertEquals("Client authentication failed both ways at " + server.url("/token")
        + ": with HTTP Basic (invalid_client, HTTP 401) and with the credentials in the request"
        + " (invalid_client, HTTP 400). Check the client id and secret", e.getMessage());
    assertEquals("invalid_client", e.error());
    assertEquals(ErrorCode.INVALID_CLIENT, e.errorCode());
    assertEquals("unknown client", e.errorDescription());
    assertEquals(400, e.httpStatus());
    assertEquals(1, e.getSuppressed().length);
    assertEquals(2, server.getRequestCount());
    assertFalse(e.getMessage().contains(SECRET));

    // Nothing was learned: the next attempt probes with Basic again.
    server.enqueue(token("later"));
    client.clientCredentials();
    server.takeRequest();
    server.takeRequest();
    assertBasicOnly(server.takeRequest());
  }

  @Test
  void autoAuthDoesNotFallBackOnOtherErrors() throws Exception {
    server.enqueue(json(400, "{\"error\":\"invalid_scope\"}"));

    TokenEndpointException e = assertThrows(TokenEndpointException.class,
        client::clientCredentials);
    assertEquals("invalid_scope", e.error());
    assertEquals(1, server.getRequestCount());
  }

  /** Issue 14 item 12: a 401 that names another error is the server's reason, not the method's. */
  @Test
  void autoAuthReportsTheServersReasonInsteadOfFallingBack() throws Exception {
    server.enqueue(json(401, "{\"error\":\"unauthorized_client\",\"error_description\":"
        + "\"Client not enabled to retrieve service account\"}"));

    TokenEndpointException e = assertThrows(TokenEndpointException.class,
        client::clientCredentials);

    assertEquals(1, server.getRequestCount(), "no second attempt with the other method");
    assertEquals(ErrorCode.UNAUTHORIZED_CLIENT, e.errorCode());
    assertEquals("Client not enabled to retrieve service account", e.errorDescription());
    assertEquals("The token endpoint of standard refused the client_credentials request:"
        + " unauthorized_client (HTTP 401): Client not enabled to retrieve service account. This"
        + " client is not allowed to use client_credentials; check its registration",
        e.getMessage());
  }

  @Test
  void listenerHearsWhatWasLearnedAndTheNextClientStartsThere() throws Exception {
    List<Dialect.ClientAuthentication> heard = new CopyOnWriteArrayList<>();
    TokenListener listener = new TokenListener() {
      @Override
      public void clientAuthenticationLearned(Dialect.ClientAuthentication method) {
        heard.add(method);
      }
    };
    server.enqueue(invalidClient());
    server.enqueue(token("first"));
    try (OAuth2Client learning = client.newBuilder().listener(listener).build()) {
      learning.clientCredentials();
    }
    assertEquals(List.of(Dialect.ClientAuthentication.PARAMETERS), heard);
    server.takeRequest();
    server.takeRequest();

    // The next process starts from what was learned: no failing Basic attempt first.
    server.enqueue(token("second"));
    try (OAuth2Client next = client.newBuilder().listener(listener)
        .learnedClientAuthentication(heard.get(0)).build()) {
      assertEquals("second", next.clientCredentials().accessToken());
    }
    assertCredentialsInBody(server.takeRequest(), "grant_type=client_credentials");
    assertEquals(3, server.getRequestCount());
    assertEquals(1, heard.size(), "what was passed in and worked is not reported again");

    // The server changed its mind: the remembered method fails, the other works and is reported.
    server.enqueue(invalidClient());
    server.enqueue(token("third"));
    try (OAuth2Client changed = client.newBuilder().listener(listener)
        .learnedClientAuthentication(Dialect.ClientAuthentication.PARAMETERS).build()) {
      assertEquals("third", changed.clientCredentials().accessToken());
    }
    assertCredentialsInBody(server.takeRequest(), "grant_type=client_credentials");
    assertBasicOnly(server.takeRequest());
    assertEquals(List.of(Dialect.ClientAuthentication.PARAMETERS,
        Dialect.ClientAuthentication.BASIC), heard);
  }

  @Test
  void learnedClientAuthenticationTakesOnlyBasicOrParameters() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OAuth2Client.builder().learnedClientAuthentication(Dialect.ClientAuthentication.AUTO));
    assertEquals("learnedClientAuthentication takes BASIC or PARAMETERS, as"
        + " TokenListener.clientAuthenticationLearned reports them: AUTO", e.getMessage());
  }

  @Test
  void autoAuthRefreshFallsBackLikeClientCredentials() throws Exception {
    server.enqueue(invalidClient());
    server.enqueue(token("refreshed"));
    Token old = Token.builder().accessToken("old").refreshToken("old-refresh")
        .issuedAt(Instant.EPOCH).build();

    assertEquals("refreshed", client.refresh(old).accessToken());
    assertBasicOnly(server.takeRequest());
    assertCredentialsInBody(server.takeRequest(),
        "grant_type=refresh_token&refresh_token=old-refresh");
  }

  @Test
  void codeExchangeNeverProbes() throws Exception {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    server.enqueue(invalidClient());
    server.enqueue(token("must-not-be-used"));

    TokenEndpointException e = assertThrows(TokenEndpointException.class,
        () -> client.exchange(request, okCallback(request, "one-time-code")));

    assertEquals("invalid_client", e.error());
    assertEquals(401, e.httpStatus());
    assertEquals(1, server.getRequestCount());
    assertBasicOnly(server.takeRequest());
    assertFalse(e.getMessage().contains("one-time-code"), e.getMessage());
  }

  @Test
  void codeExchangeUsesWhatWasLearned() throws Exception {
    server.enqueue(invalidClient());
    server.enqueue(token("cc"));
    client.clientCredentials();
    server.takeRequest();
    server.takeRequest();

    AuthorizationRequest request = client.newAuthorizationRequest().build();
    server.enqueue(token("user"));
    client.exchange(request, okCallback(request, "the-code"));

    RecordedRequest exchange = server.takeRequest();
    assertNull(exchange.getHeaders().get("Authorization"));
    assertTrue(body(exchange).startsWith("grant_type=authorization_code&code=the-code&"));
    assertTrue(body(exchange).endsWith("&client_id=" + CLIENT_ID + "&client_secret=" + SECRET));
  }

  @Test
  void revocationUsesWhatWasLearned() throws Exception {
    OAuth2Client revoking = client.newBuilder()
        .provider(client.provider().newBuilder().revocationEndpoint(server.url("/revoke")).build())
        .build();
    try {
      server.enqueue(invalidClient());
      server.enqueue(token("cc"));
      revoking.clientCredentials();
      server.takeRequest();
      server.takeRequest();

      server.enqueue(new MockResponse.Builder().code(200).build());
      revoking.revoke(Token.builder().accessToken("gone").issuedAt(Instant.EPOCH).build());
      RecordedRequest revoke = server.takeRequest();
      assertEquals("/revoke", revoke.getTarget());
      assertCredentialsInBody(revoke, "token=gone&token_type_hint=access_token");
    } finally {
      revoking.close();
    }
  }
}
