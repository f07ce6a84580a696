package dev.latchkey.store.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.TokenSession;
import dev.latchkey.TokenStore;
import dev.latchkey.mockserver.ConsentMode;
import dev.latchkey.mockserver.ManualClock;
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
 * A fleet of app instances (independent {@link OAuth2Client}s, each with its own store object)
 * sharing one real store server, against the mock authorization server: across the fleet one
 * instance renews a token and the others read its result.
 */
public abstract class FleetContract {
  protected static final int INSTANCES = 8;
  protected static final int THREADS_PER_INSTANCE = 50;

  protected final ManualClock clock = new ManualClock();
  private final OkHttpClient http = new OkHttpClient();
  protected MockAuthServer mock;
  private final List<TokenStore> fleetStores = new ArrayList<>();
  private final Set<String> storeNames = ConcurrentHashMap.newKeySet();
  private ExecutorService threads;
  private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      // Only this test's stores: a client of an earlier test may still log as it winds down.
      String message = String.valueOf(record.getMessage());
      if (record.getLevel().intValue() >= Level.WARNING.intValue()
          && storeNames.stream().anyMatch(message::contains)) {
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

  /** Returns a new store object on the shared server, as one more instance would build it. */
  protected abstract TokenStore newInstanceStore() throws Exception;

  /** Returns a store configured for a server that is not there (a closed loopback port). */
  protected abstract TokenStore storeOnAClosedPort() throws Exception;

  /** Stops the shared server, as an outage would. */
  protected abstract void stopServer() throws Exception;

  /** Starts the shared server again on the same port. */
  protected abstract void startServer() throws Exception;

  @BeforeEach
  void startFleet() throws Exception {
    mock = MockAuthServer.builder().consent(ConsentMode.AUTO_APPROVE).clock(clock)
        .tokenLifetime(Duration.ofSeconds(60)).rotateRefreshTokens(true).build();
    mock.start();
    threads = Executors.newFixedThreadPool(INSTANCES * THREADS_PER_INSTANCE);
    Logger.getLogger("dev.latchkey").addHandler(capture);
  }

  @AfterEach
  void stopFleet() {
    Logger.getLogger("dev.latchkey").removeHandler(capture);
    threads.shutdownNow();
    mock.close();
  }

  protected OAuth2Client instance(TokenStore store) {
    storeNames.add(store.toString());
    return OAuth2Client.builder()
        .provider(Provider.organizationApiBasic(mock.baseUrl("orgapi").toString()))
        .clientId(mock.demoClient("orgapi").clientId())
        .clientSecret(mock.demoClient("orgapi").clientSecret())
        .tokenStore(store)
        .clock(clock)
        .httpClient(http)
        .build();
  }

  private List<OAuth2Client> fleet() throws Exception {
    List<OAuth2Client> clients = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      TokenStore store = newInstanceStore();
      fleetStores.add(store);
      clients.add(instance(store));
    }
    return clients;
  }

  /**
   * Waits until every instance's store answers again after an outage: a client's pool may first
   * have to drop connections from before the restart, one failed call at a time.
   */
  private void awaitEveryStoreAnswers() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    for (TokenStore store : fleetStores) {
      while (true) {
        try {
          store.load("probe");
          break;
        } catch (IOException e) {
          if (System.nanoTime() - deadline >= 0) {
            throw new AssertionError("The store did not answer again after the outage", e);
          }
          Thread.sleep(50);
        }
      }
    }
  }

  /** Calls {@code accessToken()} on every thread of every session at once; returns the tokens. */
  private Set<String> accessTokens(List<TokenSession> sessions) throws Exception {
    int callers = sessions.size() * THREADS_PER_INSTANCE;
    CyclicBarrier start = new CyclicBarrier(callers);
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      TokenSession session = sessions.get(i % sessions.size());
      results.add(threads.submit(() -> {
        start.await(30, TimeUnit.SECONDS);
        return session.accessToken();
      }));
    }
    Set<String> distinct = ConcurrentHashMap.newKeySet();
    for (Future<String> result : results) {
      distinct.add(result.get(60, TimeUnit.SECONDS));
    }
    return distinct;
  }

  @Test
  void eightInstancesTimesFiftyThreadsMakeOneTokenRequestAtStartAndOneAtExpiry() throws Exception {
    List<TokenSession> sessions = new ArrayList<>();
    for (OAuth2Client client : fleet()) {
      sessions.add(client.clientCredentialsSession());
    }
    Set<String> first = accessTokens(sessions);
    assertEquals(1, first.size(), "400 callers on 8 cold instances share one token");
    assertEquals(1, mock.tokenRequests("orgapi", "client_credentials"));

    clock.advance(Duration.ofSeconds(61));
    Set<String> renewed = accessTokens(sessions);
    assertEquals(1, renewed.size(), "all 400 callers got the same renewed token");
    assertNotEquals(first, renewed);
    assertEquals(1, mock.tokenRequests("orgapi", "refresh_token"));
    assertEquals(2, mock.tokenRequests("orgapi"), "one request per expiry for the whole fleet");
    assertEquals(List.of(), messages());
  }

  @Test
  void rotatedRefreshTokenSurvivesContendedRenewals() throws Exception {
    List<OAuth2Client> clients = fleet();
    Token login = clients.get(0).clientCredentials(); // Stands in for a user's login: it has a
    String original = login.refreshToken();            // refresh token, which rotates.
    assertNotNull(original);
    clients.get(0).session("alice").save(login);
    List<TokenSession> sessions = new ArrayList<>();
    for (OAuth2Client client : clients) {
      sessions.add(client.session("alice"));
    }
    TokenStore store = newInstanceStore();
    String previous = original;
    for (int round = 1; round <= 3; round++) {
      clock.advance(Duration.ofSeconds(61));
      Set<String> tokens = accessTokens(sessions);
      assertEquals(1, tokens.size(), "round " + round + ": one token for 400 callers");
      assertEquals(round, mock.tokenRequests("orgapi", "refresh_token"), "round " + round);
      Token stored = store.load("alice");
      assertEquals(tokens.iterator().next(), stored.accessToken());
      assertNotEquals(previous, stored.refreshToken(), "the refresh token rotated");
      previous = stored.refreshToken();
    }
    // The newest refresh token, as stored, still works for a further refresh; the first does not.
    OAuth2Client latecomer = instance(newInstanceStore());
    clock.advance(Duration.ofSeconds(61));
    assertNotNull(latecomer.session("alice").accessToken());
    assertEquals(4, mock.tokenRequests("orgapi", "refresh_token"));
    assertThrows(TokenEndpointException.class, () -> latecomer.refresh(login));
    assertEquals(List.of(), messages());
  }

  @Test
  void aCrashedLeaseHolderIsTakenOverWhenItsLeaseExpires() throws Exception {
    List<OAuth2Client> clients = fleet();
    TokenSession first = clients.get(0).clientCredentialsSession();
    TokenSession second = clients.get(1).clientCredentialsSession();
    String token = first.accessToken();
    assertEquals(token, second.accessToken());
    // An instance that died mid-renewal: its lease stays until it expires.
    TokenStore crashed = newInstanceStore();
    assertTrue(crashed.tryLease(first.key(), "crashed-instance", Duration.ofMillis(800)));

    assertFalse(newInstanceStore().tryLease(first.key(), "another-instance",
        Duration.ofSeconds(30)), "the dead lease is held when the renewal starts");

    clock.advance(Duration.ofSeconds(61));
    String renewed = second.accessToken(); // Waits out the dead lease, then renews itself.
    assertNotEquals(token, renewed);
    assertEquals(renewed, first.accessToken(), "the other instance reads the result");
    assertEquals(1, mock.tokenRequests("orgapi", "refresh_token"));
    assertEquals(renewed, crashed.load(first.key()).accessToken());
  }

  @Test
  void whenTheStoreGoesDownEveryInstanceKeepsServingAndWarnsOnce() throws Exception {
    List<OAuth2Client> clients = fleet();
    List<TokenSession> sessions = new ArrayList<>();
    for (OAuth2Client client : clients) {
      sessions.add(client.clientCredentialsSession());
    }
    String before = accessTokens(sessions).iterator().next();
    stopServer();
    try {
      clock.advance(Duration.ofSeconds(61));
      Set<String> during = accessTokens(sessions);
      assertTrue(!during.contains(before) && !during.isEmpty(), "every caller got a new token");
      assertEquals(INSTANCES, warnings.size(), "one warning per instance: " + messages());
      for (LogRecord warning : warnings) {
        assertTrue(warning.getMessage().contains("token store"), warning.getMessage());
        assertTrue(!warning.getMessage().contains(before), "no token in: " + warning.getMessage());
      }
    } finally {
      startServer();
    }
    awaitEveryStoreAnswers();
    // Back up: the next expiry is again renewed once and shared through the store.
    clock.advance(Duration.ofSeconds(61));
    int refreshes = mock.tokenRequests("orgapi");
    accessTokens(sessions);
    clock.advance(Duration.ofSeconds(61));
    int afterRecovery = mock.tokenRequests("orgapi");
    Set<String> next = accessTokens(sessions);
    assertEquals(1, next.size(), "shared again once the store is back");
    assertEquals(1, mock.tokenRequests("orgapi") - afterRecovery);
    assertTrue(afterRecovery - refreshes >= 1);
  }

  @Test
  void anUnreachableStoreFailsFastAndTheSessionStillServes() throws Exception {
    TokenSession session = instance(storeOnAClosedPort()).clientCredentialsSession();
    String token = session.accessToken();
    clock.advance(Duration.ofSeconds(61));
    String renewed = session.accessToken();
    assertNotEquals(token, renewed);
    assertEquals(1, warnings.size(), "one warning: " + messages());
    String message = warnings.get(0).getMessage();
    assertTrue(message.contains("token store"), message);
    assertTrue(!message.contains(token) && !message.contains(renewed), message);
  }

  private List<String> messages() {
    List<String> messages = new ArrayList<>();
    for (LogRecord record : warnings) {
      messages.add(record.getMessage());
    }
    return messages;
  }
}
