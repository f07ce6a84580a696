package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.TestRequests.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RefreshTokenGrantTest {
  /** Carries the refresh token as {@code rt}, like Orange Logic's {@code code}. */
  private static final MockProvider ACME = MockProvider.builder("acme")
      .refreshTokenParameter("rt").scopes(List.of("a", "b")).build();
  private final ManualClock clock = new ManualClock(TestRequests.START);
  private final ServerState state = TestRequests.state(clock, ACME);
  private final RefreshTokenGrant grant = new RefreshTokenGrant(state, new TokenResponder(state));
  private final Client client = state.client(ACME, "acme-demo-client");

  String refreshToken() {
    Grant g = new Grant(ACME, client.id, DemoUser.SUBJECT, List.of("a", "b"), true);
    return state.issue(g, true, g.scopes, Confirmation.NONE, null).value;
  }

  Map<String, Object> refresh(String body) throws OAuthError {
    return TestRequests.json(grant.grant(TestRequests.read(ACME, form("/acme/token", body)),
        client));
  }

  OAuthError refused(String body) {
    return assertThrows(OAuthError.class, () -> refresh(body));
  }

  @Test void rotationIssuesANewRefreshTokenAndEndsTheOld() throws Exception {
    String old = refreshToken();
    Map<String, Object> token = refresh("grant_type=refresh_token&rt=" + old);
    assertNotEquals(old, token.get("refresh_token"));
    TestRequests.assertError(refused("grant_type=refresh_token&rt=" + old).response, 400,
        "invalid_grant",
        "the refresh token was already used and rotated; use the newest refresh token");
  }

  @Test void withoutRotationTheSameRefreshTokenComesBackAndLivesOn() throws Exception {
    state.settingsHandle().provider(ACME).rotateRefreshTokens(false)
        .refreshTokenLifetime(Duration.ofSeconds(100));
    String rt = refreshToken();
    clock.advance(Duration.ofSeconds(90));
    assertEquals(rt, refresh("grant_type=refresh_token&rt=" + rt).get("refresh_token"));
    clock.advance(Duration.ofSeconds(90));
    assertEquals(rt, refresh("grant_type=refresh_token&rt=" + rt).get("refresh_token"));
    clock.advance(Duration.ofSeconds(100));
    TestRequests.assertError(refused("grant_type=refresh_token&rt=" + rt).response, 400,
        "invalid_grant", "the refresh token expired; authorize again");
  }

  @Test void theStandardParameterIsRefusedWhereTheProviderUsesAnother() {
    TestRequests.assertError(refused("grant_type=refresh_token&refresh_token=x").response, 400,
        "invalid_request", "acme reads the refresh token from the rt parameter: send the "
        + "refresh token as rt (grant_type=refresh_token&rt=...), not as refresh_token");
  }

  @Test void aRefreshMayNarrowTheScopeButNotWidenIt() throws Exception {
    assertEquals("a", refresh("grant_type=refresh_token&scope=a&rt=" + refreshToken())
        .get("scope"));
    Grant narrow = new Grant(ACME, client.id, DemoUser.SUBJECT, List.of("a"), true);
    String rt = state.issue(narrow, true, narrow.scopes, Confirmation.NONE, null).value;
    TestRequests.assertError(refused("grant_type=refresh_token&scope=a%20b&rt=" + rt).response,
        400, "invalid_scope", "scope \"b\" was not granted; a refresh may only narrow the "
        + "original scope (RFC 6749 §6)");
  }

  @Test void anAccessTokenIsNoRefreshToken() {
    Grant g = new Grant(ACME, client.id, DemoUser.SUBJECT, List.of(), false);
    String access = state.issue(g, false, List.of(), Confirmation.NONE, null).value;
    TestRequests.assertError(refused("grant_type=refresh_token&rt=" + access).response, 400,
        "invalid_grant", "the refresh token is unknown; authorize again");
  }
}
