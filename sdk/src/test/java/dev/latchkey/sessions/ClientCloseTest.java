package dev.latchkey.sessions;

import static dev.latchkey.testing.TokenSessionFixtures.T0;
import static dev.latchkey.testing.TokenSessionFixtures.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.Dialect;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.TokenStore;
import dev.latchkey.testing.ManualTestClock;
import dev.latchkey.testing.TokenSessionServer;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Closing a client lets a background renewal already on the wire finish and save: interrupted
 * after the server rotated the refresh token, it would leave the store holding a spent one.
 */
final class ClientCloseTest {
  private final ManualTestClock clock = new ManualTestClock(T0);
  private final TokenStore store = TokenStore.inMemory();
  private TokenSessionServer server;

  @BeforeEach
  void setUp() throws IOException {
    server = new TokenSessionServer();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void closeWaitsForARenewalOnTheWireToSaveItsToken() throws Exception {
    OAuth2Client client = OAuth2Client.builder()
        .provider(Provider.orgo(server.baseUrl()).newBuilder()
            .dialect(Dialect.builder()
                .clientAuthentication(Dialect.ClientAuthentication.BASIC).build())
            .build())
        .clientId(TokenSessionServer.CLIENT_ID)
        .clientSecret(TokenSessionServer.CLIENT_SECRET)
        .clock(clock)
        .tokenStore(store)
        .build(); // The client's own renewal threads: close() stops them.
    AtomicReference<Thread> closer = new AtomicReference<>();
    server.on("/oauth/token", request -> {
      // The renewal is on the wire: close the client now, and answer once close() is waiting.
      Thread closing = new Thread(client::close, "closer");
      closer.set(closing);
      closing.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (closing.getState() != Thread.State.TIMED_WAITING
          && closing.getState() != Thread.State.TERMINATED && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      return TokenSessionServer.token("at2", "rt2", 3600);
    });
    client.session("alice").save(token("at1", "rt1", T0, Duration.ofHours(1)));
    clock.advance(Duration.ofMinutes(59)); // Inside the refresh-ahead window: renews behind.

    assertEquals("at1", client.session("alice").accessToken());

    assertTrue(awaitCloser(closer), "close() returned");
    assertEquals("rt2", store.load("alice").refreshToken(),
        "the rotated refresh token the server handed out is in the store");
  }

  private static boolean awaitCloser(AtomicReference<Thread> closer)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (closer.get() == null && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    Thread closing = closer.get();
    if (closing == null) {
      return false;
    }
    closing.join(TimeUnit.SECONDS.toMillis(10));
    return !closing.isAlive();
  }
}
