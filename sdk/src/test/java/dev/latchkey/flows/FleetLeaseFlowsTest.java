package dev.latchkey.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenSession;
import dev.latchkey.TokenStore;
import dev.latchkey.mockserver.ConsentMode;
import dev.latchkey.mockserver.MockAuthServer;
import dev.latchkey.testing.ForwardingTokenStore;
import dev.latchkey.testing.ManualTestClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fleet's lease protocol (issue 19): short leases on the client's clock, a holder paused past
 * its lease that neither spends the refresh token its successor spends nor saves over its
 * successor's token, and waiting instances that still get the result when notifications are lost.
 */
final class FleetLeaseFlowsTest {
  private static final Duration LEASE = OAuth2Client.DEFAULT_RENEWAL_LEASE;
  private final ManualTestClock clock = new ManualTestClock(Instant.now());
  private final OkHttpClient http = new OkHttpClient();
  private final ClockLeasingStore shared = new ClockLeasingStore(clock);
  private MockAuthServer mock;
  private ExecutorService threads;

  @BeforeEach
  void start() throws IOException {
    mock = MockAuthServer.builder().consent(ConsentMode.AUTO_APPROVE).clock(clock)
        .tokenLifetime(Duration.ofSeconds(60)).build();
    mock.start();
    threads = Executors.newCachedThreadPool();
  }

  @AfterEach
  void stop() {
    threads.shutdownNow();
    mock.close();
  }

  private TokenSession instance(TokenStore store) {
    return OAuth2Client.builder()
        .provider(Provider.organizationApiBasic(mock.baseUrl("orgapi").toString()))
        .clientId(mock.demoClient("orgapi").clientId())
        .clientSecret(mock.demoClient("orgapi").clientSecret())
        .tokenStore(store).clock(clock).httpClient(http)
        .renewalLease(LEASE)
        .build()
        .clientCredentialsSession();
  }

  @Test
  void holderPausedPastItsLeaseStopsBeforeSpendingTheRotatedRefreshToken() throws Exception {
    Pausing pausedOnRead = new Pausing();
    TokenStore storeOfA = new ForwardingTokenStore(shared) {
      @Override
      public Token load(String key) throws IOException {
        Token read = super.load(key);
        pausedOnRead.pauseIfArmed(); // After the lease was taken, before the refresh is sent.
        return read;
      }
    };
    TokenSession a = instance(storeOfA);
    TokenSession b = instance(shared);
    String first = a.accessToken();
    assertEquals(first, b.accessToken());
    clock.advance(Duration.ofSeconds(61));

    pausedOnRead.arm();
    Future<String> ofA = threads.submit(a::accessToken);
    pausedOnRead.awaitPaused();
    clock.advance(LEASE.plusSeconds(1)); // A's lease lapses while it is paused.
    String ofB = b.accessToken(); // B takes the lease over and refreshes.
    pausedOnRead.resume();

    assertEquals(ofB, ofA.get(10, TimeUnit.SECONDS), "A adopts B's token");
    assertNotEquals(first, ofB);
    assertEquals(1, mock.tokenRequests("orgapi", "refresh_token"),
        "the rotated refresh token was spent once, by B");
    assertEquals(ofB, shared.load(a.key()).accessToken());
  }

  @Test
  void holderPausedBeforeItsSaveCannotOverwriteItsSuccessorsToken() throws Exception {
    mock.rotateRefreshTokens("orgapi", false); // So both refreshes succeed, and both save.
    Pausing pausedOnSave = new Pausing();
    TokenStore storeOfA = new ForwardingTokenStore(shared) {
      @Override
      public boolean compareAndSetLeased(String key, String owner, Token expected, Token update)
          throws IOException {
        pausedOnSave.pauseIfArmed(); // After the refresh, before the save.
        return shared.compareAndSetLeased(key, owner, expected, update);
      }
    };
    TokenSession a = instance(storeOfA);
    TokenSession b = instance(shared);
    String first = a.accessToken();
    clock.advance(Duration.ofSeconds(61));

    pausedOnSave.arm();
    Future<String> ofA = threads.submit(a::accessToken);
    pausedOnSave.awaitPaused();
    clock.advance(LEASE.plusSeconds(1));
    String ofB = b.accessToken();
    pausedOnSave.resume();

    assertEquals(ofB, ofA.get(10, TimeUnit.SECONDS), "A discards its renewal for B's");
    assertNotEquals(first, ofB);
    assertEquals(2, mock.tokenRequests("orgapi", "refresh_token"));
    assertEquals(ofB, shared.load(a.key()).accessToken(), "the store keeps B's token");
  }

  @Test
  void lostNotificationsStillDeliverTheResultByReadingTheStore() throws Exception {
    AtomicInteger watchesOpened = new AtomicInteger();
    TokenStore storeOfB = new ForwardingTokenStore(shared) {
      @Override
      public Watch watch(String key) {
        watchesOpened.incrementAndGet();
        return new Watch() { // Every notification is lost.
          @Override
          public boolean await(long timeoutMillis) throws InterruptedException {
            return new CountDownLatch(1).await(timeoutMillis, TimeUnit.MILLISECONDS);
          }

          @Override
          public void close() {
          }
        };
      }
    };
    Pausing pausedOnSave = new Pausing();
    TokenStore storeOfA = new ForwardingTokenStore(shared) {
      @Override
      public boolean compareAndSetLeased(String key, String owner, Token expected, Token update)
          throws IOException {
        pausedOnSave.pauseIfArmed();
        return shared.compareAndSetLeased(key, owner, expected, update);
      }
    };
    TokenSession a = instance(storeOfA);
    TokenSession b = instance(storeOfB);
    a.accessToken();
    b.accessToken();
    clock.advance(Duration.ofSeconds(61));

    pausedOnSave.arm();
    Future<String> ofA = threads.submit(a::accessToken);
    pausedOnSave.awaitPaused(); // A holds the lease and has its token: B must wait for it.
    Future<String> ofB = threads.submit(b::accessToken);
    pausedOnSave.resume();

    assertEquals(ofA.get(10, TimeUnit.SECONDS), ofB.get(10, TimeUnit.SECONDS));
    assertEquals(1, mock.tokenRequests("orgapi", "refresh_token"));
    assertTrue(watchesOpened.get() <= 1, "B watched at most once: " + watchesOpened);
  }

  /** Holds one call of the thread that meets it armed until the test resumes it. */
  private static final class Pausing {
    private final AtomicBoolean armed = new AtomicBoolean();
    private final CountDownLatch paused = new CountDownLatch(1);
    private final CountDownLatch resumed = new CountDownLatch(1);

    void arm() {
      armed.set(true);
    }

    void pauseIfArmed() throws IOException {
      if (!armed.compareAndSet(true, false)) {
        return;
      }
      paused.countDown();
      try {
        assertTrue(resumed.await(10, TimeUnit.SECONDS), "the test resumes the paused call");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }

    void awaitPaused() throws InterruptedException {
      assertTrue(paused.await(10, TimeUnit.SECONDS), "the holder reached its pause");
    }

    void resume() {
      resumed.countDown();
    }
  }

  /** An in-memory store whose leases, like the SQL store's, end on the injected clock. */
  static final class ClockLeasingStore extends ForwardingTokenStore {
    private final ManualTestClock clock;
    private final ConcurrentHashMap<String, Object[]> leases = new ConcurrentHashMap<>();

    ClockLeasingStore(ManualTestClock clock) {
      super(TokenStore.inMemory());
      this.clock = clock;
    }

    @Override
    public synchronized boolean tryLease(String key, String owner, Duration ttl) {
      Object[] held = leases.get(key);
      if (held != null && !held[0].equals(owner) && (long) held[1] > clock.millis()) {
        return false;
      }
      leases.put(key, new Object[] {owner, clock.millis() + ttl.toMillis()});
      return true;
    }

    @Override
    public synchronized boolean renewLease(String key, String owner, Duration ttl) {
      if (!holds(key, owner)) {
        return false;
      }
      leases.put(key, new Object[] {owner, clock.millis() + ttl.toMillis()});
      return true;
    }

    @Override
    public synchronized boolean compareAndSetLeased(String key, String owner, Token expected,
        Token update) throws IOException {
      return holds(key, owner) && compareAndSet(key, expected, update);
    }

    @Override
    public synchronized void releaseLease(String key, String owner) {
      if (holds(key, owner)) {
        leases.remove(key);
      }
    }

    private boolean holds(String key, String owner) {
      Object[] held = leases.get(key);
      return held != null && held[0].equals(owner) && (long) held[1] > clock.millis();
    }
  }
}
