package dev.latchkey.reliability;

import dev.latchkey.AuthorizationDeniedException;
import dev.latchkey.AuthorizationRequest;
import dev.latchkey.InvalidCallbackException;
import dev.latchkey.MalformedResponseException;
import dev.latchkey.OAuth2Client;
import dev.latchkey.OAuth2Exception;
import dev.latchkey.Provider;
import dev.latchkey.ReauthorizationRequiredException;
import dev.latchkey.Token;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.TokenSession;
import dev.latchkey.TokenStore;
import dev.latchkey.testing.ForwardingTokenStore;
import dev.latchkey.testing.ManualTestClock;
import dev.latchkey.testing.TokenSessionServer;
import dev.latchkey.testing.WireTestSupport;
import static dev.latchkey.testing.TokenSessionFixtures.TIMEOUT_SECONDS;
import static dev.latchkey.testing.TokenSessionFixtures.await;
import static dev.latchkey.testing.TokenSessionFixtures.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The seven defects of issue 13 ("The token core, rebuilt"), one test each, through the public
 * API only, so that each can be run against the code before the rebuild, where it fails.
 */
class Issue13DefectsTest {
  private static final String TOKEN_PATH = "/oauth/token";
  private final ManualTestClock clock = new ManualTestClock();
  private final TokenStore store = TokenStore.inMemory();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private TokenSessionServer server;
  private OAuth2Client client;

  @AfterEach
  void tearDown() throws Exception {
    threads.shutdownNow();
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private OAuth2Client.Builder orgo() throws Exception {
    server = new TokenSessionServer();
    return OAuth2Client.builder()
        .provider(Provider.orgo(server.baseUrl()).newBuilder()
            .revocationEndpoint(server.url("/oauth/revoke")).build())
        .clientId(TokenSessionServer.CLIENT_ID)
        .clientSecret(TokenSessionServer.CLIENT_SECRET)
        .redirectUri("https://app.example/callback")
        .clock(clock)
        .tokenStore(store);
  }

  /** Defect 1: a renewal that returns after a new login must not replace it. */
  @Test
  void renewalFinishingAfterASaveIsDiscardedInMemoryAndInTheStore() throws Exception {
    client = orgo().build();
    CountDownLatch refreshArrived = new CountDownLatch(1);
    CountDownLatch releaseRefresh = new CountDownLatch(1);
    server.on(TOKEN_PATH, request -> {
      refreshArrived.countDown();
      await(releaseRefresh, "the test to release the refresh response");
      return TokenSessionServer.token("old-grant-at", "old-grant-rt", 3600);
    });
    TokenSession alice = client.session("alice");
    alice.save(token("at1", "rt1", clock.instant(), Duration.ofHours(1)));

    Future<Token> renewal = threads.submit(alice::renew);
    await(refreshArrived, "the refresh request");
    Token newLogin = token("new-login-at", "new-login-rt", clock.instant(), Duration.ofHours(1));
    alice.save(newLogin);
    releaseRefresh.countDown();
    renewal.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

    assertEquals("new-login-at", alice.accessToken());
    assertEquals(newLogin, store.load("alice"));
  }

  /** Defect 2: a closed session stays closed, and the client hands out a new one. */
  @Test
  void closedSessionIsFinalAndTheClientHandsOutANewOne() throws Exception {
    client = orgo().build();
    TokenSession closed = client.session("alice");
    closed.close();

    Token token = token("at1", "rt1", clock.instant(), Duration.ofHours(1));
    assertThrows(IllegalStateException.class, () -> closed.save(token));
    assertThrows(IllegalStateException.class, closed::accessToken);
    assertNull(store.load("alice"), "a closed session writes nothing");

    TokenSession live = client.session("alice");
    assertNotSame(closed, live);
    live.save(token);
    assertSame(live, client.session("alice"));
    assertEquals("at1", live.accessToken());
    assertThrows(IllegalStateException.class, closed::accessToken);
  }

  /** Defect 3: a request the app keeps itself leaves nothing behind in the client. */
  @Test
  void aRequestTheAppKeepsIsNotRememberedByTheClient() throws Exception {
    client = orgo().build();
    server.on(TOKEN_PATH, TokenSessionServer.token("at", "rt", 3600));
    AuthorizationRequest kept = client.newAuthorizationRequest().build();

    InvalidCallbackException e = assertThrows(InvalidCallbackException.class,
        () -> client.exchange(WireTestSupport.okCallback(kept, "the-code")));

    assertEquals(InvalidCallbackException.Reason.STATE_MISMATCH, e.reason());
    assertEquals(0, server.count(TOKEN_PATH));
  }

  /** Defect 4: newBuilder() shares what was built, like OkHttp's. */
  @Test
  void newBuilderSharesTheBuiltHttpClientAndStore() throws Exception {
    try (OAuth2Client built = OAuth2Client.builder().provider(Provider.onna())
        .clientId("app").build();
        OAuth2Client derived = built.newBuilder().scopes("other").build()) {
      assertSame(built.httpClient(), derived.httpClient());
      assertSame(built.tokenStore(), derived.tokenStore());
    }
  }

  /** Defect 5: revocation is a form body (RFC 7009 §2.1), whatever the token encoding. */
  @Test
  void revocationWithTheQueryDialectIsAFormBody() throws Exception {
    OAuth2Client.Builder builder = orgo();
    Provider provider = Provider.organizationApiQuery(server.baseUrl()).newBuilder()
        .revocationEndpoint(server.url("/oauth/revoke")).build();
    client = builder.provider(provider).build();
    server.on("/oauth/revoke", new mockwebserver3.MockResponse.Builder().code(200).build());

    assertTrue(client.revoke(token("at1", "rt1", clock.instant(), Duration.ofHours(1))));

    RecordedRequest revocation = server.requests("/oauth/revoke").get(0);
    assertNull(revocation.getUrl().query(), "nothing in the URL's query");
    assertEquals(TokenSessionServer.FORM, revocation.getHeaders().get("Content-Type")
        .replace("; charset=utf-8", ""));
    assertTrue(WireTestSupport.body(revocation).startsWith("token=rt1&token_type_hint=refresh_token"),
        WireTestSupport.body(revocation));
  }

  /** Defect 6: only the API is public, and exceptions are made by the SDK. */
  @Test
  void onlyTheApiPackageIsPublicAndExceptionsHaveNoPublicConstructors() throws Exception {
    Path classes = Paths.get(OAuth2Client.class.getProtectionDomain().getCodeSource()
        .getLocation().toURI());
    List<String> publicElsewhere;
    try (Stream<Path> files = Files.walk(classes)) {
      publicElsewhere = files.filter(p -> p.toString().endsWith(".class"))
          .map(p -> classes.relativize(p).toString().replace(File.separatorChar, '.'))
          .filter(name -> !name.equals("module-info.class"))
          .map(name -> name.substring(0, name.length() - ".class".length()))
          .filter(name -> !name.substring(0, name.lastIndexOf('.')).equals("dev.latchkey"))
          .filter(name -> !name.contains("$"))
          .filter(Issue13DefectsTest::isPublic)
          .collect(Collectors.toList());
    }
    assertEquals(List.of(), publicElsewhere, "public classes outside dev.latchkey");
    for (Class<?> type : List.of(TokenEndpointException.class,
        AuthorizationDeniedException.class, InvalidCallbackException.class,
        MalformedResponseException.class, ReauthorizationRequiredException.class)) {
      for (Constructor<?> constructor : type.getDeclaredConstructors()) {
        assertFalse(Modifier.isPublic(constructor.getModifiers()), constructor.toString());
      }
    }
  }

  private static boolean isPublic(String name) {
    try {
      return Modifier.isPublic(Class.forName(name).getModifiers());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Defect 7: waiting for another instance's renewal lease is measured on the client's clock.
   * The clock here jumps ten minutes at each reading, so the one-hour wait ends after a few
   * looks; one that measured real time would wait an hour and hit the test's timeout.
   */
  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void leaseWaitIsMeasuredOnTheInjectedClock() throws Exception {
    AtomicInteger leaseAttempts = new AtomicInteger();
    TokenStore leasedElsewhere = new ForwardingTokenStore(store) {
      @Override
      public boolean tryLease(String key, String owner, Duration ttl) {
        leaseAttempts.incrementAndGet();
        return false; // Another instance holds it and never finishes.
      }
    };
    client = orgo().tokenStore(leasedElsewhere).clock(new JumpingClock(Duration.ofMinutes(10)))
        .renewalTimeout(Duration.ofHours(1)).build();
    store.save("alice", token("at1", "rt1", Instant.now(), Duration.ofDays(1)));

    OAuth2Exception e = assertThrows(OAuth2Exception.class, () -> client.session("alice").renew());

    assertTrue(e.getMessage().startsWith("Timed out after 3600000 ms waiting for another"
        + " instance"), e.getMessage());
    assertTrue(leaseAttempts.get() >= 2, "looked " + leaseAttempts + " times");
    assertEquals(0, server.count(TOKEN_PATH));
  }

  /** A clock that moves forward by {@code step} each time it is read. */
  private static final class JumpingClock extends Clock {
    private final AtomicLong millis = new AtomicLong(System.currentTimeMillis());
    private final long step;

    JumpingClock(Duration step) {
      this.step = step.toMillis();
    }

    @Override
    public long millis() {
      return millis.getAndAdd(step);
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
