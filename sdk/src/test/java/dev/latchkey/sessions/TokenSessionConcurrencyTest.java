package dev.latchkey.sessions;

import dev.latchkey.testing.ManualTestClock;
import dev.latchkey.Dialect;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.TokenSession;
import dev.latchkey.TokenStore;
import dev.latchkey.testing.TokenSessionFixtures;
import dev.latchkey.testing.TokenSessionServer;
import static dev.latchkey.testing.TokenSessionFixtures.T0;
import static dev.latchkey.testing.TokenSessionFixtures.await;
import static dev.latchkey.testing.TokenSessionFixtures.token;
import static dev.latchkey.testing.TokenSessionServer.BASIC;
import static dev.latchkey.testing.TokenSessionServer.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Many threads, one token request: single-flight renewal and refresh-ahead under contention. */
final class TokenSessionConcurrencyTest {
  private static final int CALLERS = 64;
  private static final String TOKEN_PATH = "/oauth/token";

  private final ManualTestClock clock = new ManualTestClock(T0);
  private final TokenStore store = TokenStore.inMemory();
  private final CountDownLatch tokenRequestArrived = new CountDownLatch(1);
  private final CountDownLatch releaseTokenResponse = new CountDownLatch(1);
  private final AtomicInteger tokenRequests = new AtomicInteger();
  private TokenSessionServer server;
  private ExecutorService renewalThread;
  private OAuth2Client client;

  @BeforeEach
  void setUp() throws Exception {
    server = new TokenSessionServer();
    renewalThread = Executors.newSingleThreadExecutor();
    client = OAuth2Client.builder()
        .provider(Provider.orgo(server.baseUrl()).newBuilder()
            .dialect(Dialect.builder()
                .clientAuthentication(Dialect.ClientAuthentication.BASIC)
                .build())
            .build())
        .clientId(TokenSessionServer.CLIENT_ID)
        .clientSecret(TokenSessionServer.CLIENT_SECRET)
        .clock(clock)
        .tokenStore(store)
        .executor(renewalThread)
        .build();
  }

  @AfterEach
  void tearDown() throws Exception {
    releaseTokenResponse.countDown();
    client.close();
    renewalThread.shutdownNow();
    assertTrue(renewalThread.awaitTermination(10, TimeUnit.SECONDS));
    server.close();
  }

  /** Holds the first token response until the test releases it; answers {@code first}, then ok. */
  private void holdTokenResponse(mockwebserver3.MockResponse first) {
    server.on(TOKEN_PATH, request -> {
      int n = tokenRequests.incrementAndGet();
      if (n == 1) {
        tokenRequestArrived.countDown();
        await(releaseTokenResponse, "the test to release the token response");
        return first;
      }
      return TokenSessionServer.token("at3", "rt3", 3600);
    });
  }

  @Test
  void sixtyFourCallersOfExpiredTokenShareOneRefresh() throws Exception {
    store.save("alice", token("at1", "rt1", T0, Duration.ofHours(1)));
    clock.advance(Duration.ofHours(1));
    holdTokenResponse(TokenSessionServer.token("at2", "rt2", 3600));
    TokenSession session = client.session("alice");

    TokenSessionFixtures.Crowd crowd = TokenSessionFixtures.Crowd.start(CALLERS, session::accessToken);
    await(tokenRequestArrived, "the refresh request");
    crowd.awaitWaitingOnRenewal(session, CALLERS - 1);
    releaseTokenResponse.countDown();

    List<Object> outcomes = crowd.outcomes();
    for (Object outcome : outcomes) {
      assertEquals("at2", outcome);
    }
    assertEquals(1, tokenRequests.get());
    RecordedRequest refresh = server.requests(TOKEN_PATH).get(0);
    assertEquals("grant_type=refresh_token&refresh_token=rt1", body(refresh));
    assertEquals(BASIC, refresh.getHeaders().get("Authorization"));
    assertEquals("rt2", store.load("alice").refreshToken());
  }

  @Test
  void sixtyFourCallersShareOneFailedRefreshAndNextCallTriesAgain() throws Exception {
    store.save("alice", token("at1", "rt1", T0, Duration.ofHours(1)));
    clock.advance(Duration.ofHours(1));
    holdTokenResponse(new mockwebserver3.MockResponse.Builder()
        .code(403)
        .setHeader("Content-Type", "text/html")
        .body("<html>Blocked by the firewall</html>")
        .build());
    TokenSession session = client.session("alice");

    TokenSessionFixtures.Crowd crowd = TokenSessionFixtures.Crowd.start(CALLERS, session::accessToken);
    await(tokenRequestArrived, "the refresh request");
    crowd.awaitWaitingOnRenewal(session, CALLERS - 1);
    releaseTokenResponse.countDown();

    List<Object> outcomes = crowd.outcomes();
    TokenEndpointException first = assertInstanceOf(TokenEndpointException.class, outcomes.get(0));
    assertEquals(403, first.httpStatus());
    assertEquals(null, first.error());
    assertTrue(first.getMessage().contains("answered HTTP 403"), first.getMessage());
    for (Object outcome : outcomes) {
      TokenEndpointException e = assertInstanceOf(TokenEndpointException.class, outcome);
      assertEquals(first.getMessage(), e.getMessage());
    }
    assertEquals(1, tokenRequests.get());
    // A proxy's refusal is not the provider's rejection: the refresh token stays.
    assertEquals("rt1", store.load("alice").refreshToken());

    // Not poisoned: the next caller tries again, at once, and gets the token.
    assertEquals("at3", session.accessToken());
    assertEquals(2, tokenRequests.get());
    assertEquals("grant_type=refresh_token&refresh_token=rt1",
        body(server.requests(TOKEN_PATH).get(1)));
  }

  @Test
  void sixtyFourCallersOfNewClientCredentialsSessionShareOneGrant() throws Exception {
    holdTokenResponse(TokenSessionServer.token("cc1", null, 3599));
    TokenSession session = client.clientCredentialsSession();

    TokenSessionFixtures.Crowd crowd = TokenSessionFixtures.Crowd.start(CALLERS, session::accessToken);
    await(tokenRequestArrived, "the client_credentials request");
    crowd.awaitWaitingOnRenewal(session, CALLERS - 1);
    releaseTokenResponse.countDown();

    for (Object outcome : crowd.outcomes()) {
      assertEquals("cc1", outcome);
    }
    assertEquals(1, tokenRequests.get());
    assertEquals("grant_type=client_credentials", body(server.requests(TOKEN_PATH).get(0)));
  }

  @Test
  void refreshAheadServesOldTokenWhileBackgroundRenewalIsInFlight() throws Exception {
    store.save("alice", token("at1", "rt1", T0, Duration.ofHours(1)));
    holdTokenResponse(TokenSessionServer.token("at2", "rt2", 3600));
    CountDownLatch renewalDone = new CountDownLatch(1);
    AtomicInteger submitted = new AtomicInteger();
    OAuth2Client tracked = client.newBuilder()
        .executor(task -> {
          submitted.incrementAndGet();
          renewalThread.execute(() -> {
            task.run();
            renewalDone.countDown();
          });
        })
        .build();
    TokenSession session = tracked.session("alice");
    clock.advance(Duration.ofMinutes(59)); // Inside the last minute of a one-hour token.

    // The refresh is held at the server, yet callers get the still-valid token at once.
    assertEquals("at1", session.accessToken());
    await(tokenRequestArrived, "the background refresh");
    assertEquals("at1", session.accessToken());
    assertEquals("at1", session.accessToken());
    assertEquals(1, submitted.get(), "calls during the renewal must not start another");

    releaseTokenResponse.countDown();
    await(renewalDone, "the background renewal to finish");
    assertEquals("at2", session.accessToken());
    assertEquals(1, tokenRequests.get());
    assertEquals(1, submitted.get());
    assertEquals("rt2", store.load("alice").refreshToken());
  }
}
