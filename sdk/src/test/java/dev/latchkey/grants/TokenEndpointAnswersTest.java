package dev.latchkey.grants;

import static dev.latchkey.testing.WireTestSupport.HTTP;
import static dev.latchkey.testing.WireTestSupport.json;
import static dev.latchkey.testing.WireTestSupport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.Dialect;
import dev.latchkey.ErrorCode;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.TestHooks;
import dev.latchkey.Token;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.testing.ManualTestClock;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a token endpoint's answer means (issue 14 items 7 and 11, issue 15 item 8): only 400 and
 * 401 carry OAuth2 errors, a 5xx is transient whatever its body, any other status points at the
 * URL; messages count attempts and show what Retry-After asked for; and nothing the request
 * carried comes back in any encoding.
 */
final class TokenEndpointAnswersTest {
  private static final String CLIENT_ID = "answers-client";
  private static final String SECRET = "SUPER+SECRET value/42";

  private final MockWebServer server = new MockWebServer();
  private final List<Long> pauses = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    server.start();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private OAuth2Client client(Dialect dialect, int maxRetries) {
    Provider provider = Provider.standard(server.url("/authorize").toString(),
        server.url("/oauth/token").toString()).newBuilder().dialect(dialect).build();
    return TestHooks.pauses(OAuth2Client.builder()
        .provider(provider)
        .clientId(CLIENT_ID)
        .clientSecret(SECRET)
        .httpClient(HTTP)
        .clock(new ManualTestClock())
        .maxRetries(maxRetries), pauses::add)
        .build();
  }

  private OAuth2Client basicClient(int maxRetries) {
    return client(Dialect.standard().newBuilder()
        .clientAuthentication(Dialect.ClientAuthentication.BASIC).build(), maxRetries);
  }

  @Test
  void methodNotAllowedWithJsonErrorPointsAtTheUrlAndIsNoRefusal() {
    server.enqueue(json(405, "{\"error\":\"HTTP 405 Method Not Allowed\"}"));
    try (OAuth2Client client = basicClient(2)) {
      TokenEndpointException e = assertThrows(TokenEndpointException.class,
          () -> client.clientCredentials());
      assertNull(e.error(), "a 405 carries no RFC 6749 §5.2 error");
      assertEquals(ErrorCode.OTHER, e.errorCode());
      assertEquals(405, e.httpStatus());
      assertEquals("The token endpoint " + server.url("/oauth/token") + " of standard answered"
          + " HTTP 405 with Content-Type application/json and no OAuth2 error (client_credentials);"
          + " its body says \"HTTP 405 Method Not Allowed\", but only HTTP 400 and 401 carry OAuth2"
          + " errors (RFC 6749 §5.2); check the token endpoint URL", e.getMessage());
    }
    assertEquals(1, server.getRequestCount(), "a wrong URL is not retried");
  }

  @Test
  void notFoundNamesTheUrlWithoutQueryOrCredentials() {
    server.enqueue(json(404, "{\"error\":\"not_found\"}"));
    try (OAuth2Client client = client(Dialect.standard().newBuilder()
        .encoding(Dialect.Encoding.QUERY)
        .clientAuthentication(Dialect.ClientAuthentication.PARAMETERS).build(), 0)) {
      TokenEndpointException e = assertThrows(TokenEndpointException.class,
          () -> client.clientCredentials());
      assertNull(e.error());
      assertTrue(e.getMessage().startsWith("The token endpoint " + server.url("/oauth/token")
          + " of standard answered HTTP 404"), e.getMessage());
      assertTrue(e.getMessage().endsWith("; check the token endpoint URL"), e.getMessage());
      assertFalse(e.getMessage().contains("client_secret"), e.getMessage());
      assertFalse(e.getMessage().contains("?"), e.getMessage());
    }
  }

  @Test
  void serverErrorWithJsonErrorIsTransientAndRetried() throws Exception {
    server.enqueue(json(500, "{\"error\":\"Internal Server Error\"}"));
    server.enqueue(token("after-500"));
    try (OAuth2Client client = basicClient(2)) {
      Token token = client.clientCredentials();
      assertEquals("after-500", token.accessToken());
    }
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void exhaustedRetriesSayHowManyAttemptsWereMade() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(json(503, "{\"error\":\"temporarily_unavailable\"}"));
    }
    try (OAuth2Client client = basicClient(2)) {
      TokenEndpointException e = assertThrows(TokenEndpointException.class,
          () -> client.clientCredentials());
      assertNull(e.error(), "a 5xx is the server failing, not a refusal");
      assertTrue(e.getMessage().endsWith("; the server or a proxy in front of it failed, try again"
          + " later; tried 3 times"), e.getMessage());
    }
    assertEquals(3, server.getRequestCount());
    assertEquals(2, pauses.size());
  }

  @Test
  void retryAfterBeyondTheCapIsShownAndNotWaitedFor() {
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "11")
        .addHeader("Content-Type", "text/plain").body("busy").build());
    try (OAuth2Client client = basicClient(2)) {
      TokenEndpointException e = assertThrows(TokenEndpointException.class,
          () -> client.clientCredentials());
      assertTrue(e.getMessage().endsWith("try again later; it asked to retry after 11 s"
          + " (Retry-After), more than the 10 s Latchkey waits, so it was not retried"),
          e.getMessage());
    }
    assertEquals(1, server.getRequestCount());
    assertTrue(pauses.isEmpty(), pauses.toString());
  }

  @Test
  void unauthorizedClientKeepsTheServersError() {
    server.enqueue(json(401, "{\"error\":\"unauthorized_client\",\"error_description\":"
        + "\"Client not enabled to retrieve service account\"}"));
    try (OAuth2Client client = basicClient(2)) {
      TokenEndpointException e = assertThrows(TokenEndpointException.class,
          () -> client.clientCredentials());
      assertEquals(ErrorCode.UNAUTHORIZED_CLIENT, e.errorCode());
      assertEquals("Client not enabled to retrieve service account", e.errorDescription());
    }
  }

  @Test
  void echoedSecretsAreRedactedInEveryEncodingInMessagesAndAccessors() {
    String basic = okhttp3.Credentials.basic(CLIENT_ID,
        SECRET.replace("+", "%2B").replace(" ", "+").replace("/", "%2F"));
    String base64 = basic.substring("Basic ".length());
    String echo = "got Authorization " + base64 + " and client_secret=SUPER%2BSECRET+value%2F42"
        + " or SUPER%2BSECRET%20value%2F42 or " + SECRET;
    String body = "{\"error\":\"invalid_request\",\"error_description\":\"" + echo + "\","
        + "\"error_uri\":\"https://err.example/?echo=" + base64 + "\"}";
    for (Dialect.ClientAuthentication auth : new Dialect.ClientAuthentication[] {
        Dialect.ClientAuthentication.BASIC, Dialect.ClientAuthentication.PARAMETERS}) {
      for (Dialect.Encoding encoding : Dialect.Encoding.values()) {
        server.enqueue(json(400, body));
        try (OAuth2Client client = client(Dialect.standard().newBuilder()
            .clientAuthentication(auth).encoding(encoding).build(), 0)) {
          TokenEndpointException e = assertThrows(TokenEndpointException.class,
              () -> client.clientCredentials());
          String where = auth + "/" + encoding + ": ";
          for (String shown : new String[] {e.getMessage(), e.errorDescription(), e.errorUri()}) {
            assertFalse(shown.contains(base64), where + shown);
            assertFalse(shown.contains("SUPER"), where + shown);
            assertTrue(shown.contains("[redacted]"), where + shown);
          }
        }
      }
    }
  }
}
