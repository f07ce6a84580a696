package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.TestRequests.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthorizationCodeGrantTest {
  private static final String VERIFIER = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";
  private final ManualClock clock = new ManualClock(TestRequests.START);
  private final ServerState state = TestRequests.state(clock);
  private final AuthorizationCodeGrant grant =
      new AuthorizationCodeGrant(state, new TokenResponder(state));

  String code(MockProvider p, String redirectUri, String challenge) {
    Grant g = new Grant(p, p.id + "-demo-client", DemoUser.SUBJECT, List.of(), false);
    String code = ServerState.randomToken();
    state.putCode(code, new AuthorizationCode(g, redirectUri, challenge, null,
        clock.instant().plusSeconds(60)));
    return code;
  }

  Exchanged exchange(MockProvider p, String body) throws OAuthError {
    TokenRequest request = TestRequests.read(p, form("/" + p.id + p.tokenPath, body));
    return new Exchanged(grant.grant(request, state.client(p, p.id + "-demo-client")));
  }

  /** The JSON of a successful exchange. */
  static final class Exchanged {
    final Map<String, Object> json;

    Exchanged(mockwebserver3.MockResponse response) {
      assertEquals(200, response.getCode(), TestRequests.body(response));
      this.json = TestRequests.json(response);
    }
  }

  @Test void aReplayedCodeRevokesWhatItIssued() throws Exception {
    String code = code(MockProvider.ORGO, null, null);
    String access = (String) exchange(MockProvider.ORGO, "code=" + code).json.get("access_token");
    OAuthError e = assertThrows(OAuthError.class,
        () -> exchange(MockProvider.ORGO, "code=" + code));
    TestRequests.assertError(e.response, 400, "invalid_grant", "the authorization code was "
        + "already used; the tokens issued from it are now revoked (RFC 6749 §4.1.2)");
    assertTrue(state.token(access).isRevoked());
  }

  @Test void pkceS256IsChecked() throws Exception {
    String challenge = AuthorizationCodeGrant.s256(VERIFIER);
    assertNotNull(exchange(MockProvider.ORGO, "code=" + code(MockProvider.ORGO, null, challenge)
        + "&code_verifier=" + VERIFIER).json.get("access_token"));
    String code = code(MockProvider.ORGO, null, challenge);
    OAuthError e = assertThrows(OAuthError.class, () -> exchange(MockProvider.ORGO,
        "code=" + code + "&code_verifier=" + VERIFIER.replace('0', '1')));
    TestRequests.assertError(e.response, 400, "invalid_grant", "code_verifier does not match the"
        + " code_challenge: BASE64URL(SHA256(code_verifier)) must equal it (RFC 7636 §4.6)");
  }

  @Test void aProviderThatRequiresRedirectUriGetsIt() throws Exception {
    MockProvider strict = MockProvider.ORGO.newBuilder().id("strict").displayName("Strict")
        .redirectUriRequiredInTokenRequest(true).build();
    ServerState withStrict = TestRequests.state(clock, strict);
    AuthorizationCodeGrant strictGrant =
        new AuthorizationCodeGrant(withStrict, new TokenResponder(withStrict));
    Grant g = new Grant(strict, "strict-demo-client", DemoUser.SUBJECT, List.of(), false);
    withStrict.putCode("c1",
        new AuthorizationCode(g, null, null, null, clock.instant().plusSeconds(9)));
    OAuthError e = assertThrows(OAuthError.class, () -> strictGrant.grant(
        TestRequests.read(strict, form("/strict/oauth/token", "code=c1")),
        withStrict.client(strict, "strict-demo-client")));
    TestRequests.assertError(e.response, 400, "invalid_request", "redirect_uri is missing; "
        + "Strict's token request carries redirect_uri in the form body");
  }

  @Test void anExpiredCodeSaysHowLongCodesLive() {
    state.settingsHandle().codeLifetime(Duration.ofSeconds(60));
    String code = code(MockProvider.ORGO, null, null);
    clock.advance(Duration.ofSeconds(60));
    OAuthError e = assertThrows(OAuthError.class,
        () -> exchange(MockProvider.ORGO, "code=" + code));
    TestRequests.assertError(e.response, 400, "invalid_grant", "the authorization code expired;"
        + " codes live 60 s, start the authorization again");
  }

  @Test void orgoIssuesARefreshTokenAndNoScopeUnlessAsked() throws Exception {
    Map<String, Object> json = exchange(MockProvider.ORGO,
        "code=" + code(MockProvider.ORGO, null, null)).json;
    assertNotNull(json.get("refresh_token"));
    assertFalse(json.containsKey("scope"));
  }
}
