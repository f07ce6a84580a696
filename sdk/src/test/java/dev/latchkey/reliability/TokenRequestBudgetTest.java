package dev.latchkey.reliability;

import static dev.latchkey.testing.WireTestSupport.HTTP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.Dialect;
import dev.latchkey.OAuth2Client;
import dev.latchkey.OAuth2Exception;
import dev.latchkey.Provider;
import dev.latchkey.TestHooks;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.testing.ManualTestClock;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 14 item 3: every token request has a call timeout, so a server that drips its answer
 * ends; all attempts of one renewal share one budget, the renewal timeout, also on the caller's
 * own thread. The budget runs on the client's clock, which the pauses between attempts move.
 */
@Timeout(30) // Bounds the test only; without the call timeout a dripping answer runs for minutes.
final class TokenRequestBudgetTest {
  private static final String DRIPPED = "{\"access_token\":\"at-dripped\",\"token_type\":\"Bearer\","
      + "\"expires_in\":3600,\"padding\":\"" + "x".repeat(200) + "\"}";

  private final ManualTestClock clock = new ManualTestClock();
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void setUp() throws Exception {
    server.start();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private OAuth2Client.Builder client() {
    Provider provider = Provider.standard(null, server.url("/token").toString()).newBuilder()
        .dialect(Dialect.standard().newBuilder()
            .clientAuthentication(Dialect.ClientAuthentication.BASIC).build())
        .build();
    return TestHooks.pauses(OAuth2Client.builder()
        .provider(provider)
        .clientId("budget-client")
        .clientSecret("budget-secret")
        .httpClient(HTTP)
        .clock(clock), millis -> clock.advance(Duration.ofMillis(millis)));
  }

  private static MockResponse dripping() {
    // One byte a second: each byte resets OkHttp's read timeout, so only a call timeout ends it.
    return new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .body(DRIPPED).throttleBody(1, 1, TimeUnit.SECONDS).build();
  }

  private static MockResponse unavailableRetryAfterOneSecond() {
    return new MockResponse.Builder().code(503).addHeader("Retry-After", "1")
        .addHeader("Content-Type", "text/plain").body("busy").build();
  }

  @Test
  void aDrippingTokenEndpointEndsAtTheCallTimeout() {
    server.enqueue(dripping());
    try (OAuth2Client client = client().tokenRequestTimeout(Duration.ofMillis(300))
        .maxRetries(0).build()) {
      OAuth2Exception e = assertThrows(OAuth2Exception.class, client::clientCredentials);

      assertEquals("The token endpoint " + server.url("/token") + " of standard did not answer"
          + " the client_credentials request within 300 ms; the server is slow or stalled. Check"
          + " it, or raise tokenRequestTimeout(Duration) and renewalTimeout(Duration) if it is"
          + " legitimately slow", e.getMessage());
      assertInstanceOf(SocketTimeoutException.class, e.getCause());
    }
  }

  @Test
  void aRenewalOnTheCallersThreadAgainstADrippingServerEnds() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(dripping());
    }
    try (OAuth2Client client = client().tokenRequestTimeout(Duration.ofMillis(200)).build()) {
      OAuth2Exception e = assertThrows(OAuth2Exception.class,
          () -> client.clientCredentialsSession().accessToken());

      // The first attempt and maxRetries more, each ended by its call timeout.
      assertTrue(e.getMessage().endsWith("if it is legitimately slow; tried 3 times"),
          e.getMessage());
    }
  }

  @Test
  void allAttemptsOfARenewalShareTheRenewalTimeout() {
    for (int i = 0; i < 11; i++) {
      server.enqueue(unavailableRetryAfterOneSecond());
    }
    try (OAuth2Client client = client().maxRetries(10)
        .renewalTimeout(Duration.ofMillis(2500)).build()) {
      TokenEndpointException e = assertThrows(TokenEndpointException.class,
          () -> client.clientCredentialsSession().accessToken());

      assertTrue(e.getMessage().endsWith("try again later; the renewal timeout of 2500 ms"
          + " leaves no time for another attempt; tried 3 times"), e.getMessage());
    }
    // At 0, 1 and 2 s on the client's clock; a fourth would start at 3 s, after the budget.
    assertEquals(3, server.getRequestCount());
  }

  @Test
  void aGrantTheAppRunsItselfHasTheSameBudget() {
    for (int i = 0; i < 11; i++) {
      server.enqueue(unavailableRetryAfterOneSecond());
    }
    try (OAuth2Client client = client().maxRetries(10)
        .renewalTimeout(Duration.ofMillis(1500)).build()) {
      assertThrows(TokenEndpointException.class, client::clientCredentials);
    }
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void tokenRequestTimeoutMustBePositive() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OAuth2Client.builder().tokenRequestTimeout(Duration.ZERO));
    assertEquals("tokenRequestTimeout must be positive: PT0S", e.getMessage());
  }
}
