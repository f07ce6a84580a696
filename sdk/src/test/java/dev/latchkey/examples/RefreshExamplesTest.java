package dev.latchkey.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenSession;
import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.testing.ManualTestClock;
import dev.latchkey.mockserver.MockAuthServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class RefreshExamplesTest {
  private static final String REDIRECT_URI = "http://127.0.0.1:8123/callback";

  private final ManualTestClock clock = new ManualTestClock(java.time.Instant.now());
  private MockAuthServer mock;

  @TempDir
  Path dir;

  @BeforeEach
  void start() throws IOException {
    mock = MockAuthServer.builder().clock(clock).build();
    mock.start();
    RefreshExamples.renewals.set(0);
    RefreshExamples.failures.set(0);
  }

  @AfterEach
  void stop() {
    mock.close();
  }

  private OAuth2Client orangeLogic() {
    DemoClient demo = mock.demoClient("orangelogic");
    return RefreshExamples.configured(mock.baseUrl("orangelogic").toString(), demo.clientId(),
            demo.clientSecret(), REDIRECT_URI, dir.resolve("tokens.json"))
        // Background renewals run on the caller's thread, so the test needs no waiting.
        .newBuilder().clock(clock).executor(Runnable::run).build();
  }

  @Test
  void renewsAheadInTheBackgroundThenAsksForLoginAfter30Days() throws Exception {
    try (OAuth2Client client = orangeLogic()) {
      client.session("user-1").save(Browser.signIn(client));
      String me = mock.baseUrl("orangelogic") + "api/me";
      assertTrue(RefreshExamples.me(client, "user-1", me).contains("Dana Demo"));

      // Four minutes before the 24 h token ends: inside renewBefore (5 min), still valid.
      clock.advance(Duration.ofHours(24).minusMinutes(4));
      assertNotNull(RefreshExamples.me(client, "user-1", me));
      assertEquals(1, RefreshExamples.renewals.get(), "one background renewal");
      assertEquals(1, mock.tokenRequests("orangelogic", "refresh_token"));

      clock.advance(Duration.ofDays(31));
      assertNull(RefreshExamples.me(client, "user-1", me), "login required");
      assertNull(client.tokenStore().load("user-1"), "the stored token was deleted");
      assertEquals(1, RefreshExamples.failures.get());
    }
  }

  @Test
  void manualRefreshSendsTheRefreshTokenInTheDialect() throws IOException {
    try (OAuth2Client client = orangeLogic()) {
      Token token = Browser.signIn(client);
      Token fresh = RefreshExamples.manual(client, token);
      assertNotEquals(token.accessToken(), fresh.accessToken());
      String body = mock.journal("orangelogic").get(mock.journal("orangelogic").size() - 1).body();
      assertTrue(body.contains("grant_type=refresh_token"), body);
      assertTrue(body.contains("code="), body);
    }
  }

  @Test
  void tokenAndRenew() throws IOException {
    try (OAuth2Client client = orangeLogic()) {
      TokenSession session = client.session("user-1");
      session.save(Browser.signIn(client));
      assertNotNull(RefreshExamples.peek(session));
      assertEquals(1, mock.tokenRequests("orangelogic", "refresh_token"));
    }
  }

  /** The single-flight claim of the page: many threads, one request to the token endpoint. */
  @Test
  void concurrentCallersShareOneRenewal() throws Exception {
    DemoClient demo = mock.demoClient("ora");
    try (OAuth2Client client = OAuth2Client.builder()
        .provider(Provider.ora(mock.baseUrl("ora").toString()))
        .clientId(demo.clientId())
        .clientSecret(demo.clientSecret())
        .redirectUri(REDIRECT_URI)
        .clock(clock)
        .build()) {
      TokenSession session = client.session("user-1");
      Token first = Browser.signIn(client);
      session.save(first);
      clock.advance(Duration.ofHours(2));
      ExecutorService pool = Executors.newFixedThreadPool(16);
      try {
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
          calls.add(session::accessToken);
        }
        String seen = null;
        for (Future<String> f : pool.invokeAll(calls)) {
          String token = f.get();
          assertTrue(seen == null || seen.equals(token), "everyone gets the same new token");
          seen = token;
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals(1, mock.tokenRequests("ora", "refresh_token"));
      // Rotation: the store holds the new refresh token, saved before anyone used it.
      Token stored = client.tokenStore().load("user-1");
      assertNotEquals(first.refreshToken(), stored.refreshToken());
    }
  }

  @Test
  void fileStoreIsOwnerOnly() throws IOException {
    try (OAuth2Client client = orangeLogic()) {
      client.session("user-1").save(Browser.signIn(client));
    }
    Path file = dir.resolve("tokens.json");
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
          Files.getPosixFilePermissions(file)));
    }
  }
}
