package dev.latchkey.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MockProviderTest {
  @Test void aNewProviderHasTheStandardDefaults() {
    MockProvider p = MockProvider.builder("acme").build();
    assertEquals("acme", p.displayName());
    assertEquals("/authorize", p.authorizePath);
    assertEquals("/token", p.tokenPath);
    assertEquals(List.of(MockProvider.GrantType.AUTHORIZATION_CODE,
        MockProvider.GrantType.REFRESH_TOKEN), p.grants());
    assertEquals("Bearer", p.tokenType);
    assertEquals(Duration.ofHours(1), p.accessTokenLifetime());
    assertEquals(Duration.ofDays(30), p.refreshLifetime());
    assertEquals("in an HTTP Basic header or in the form body (client_id, client_secret)",
        ProviderMessages.credentialsWhere(p));
  }

  @Test void newBuilderKeepsEverySettingAndChangesOnlyWhatItIsTold() {
    MockProvider copy = MockProvider.ORANGE_LOGIC.newBuilder().build();
    assertEquals(MockProvider.ORANGE_LOGIC, copy);
    MockProvider changed = MockProvider.ORANGE_LOGIC.newBuilder().tokenType("bearer").build();
    assertNotEquals(MockProvider.ORANGE_LOGIC, changed);
    assertEquals("code", changed.refreshParam);
  }

  @Test void theBuiltInsSayWhereTheirCredentialsGo() {
    assertEquals("in the JSON body (client_id, client_secret)",
        ProviderMessages.credentialsWhere(MockProvider.ORA));
    assertEquals("in the request body (client_id, client_secret)",
        ProviderMessages.credentialsWhere(MockProvider.ORANGE_LOGIC));
    assertEquals("in an HTTP Basic header (RFC 6749 §2.3.1) or in the URL query (client_id, "
        + "client_secret)", ProviderMessages.credentialsWhere(MockProvider.ORGANIZATION_API));
    assertEquals("in the form body (client_id, client_secret)",
        ProviderMessages.credentialsWhere(MockProvider.ONNA));
  }

  @Test void builtInsAreFoundByPrefixInAnyCase() {
    assertEquals(MockProvider.ORANGE_LOGIC, MockProvider.builtIn("OrangeLogic"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MockProvider.builtIn("acme"));
    assertEquals("unknown provider \"acme\"; use one of ora, orangelogic, orgapi, orgo, onna, "
        + "standard", e.getMessage());
  }

  @Test void badSettingsAreRefusedWhenMade() {
    assertThrows(IllegalArgumentException.class, () -> MockProvider.builder("Acme"));
    assertThrows(IllegalArgumentException.class, () -> MockProvider.builder("a/b"));
    assertThrows(IllegalArgumentException.class,
        () -> MockProvider.builder("acme").tokenPath("token"));
    assertThrows(IllegalArgumentException.class,
        () -> MockProvider.builder("acme").accessTokenLifetime(Duration.ofMillis(1500)));
    assertThrows(IllegalArgumentException.class, () -> MockProvider.builder("acme").grants());
    IllegalStateException noAuthorize = assertThrows(IllegalStateException.class,
        () -> MockProvider.builder("acme").authorizePath(null).build());
    assertEquals("authorization_code needs an authorizePath", noAuthorize.getMessage());
    IllegalStateException shared = assertThrows(IllegalStateException.class,
        () -> MockProvider.builder("acme").userinfoPath("/token").build());
    assertEquals("two endpoints share the path /token", shared.getMessage());
  }

  @Test void withoutTheRefreshGrantNoRefreshTokensAreIssued() {
    MockProvider p = MockProvider.builder("acme")
        .grants(MockProvider.GrantType.CLIENT_CREDENTIALS)
        .refreshTokenOnClientCredentials(true).build();
    assertEquals(false, p.issuesRefreshTokens());
    assertEquals(false, p.refreshOnClientCredentials);
  }
}
