package dev.latchkey.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.testing.ForwardingTokenStore;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.ReauthorizationRequiredException;
import dev.latchkey.Token;
import dev.latchkey.TokenSession;
import dev.latchkey.TokenStore;
import dev.latchkey.mockserver.ConsentMode;
import dev.latchkey.testing.ManualTestClock;
import dev.latchkey.mockserver.MockAuthServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several independent clients (standing in for a fleet of app instances) sharing one token
 * store: the store's renewal lease makes one of them renew, and the rest adopt its token.
 */
final class SharedStoreFlowsTest {
  private final ManualTestClock clock = new ManualTestClock(java.time.Instant.now());
  private final OkHttpClient http = new OkHttpClient();
  private MockAuthServer mock;
  private ExecutorService threads;

  @BeforeEach
  void start() throws IOException {
    mock = MockAuthServer.builder().consent(ConsentMode.AUTO_APPROVE).clock(clock)
        .tokenLifetime(Duration.ofSeconds(60)).build();
    mock.start();
    threads = Executors.newFixedThreadPool(64);
  }

  @AfterEach
  void stop() {
    threads.shutdownNow();
    mock.close();
  }

  private OAuth2Client instance(TokenStore store) {
    return OAuth2Client.builder()
        .provider(Provider.organizationApiBasic(mock.baseUrl("orgapi").toString()))
        .clientId(mock.demoClient("orgapi").clientId())
        .clientSecret(mock.demoClient("orgapi").clientSecret())
        .tokenStore(store)
        .clock(clock)
        .httpClient(http)
        .build();
  }

  @Test
  void eightInstancesTimesEightThreadsAtExpiryMakeOneRefresh() throws Exception {
    LeasingStore store = new LeasingStore();
    List<TokenSession> sessions = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      sessions.add(instance(store).clientCredentialsSession());
    }
    String first = sessions.get(0).accessToken();
    for (TokenSession session : sessions) {
      assertEquals(first, session.accessToken(), "every instance reads the shared token");
    }
    assertEquals(1, mock.tokenRequests("orgapi", "client_credentials"));

    clock.advance(Duration.ofSeconds(61));
    CyclicBarrier start = new CyclicBarrier(64);
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      TokenSession session = sessions.get(i % 8);
      results.add(threads.submit(() -> {
        start.await(10, TimeUnit.SECONDS);
        return session.accessToken();
      }));
    }
    Set<String> tokens = ConcurrentHashMap.newKeySet();
    for (Future<String> result : results) {
      tokens.add(result.get(30, TimeUnit.SECONDS));
    }
    assertEquals(1, tokens.size(), "all 64 callers got the same renewed token");
    assertNotEquals(first, tokens.iterator().next());
    assertEquals(1, mock.tokenRequests("orgapi", "refresh_token"));
    assertTrue(store.leasesTaken() >= 1);
  }

  @Test
  void leaseOfACrashedHolderExpiresAndAnotherInstanceRenews() throws Exception {
    LeasingStore store = new LeasingStore();
    TokenSession session = instance(store).clientCredentialsSession();
    session.accessToken();
    // An instance that died mid-renewal: its lease stays until it expires.
    assertTrue(store.tryLease(session.key(), "crashed-instance", Duration.ofMillis(200)));

    clock.advance(Duration.ofSeconds(61));
    String renewed = session.accessToken(); // Waits out the dead lease, then renews itself.
    assertEquals(1, mock.tokenRequests("orgapi", "refresh_token"));
    assertEquals(renewed, store.load(session.key()).accessToken());
  }

  @Test
  void failingStoreStillServesTokensAndWarnsOnce() throws Exception {
    List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
          warnings.add(record);
        }
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    Logger log = Logger.getLogger("dev.latchkey");
    log.addHandler(capture);
    try {
      TokenSession session = instance(new DownStore()).clientCredentialsSession();
      String first = session.accessToken();
      clock.advance(Duration.ofSeconds(61));
      String second = session.accessToken();
      assertNotEquals(first, second);
      assertEquals(1, warnings.size(), "one warning per outage: " + warnings.size());
      assertTrue(warnings.get(0).getMessage().contains("token store"));
    } finally {
      log.removeHandler(capture);
    }
  }

  @Test
  void signOutDuringRenewalDoesNotSignTheUserBackIn() throws Exception {
    TokenStore store = TokenStore.inMemory();
    OAuth2Client client = instance(store);
    Token token = client.clientCredentials(); // Stands in for a user's token with a refresh token.
    TokenSession user = client.session("alice");
    user.save(token);
    clock.advance(Duration.ofSeconds(61));
    // Another session object for the same user signs out before this one's renewal saves.
    TokenStore signingOut = new ForwardingTokenStore(store) {
      @Override
      public boolean compareAndSet(String key, Token expected, Token update) throws IOException {
        store.delete(key);
        return super.compareAndSet(key, expected, update);
      }

      @Override
      public boolean compareAndSetLeased(String key, String owner, Token expected, Token update)
          throws IOException {
        store.delete(key); // The renewal's save is the fenced one.
        return super.compareAndSetLeased(key, owner, expected, update);
      }
    };
    TokenSession racing = instance(signingOut).session("alice");
    assertThrows(ReauthorizationRequiredException.class, racing::accessToken);
    assertEquals(null, store.load("alice"));
  }

  @Test
  void closedSessionRefusesEvenAValidToken() throws Exception {
    TokenSession session = instance(TokenStore.inMemory()).clientCredentialsSession();
    session.accessToken();
    session.close();
    assertThrows(IllegalStateException.class, session::accessToken);
    assertThrows(IllegalStateException.class, session::renew, "a closed session stays closed");
    assertThrows(IllegalStateException.class, session::accessToken);
  }

  /** An in-memory store with leases, as a Redis or SQL store would offer them. */
  static final class LeasingStore extends ForwardingTokenStore {
    private final ConcurrentHashMap<String, String[]> leases = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger taken =
        new java.util.concurrent.atomic.AtomicInteger();

    LeasingStore() {
      super(TokenStore.inMemory());
    }

    @Override
    public boolean tryLease(String key, String owner, Duration ttl) {
      long now = System.nanoTime();
      String[] mine = {owner, Long.toString(now + ttl.toNanos())};
      String[] result = leases.compute(key, (k, held) ->
          held == null || held[0].equals(owner) || now - Long.parseLong(held[1]) >= 0 ? mine : held);
      if (result == mine) {
        taken.incrementAndGet();
        return true;
      }
      return false;
    }

    @Override
    public boolean renewLease(String key, String owner, Duration ttl) {
      long now = System.nanoTime();
      String[] mine = {owner, Long.toString(now + ttl.toNanos())};
      return leases.computeIfPresent(key, (k, held) -> held[0].equals(owner)
          && now - Long.parseLong(held[1]) < 0 ? mine : held) == mine;
    }

    @Override
    public boolean compareAndSetLeased(String key, String owner, Token expected, Token update)
        throws IOException {
      return compareAndSet(key, expected, update); // The token's compare-and-set suffices here.
    }

    @Override
    public void releaseLease(String key, String owner) {
      leases.computeIfPresent(key, (k, held) -> held[0].equals(owner) ? null : held);
    }

    int leasesTaken() {
      return taken.get();
    }
  }

  /** A store whose server is down. */
  static final class DownStore implements TokenStore {
    @Override
    public Token load(String key) throws IOException {
      throw new java.net.ConnectException("Connection refused");
    }

    @Override
    public void save(String key, Token token) throws IOException {
      throw new java.net.ConnectException("Connection refused");
    }

    @Override
    public boolean compareAndSet(String key, Token expected, Token update) throws IOException {
      throw new java.net.ConnectException("Connection refused");
    }

    @Override
    public void delete(String key) throws IOException {
      throw new java.net.ConnectException("Connection refused");
    }

    @Override
    public boolean tryLease(String key, String owner, Duration ttl) throws IOException {
      throw new java.net.ConnectException("Connection refused");
    }
  }
}
