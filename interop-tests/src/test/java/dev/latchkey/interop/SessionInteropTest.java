package dev.latchkey.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.OAuth2Client;
import dev.latchkey.ReauthorizationRequiredException;
import dev.latchkey.Token;
import dev.latchkey.TokenSession;
import dev.latchkey.interop.server.InteropClients;
import dev.latchkey.interop.server.InteropServer;
import dev.latchkey.mockserver.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A user's {@link TokenSession} on SAS's tokens: refresh-ahead, renewal of an expired token,
 * the 401 renew-and-retry, and sign-out. The sdk runs on a manual clock; SAS on the real clock,
 * which never gets near its 5-minute token life while a test runs.
 */
class SessionInteropTest {
  private static final String CLIENT = InteropClients.WEB_SESSIONS;

  private final InteropServer server = Interop.server();
  /** The sdk's clock: it starts at the real time, as SAS stamps its tokens with it. */
  private final ManualClock clock = new ManualClock(Instant.now());
  /** The client's background renewals, run when the test says so. */
  private final Queue<Runnable> background = new ArrayDeque<>();
  private OAuth2Client client;
  private TokenSession alice;
  private Token first;

  @BeforeEach
  void signIn() throws Exception {
    client = Interop.client(CLIENT)
        .redirectUri(InteropClients.REDIRECT_URI)
        .scopes("openid", "email", "api.read")
        .clock(clock)
        .executor(background::add)
        .build();
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    first = client.exchange(request, server.login(request.url().toString()));
    alice = client.session("alice-" + System.nanoTime());
    alice.save(first);
  }

  @AfterEach
  void close() {
    client.close();
  }

  private static int refreshes() {
    return Interop.grants(CLIENT, "refresh_token");
  }

  private int callApi(String accessToken) throws Exception {
    Request request = new Request.Builder().url(server.url("/api/me"))
        .header("Authorization", "Bearer " + accessToken).build();
    try (Response response = Interop.HTTP.newCall(request).execute()) {
      return response.code();
    }
  }

  @Test
  void nearTheEndTheSessionHandsOutTheValidTokenAndRefreshesInTheBackground() throws Exception {
    int before = refreshes();
    clock.advance(first.lifetime().minusSeconds(10)); // in the last tenth of its life

    assertEquals(first.accessToken(), alice.accessToken());
    assertEquals(before, refreshes(), "nobody waited for a refresh");
    assertEquals(1, background.size());
    background.poll().run();

    assertEquals(before + 1, refreshes());
    Token renewed = alice.token();
    assertNotEquals(first.accessToken(), renewed.accessToken());
    assertNotEquals(first.refreshToken(), renewed.refreshToken(), "SAS rotated it");
    assertEquals(renewed, client.tokenStore().load(alice.key()), "saved before use");
    assertEquals(200, callApi(renewed.accessToken()));
  }

  @Test
  void expiredTokenIsRefreshedOnceBeforeUse() throws Exception {
    int before = refreshes();
    clock.advance(first.lifetime().plusSeconds(1));

    String renewed = alice.accessToken();

    assertNotEquals(first.accessToken(), renewed);
    assertEquals(renewed, alice.accessToken());
    assertEquals(before + 1, refreshes());
    assertEquals(200, callApi(renewed));
  }

  @Test
  void userinfoRejectingARevokedAccessTokenIsRenewedAndRetriedOnce() throws Exception {
    assertEquals(InteropClients.EMAIL, alice.userInfo().get("email"));
    // SAS still signs the JWT as valid, but its userinfo endpoint looks the token up: revoked.
    assertTrue(client.revoke(first.newBuilder().refreshToken(null).build()));
    int before = refreshes();
    int userinfoCalls = userinfo().size();

    Map<String, Object> claims = alice.userInfo();

    assertEquals(InteropClients.USERNAME, claims.get("sub"));
    assertEquals(before + 1, refreshes());
    List<Integer> statuses = userinfo().subList(userinfoCalls, userinfo().size());
    assertEquals(List.of(401, 200), statuses);
    assertNotEquals(first.accessToken(), alice.accessToken());
  }

  private List<Integer> userinfo() {
    return server.exchanges(e -> e.path().equals("/userinfo")).stream()
        .map(InteropServer.Exchange::status).toList();
  }

  @Test
  void refreshTokenSasRevokedEndsInReauthorizationRequired() throws Exception {
    assertTrue(client.revoke(first));
    clock.advance(first.lifetime().plusSeconds(1));

    ReauthorizationRequiredException e =
        assertThrows(ReauthorizationRequiredException.class, alice::accessToken);

    assertEquals(alice.key(), e.sessionKey());
    assertNull(client.tokenStore().load(alice.key()), "the rejected token is cleared");
  }

  @Test
  void signOutRevokesAtSas() throws Exception {
    alice.signOut();

    assertTrue(Raw.introspect(server, first.accessToken()).contains("\"active\":false"));
    List<InteropServer.Exchange> revocations = server.exchanges(
        e -> e.path().equals("/oauth2/revoke") && CLIENT.equals(e.clientId()));
    assertEquals(200, revocations.get(revocations.size() - 1).status());
    assertFalse(alice.hasToken());
  }

  @Test
  void sessionCallsTheResourceServerWithSasToken() throws Exception {
    try (Response response = alice.authorize(Interop.HTTP)
        .newCall(new Request.Builder().url(server.url("/api/me")).build()).execute()) {
      assertEquals(200, response.code());
      assertTrue(response.body().string().contains("\"sub\":\"" + InteropClients.USERNAME + "\""));
    }
  }

  @Test
  void earlyInItsLifeTheTokenIsServedWithoutAnyRequest() throws Exception {
    int before = refreshes();
    clock.advance(Duration.ofMinutes(1));

    assertEquals(first.accessToken(), alice.accessToken());
    assertEquals(before, refreshes());
    assertTrue(background.isEmpty());
  }
}
