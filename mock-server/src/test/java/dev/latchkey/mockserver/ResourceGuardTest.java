package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.TestRequests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceGuardTest {
  private static final MockProvider BARE = MockProvider.builder("bare")
      .unauthorized(MockProvider.Unauthorized.BARE).build();
  private final ManualClock clock = new ManualClock(TestRequests.START);
  private final ServerState state = TestRequests.state(clock, BARE);
  private final ResourceGuard guard = new ResourceGuard(state);

  IssuedToken token(MockProvider p) {
    return state.issue(new Grant(p, p.id + "-demo-client", "sub", List.of(), false), false,
        List.of(), Confirmation.NONE, null);
  }

  OAuthError refused(MockProvider p, String... headers) {
    return assertThrows(OAuthError.class,
        () -> guard.check(p, request("GET", "/" + p.id + "/api", null, headers)));
  }

  @Test void aLiveTokenOfTheSameProviderPasses() throws Exception {
    IssuedToken t = token(BARE);
    assertSame(t, guard.check(BARE, request("GET", "/bare/api", null,
        "Authorization", "Bearer " + t.value)));
  }

  @Test void aChallengingProviderSaysWhatIsWrong() {
    OAuthError missing = refused(MockProvider.ORGO);
    TestRequests.assertError(missing.response, 401, "unauthorized",
        "send Authorization: Bearer <access token> (RFC 6750 §2.1)");
    assertEquals("Bearer realm=\"orgo\"", missing.response.getHeaders().get("WWW-Authenticate"));
    IssuedToken t = token(MockProvider.ORGO);
    clock.advance(Duration.ofHours(1));
    OAuthError expired = refused(MockProvider.ORGO, "Authorization", "Bearer " + t.value);
    TestRequests.assertError(expired.response, 401, "invalid_token", "the access token expired");
    assertEquals("Bearer error=\"invalid_token\"",
        expired.response.getHeaders().get("WWW-Authenticate"));
  }

  @Test void aBareProviderAnswersABare401() {
    OAuthError e = refused(BARE, "Authorization", "Bearer " + token(MockProvider.ORGO).value);
    assertEquals(401, e.response.getCode());
    assertNull(e.response.getHeaders().get("WWW-Authenticate"));
    assertEquals("", TestRequests.body(e.response));
  }

  @Test void aRevokedTokenIsRefused() {
    IssuedToken t = token(MockProvider.ORGO);
    state.revoke(t.value);
    TestRequests.assertError(refused(MockProvider.ORGO, "Authorization", "Bearer " + t.value)
        .response, 401, "invalid_token", "the access token was revoked");
  }
}
