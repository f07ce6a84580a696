package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.TestRequests.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientCredentialsGrantTest {
  private static final MockProvider ACME = MockProvider.builder("acme")
      .grants(MockProvider.GrantType.CLIENT_CREDENTIALS, MockProvider.GrantType.REFRESH_TOKEN)
      .tokenType("bearer").accessTokenLifetime(Duration.ofMinutes(5))
      .refreshTokenOnClientCredentials(true).scopes(List.of("read")).build();
  private final ServerState state = TestRequests.state(ACME);
  private final ClientCredentialsGrant grant =
      new ClientCredentialsGrant(new TokenResponder(state));

  Map<String, Object> grant(MockProvider p, String clientId, String body) throws OAuthError {
    TokenRequest request = TestRequests.read(p, form("/" + p.id + p.tokenPath, body));
    return TestRequests.json(grant.grant(request, state.client(p, clientId)));
  }

  @Test void issuesTheProvidersTokenTypeLifetimeAndRefreshToken() throws Exception {
    Map<String, Object> token = grant(ACME, "acme-demo-client", "scope=read");
    assertEquals("bearer", token.get("token_type"));
    assertEquals(300.0, token.get("expires_in"));
    assertEquals("read", token.get("scope"));
    assertNotNull(token.get("refresh_token"));
    IssuedToken issued = state.token((String) token.get("access_token"));
    assertEquals("acme-demo-client", issued.grant.subject);
  }

  @Test void onnaIssuesNoRefreshTokenAndNoScopeUnlessAsked() throws Exception {
    Map<String, Object> token = grant(MockProvider.ONNA, "onna-demo-client", "");
    assertFalse(token.containsKey("refresh_token"));
    assertFalse(token.containsKey("scope"));
    assertEquals(3599.0, token.get("expires_in"));
  }

  @Test void aScopeTheProviderDoesNotKnowIsInvalidScope() {
    OAuthError e = assertThrows(OAuthError.class,
        () -> grant(ACME, "acme-demo-client", "scope=write"));
    TestRequests.assertError(e.response, 400, "invalid_scope",
        "unknown scope \"write\"; acme supports: read");
  }

  @Test void aPublicClientCannotUseIt() {
    OAuthError e = assertThrows(OAuthError.class,
        () -> grant(MockProvider.STANDARD, "standard-public-client", ""));
    TestRequests.assertError(e.response, 400, "unauthorized_client", "public client "
        + "standard-public-client cannot use client_credentials; it has no secret (RFC 6749 §4.4)");
  }
}
