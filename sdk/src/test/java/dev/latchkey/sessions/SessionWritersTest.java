package dev.latchkey.sessions;

import static dev.latchkey.testing.TokenSessionFixtures.TIMEOUT_SECONDS;
import static dev.latchkey.testing.TokenSessionFixtures.await;
import static dev.latchkey.testing.TokenSessionFixtures.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.ReauthorizationRequiredException;
import dev.latchkey.Token;
import dev.latchkey.TokenSession;
import dev.latchkey.TokenStore;
import dev.latchkey.testing.ManualTestClock;
import dev.latchkey.testing.TokenSessionServer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every writer of a session's state against a renewal still on the wire: the newer writer wins,
 * in memory and in the store, and a closed session stays closed.
 */
final class SessionWritersTest {
  private static final String TOKEN_PATH = "/oauth/token";
  private final ManualTestClock clock = new ManualTestClock();
  private final TokenStore store = TokenStore.inMemory();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final CountDownLatch refreshArrived = new CountDownLatch(1);
  private final CountDownLatch releaseRefresh = new CountDownLatch(1);
  private TokenSessionServer server;
  private OAuth2Client client;
  private TokenSession alice;

  @BeforeEach
  void setUp() throws Exception {
    server = new TokenSessionServer();
    server.on(TOKEN_PATH, request -> {
      refreshArrived.countDown();
      await(releaseRefresh, "the test to release the refresh response");
      return TokenSessionServer.token("renewed-at", "renewed-rt", 3600);
    });
    client = OAuth2Client.builder()
        .provider(Provider.orgo(server.baseUrl()))
        .clientId(TokenSessionServer.CLIENT_ID)
        .clientSecret(TokenSessionServer.CLIENT_SECRET)
        .clock(clock)
        .tokenStore(store)
        .build();
    alice = client.session("alice");
    alice.save(token("at1", "rt1", clock.instant(), Duration.ofHours(1)));
  }

  @AfterEach
  void tearDown() {
    releaseRefresh.countDown();
    threads.shutdownNow();
    client.close();
    server.close();
  }

  /** Starts a renewal and returns once its refresh request is on the wire. */
  private Future<Token> renewalOnTheWire() throws InterruptedException {
    Future<Token> renewal = threads.submit(alice::renew);
    await(refreshArrived, "the refresh request");
    return renewal;
  }

  private static Throwable failureOf(Future<?> future) {
    return assertThrows(ExecutionException.class,
        () -> future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).getCause();
  }

  @Test
  void aSignOutDuringARenewalWins() throws Exception {
    Future<Token> renewal = renewalOnTheWire();
    alice.forget();
    releaseRefresh.countDown();

    assertInstanceOf(ReauthorizationRequiredException.class, failureOf(renewal));
    assertNull(store.load("alice"), "the renewed token is not saved back");
    assertFalse(alice.hasToken());
    assertThrows(ReauthorizationRequiredException.class, alice::accessToken);
  }

  @Test
  void aCloseDuringARenewalIsFinal() throws Exception {
    Future<Token> renewal = renewalOnTheWire();
    alice.close();
    releaseRefresh.countDown();

    assertInstanceOf(IllegalStateException.class, failureOf(renewal));
    assertThrows(IllegalStateException.class, alice::accessToken);
    assertThrows(IllegalStateException.class, alice::hasToken);
    assertThrows(IllegalStateException.class, alice::signOut);
    assertThrows(IllegalStateException.class, () -> alice.authorize(new okhttp3.OkHttpClient()));
    // A close is no newer token: the rotated one is still saved, and the next session reads it.
    TokenSession next = client.session("alice");
    assertEquals("renewed-at", next.accessToken());
  }

  @Test
  void forgetDeletesLocallyAndAsksTheProviderNothing() throws Exception {
    assertTrue(alice.hasToken());
    alice.forget();

    assertFalse(alice.hasToken());
    assertNull(store.load("alice"));
    assertEquals(0, server.totalCount());
  }

  @Test
  void hasTokenSeesATokenAnotherProcessSaved() throws Exception {
    alice.forget();
    store.save("alice", token("at2", "rt2", clock.instant(), Duration.ofHours(1)));

    assertTrue(alice.hasToken());
    assertEquals("at2", alice.accessToken());
  }
}
