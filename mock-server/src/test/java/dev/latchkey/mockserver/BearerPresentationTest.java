package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.TestRequests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class BearerPresentationTest {
  private final BearerPresentation bearer = BearerPresentation.INSTANCE;

  @Test void readsTheTokenAfterTheSchemeInAnyCase() {
    assertEquals("abc", bearer.token(request("GET", "/ora/v1/projects", null,
        "Authorization", "Bearer abc")));
    assertEquals("abc", bearer.token(request("GET", "/ora/v1/projects", null,
        "Authorization", "bearer  abc ")));
  }

  @Test void findsNoneWithoutTheHeaderOrWithAnotherScheme() {
    assertNull(bearer.token(request("GET", "/ora/v1/projects", null)));
    assertNull(bearer.token(request("GET", "/ora/v1/projects", null,
        "Authorization", "Basic YTpi")));
  }

  @Test void challengesNameTheProviderAsRealmOrTheBadToken() {
    assertEquals("Bearer realm=\"ora\"", bearer.challenge(MockProvider.ORA));
    assertEquals("Bearer error=\"invalid_token\"",
        bearer.invalidTokenChallenge(MockProvider.ORA, null));
  }
}
