package dev.latchkey.exchange;

import static dev.latchkey.testing.WireTestSupport.HTTP;
import static dev.latchkey.testing.WireTestSupport.basicPair;
import static dev.latchkey.testing.WireTestSupport.body;
import static dev.latchkey.testing.WireTestSupport.form;
import static dev.latchkey.testing.WireTestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.latchkey.ErrorCode;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.ReauthorizationRequiredException;
import dev.latchkey.Token;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.TokenExchange;
import dev.latchkey.TokenSession;
import dev.latchkey.testing.ManualTestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Token exchange (RFC 8693) on the wire, and the session that renews by exchanging again. */
final class TokenExchangeTest {
  private static final String JWT_TYPE = "urn:ietf:params:oauth:token-type:jwt";
  private final MockWebServer server = new MockWebServer();
  private final ManualTestClock clock = new ManualTestClock();
  private OAuth2Client client;

  @BeforeEach
  void setUp() throws Exception {
    server.start();
    client = OAuth2Client.builder()
        .provider(Provider.standard(null, server.url("/token").toString()))
        .clientId("backend")
        .clientSecret("backend-secret")
        .httpClient(HTTP)
        .clock(clock)
        .executor(Runnable::run) // Background renewals run at once, on the calling thread.
        .build();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private static MockResponse exchanged(String accessToken, int expiresIn) {
    return json(200, "{\"access_token\":\"" + accessToken + "\",\"issued_token_type\":"
        + "\"urn:ietf:params:oauth:token-type:access_token\",\"token_type\":\"Bearer\","
        + "\"expires_in\":" + expiresIn + "}");
  }

  private TokenSession alice(int expiresIn, String refreshToken) throws Exception {
    TokenSession alice = client.session("alice");
    alice.save(Token.builder().accessToken("alice-at").issuedAt(clock.instant())
        .expiresAt(clock.instant().plusSeconds(expiresIn)).refreshToken(refreshToken).build());
    return alice;
  }

  @Test
  void sendsEveryParameterOfRfc8693AndReportsTheIssuedType() throws Exception {
    server.enqueue(json(200, "{\"access_token\":\"orders-at\",\"issued_token_type\":"
        + "\"" + JWT_TYPE + "\",\"token_type\":\"N_A\",\"expires_in\":300}"));
    Token token = client.newTokenExchange()
        .subjectToken("incoming-user-token", TokenExchange.ACCESS_TOKEN_TYPE)
        .actorToken("service-identity", JWT_TYPE)
        .audience("orders-api")
        .resource("https://orders.example.com/api")
        .scopes("orders:read", "orders:write")
        .requestedTokenType(JWT_TYPE)
        .build()
        .execute();

    RecordedRequest request = server.takeRequest();
    assertEquals("backend:backend-secret", basicPair(request));
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
    expected.put("resource", "https://orders.example.com/api");
    expected.put("audience", "orders-api");
    expected.put("scope", "orders:read orders:write");
    expected.put("requested_token_type", JWT_TYPE);
    expected.put("subject_token", "incoming-user-token");
    expected.put("subject_token_type", TokenExchange.ACCESS_TOKEN_TYPE);
    expected.put("actor_token", "service-identity");
    expected.put("actor_token_type", JWT_TYPE);
    assertEquals(new ArrayList<>(expected.entrySet()),
        new ArrayList<>(form(body(request)).entrySet()));
    assertEquals("orders-at", token.accessToken());
    assertEquals(JWT_TYPE, token.issuedTokenType());
    assertEquals("N_A", token.tokenType());
    assertEquals(clock.instant().plusSeconds(300), token.expiresAt());
  }

  @Test
  void aSubjectSessionGivesItsCurrentAccessToken() throws Exception {
    TokenSession alice = alice(3600, null);
    server.enqueue(exchanged("orders-at", 300));
    Token token = client.newTokenExchange().subject(alice).audience("orders-api").build()
        .execute();
    Map<String, String> sent = form(body(server.takeRequest()));
    assertEquals("alice-at", sent.get("subject_token"));
    assertEquals(TokenExchange.ACCESS_TOKEN_TYPE, sent.get("subject_token_type"));
    assertEquals("orders-at", token.accessToken());
  }

  @Test
  void anAudienceTheClientMayNotHaveIsInvalidTarget() throws Exception {
    server.enqueue(json(400, "{\"error\":\"invalid_target\"}"));
    TokenEndpointException e = assertThrows(TokenEndpointException.class,
        () -> client.newTokenExchange().subject(alice(3600, null)).audience("payroll").build()
            .execute());
    assertEquals(ErrorCode.INVALID_TARGET, e.errorCode());
    assertEquals("The token endpoint of standard refused the token-exchange request:"
        + " invalid_target (HTTP 400). The provider does not allow this client a token for that"
        + " audience or resource; check the audience, resource and the client's exchange policy",
        e.getMessage());
  }

  @Test
  void theSessionExchangesAgainAheadOfExpiryWithTheSubjectsCurrentToken() throws Exception {
    TokenSession alice = alice(3600, null);
    TokenSession orders = client.newTokenExchange().subject(alice).audience("orders-api")
        .build().session();
    server.enqueue(exchanged("orders-1", 100));
    server.enqueue(exchanged("orders-2", 100));

    assertEquals("orders-1", orders.accessToken());
    assertEquals("exchange:alice:orders-api::", orders.key());
    clock.advance(Duration.ofSeconds(95)); // In the last tenth: renewed ahead, old one served.
    assertEquals("orders-1", orders.accessToken());
    assertEquals("orders-2", orders.accessToken());
    assertEquals(2, server.getRequestCount());
    server.takeRequest();
    assertEquals("alice-at", form(body(server.takeRequest())).get("subject_token"));
  }

  @Test
  void manyCallersOfAnExpiredExchangedTokenShareOneExchange() throws Exception {
    TokenSession orders = client.newTokenExchange().subject(alice(3600, null))
        .audience("orders-api").build().session();
    server.enqueue(exchanged("orders-1", 60));
    orders.accessToken();
    clock.advance(Duration.ofSeconds(61));
    server.enqueue(exchanged("orders-2", 60).newBuilder()
        .headersDelay(200, TimeUnit.MILLISECONDS).build());

    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(threads.submit(() -> {
          go.await(10, TimeUnit.SECONDS);
          return orders.accessToken();
        }));
      }
      go.countDown();
      for (Future<String> result : results) {
        assertEquals("orders-2", result.get(30, TimeUnit.SECONDS));
      }
    } finally {
      threads.shutdownNow();
    }
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void theSessionSaysWhenItsSubjectSessionHasEnded() throws Exception {
    TokenSession alice = alice(30, null); // No refresh token: alice's login ends with it.
    TokenSession orders = client.newTokenExchange().subject(alice).audience("orders-api")
        .build().session();
    server.enqueue(exchanged("orders-1", 60));
    orders.accessToken();
    clock.advance(Duration.ofSeconds(61));

    ReauthorizationRequiredException e = assertThrows(ReauthorizationRequiredException.class,
        orders::accessToken);
    assertEquals("exchange:alice:orders-api::", e.sessionKey());
    assertEquals("The subject of the exchanged session \"exchange:alice:orders-api::\" has"
        + " ended: its session \"alice\" needs a new login, so there is no token to exchange."
        + " Send the user through login again", e.getMessage());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void theSessionSaysWhenTheServerNoLongerAcceptsTheSubjectToken() throws Exception {
    TokenSession orders = client.newTokenExchange()
        .subjectToken("incoming-user-token", TokenExchange.ACCESS_TOKEN_TYPE)
        .resource("https://orders.example.com/api").build().session();
    server.enqueue(exchanged("orders-1", 60));
    server.enqueue(json(400, "{\"error\":\"invalid_grant\"}"));
    orders.accessToken();
    clock.advance(Duration.ofSeconds(61));

    ReauthorizationRequiredException e = assertThrows(ReauthorizationRequiredException.class,
        orders::accessToken);
    assertEquals("The provider no longer accepts the subject token of the exchanged session \""
        + orders.key() + "\" (invalid_grant): the subject has ended (expired or revoked). Get a"
        + " new subject token, from a new login", e.getMessage());
    assertFalse(orders.key().contains("incoming-user-token"));
  }

  @Test
  void buildRefusesAnExchangeWithoutSubjectOrTarget() {
    IllegalStateException noSubject = assertThrows(IllegalStateException.class,
        () -> client.newTokenExchange().audience("a").build());
    assertEquals("a subject is required: subject(session) or subjectToken(token, type)",
        noSubject.getMessage());
    assertThrows(IllegalStateException.class, () -> client.newTokenExchange()
        .subjectToken("t", TokenExchange.ACCESS_TOKEN_TYPE).build());
    assertThrows(IllegalArgumentException.class, () -> client.newTokenExchange()
        .resource("/relative"));
  }

  @Test
  void toStringShowsNoToken() {
    String text = client.newTokenExchange().subjectToken("secret-subject-token", JWT_TYPE)
        .actorToken("secret-actor-token", JWT_TYPE).audience("orders-api").build().toString();
    assertFalse(text.contains("secret-subject-token"));
    assertFalse(text.contains("secret-actor-token"));
  }
}
