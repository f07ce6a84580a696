package dev.latchkey.values;

import dev.latchkey.TestHooks;
import dev.latchkey.AuthorizationRequest;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.testing.ManualTestClock;
import static dev.latchkey.testing.WireTestSupport.HTTP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import org.junit.jupiter.api.Test;

/** {@code toString()} is what ends up in logs and debuggers: it never shows a secret. */
final class ToStringSecrecyTest {
  private static final String ACCESS = "access-TOKEN-do-not-log";
  private static final String REFRESH = "refresh-TOKEN-do-not-log";
  private static final String SECRET = "client-SECRET-do-not-log";

  private static void assertHides(String description, String... secrets) {
    for (String secret : secrets) {
      assertFalse(description.contains(secret), () -> "shows " + secret + ": " + description);
    }
  }

  @Test
  void tokenToStringShowsShapeNotSecrets() {
    Token token = Token.builder()
        .accessToken(ACCESS)
        .refreshToken(REFRESH)
        .tokenType("bearer")
        .issuedAt(Instant.parse("2030-01-01T00:00:00Z"))
        .expiresAt(Instant.parse("2030-01-01T01:00:00Z"))
        .scopes(new LinkedHashSet<>(Arrays.asList("read", "write")))
        .extras(Collections.singletonMap("id_token", "eyJ-id-token-do-not-log"))
        .build();

    assertEquals("Token{type=bearer, expiresAt=2030-01-01T01:00:00Z, scopes=[read, write],"
        + " refreshToken=present, extras=[id_token]}", token.toString());
    assertHides(token.toString(), ACCESS, REFRESH, "eyJ-id-token-do-not-log");
  }

  @Test
  void tokenWithoutRefreshOrExpirySaysSo() {
    Token token = Token.builder().accessToken(ACCESS).issuedAt(Instant.EPOCH).build();
    assertEquals("Token{type=Bearer, expiresAt=unknown, scopes=[], refreshToken=none,"
        + " extras=[]}", token.toString());
  }

  @Test
  void authorizationRequestToStringHidesStateAndVerifier() {
    try (OAuth2Client client = OAuth2Client.builder()
        .provider(Provider.orgo("https://orgo.example/"))
        .clientId("app")
        .clientSecret(SECRET)
        .redirectUri("https://app.example/cb")
        .scopes("profile")
        .clock(new ManualTestClock())
        .httpClient(HTTP)
        .build()) {
      AuthorizationRequest request = client.newAuthorizationRequest().build();
      String state = request.url().queryParameter("state");
      String challenge = request.url().queryParameter("code_challenge");

      assertEquals("AuthorizationRequest{endpoint=https://orgo.example/oauth/authorize,"
          + " redirectUri=https://app.example/cb, scopes=[profile],"
          + " expiresAt=2030-01-01T00:10:00Z}", request.toString());
      assertHides(request.toString(), state, TestHooks.codeVerifier(request), challenge, SECRET);
    }
  }

  @Test
  void clientToStringHidesSecret() {
    try (OAuth2Client client = OAuth2Client.builder()
        .provider(Provider.onna())
        .clientId("onna-app")
        .clientSecret(SECRET)
        .build()) {
      assertEquals("OAuth2Client{provider=onna, clientId=onna-app, clientSecret=present}",
          client.toString());
      assertHides(client.toString(), SECRET);
      assertHides(client.provider().toString(), SECRET);
    }
  }

  @Test
  void publicClientToStringSaysNoSecret() {
    try (OAuth2Client client = OAuth2Client.builder()
        .provider(Provider.onna()).clientId("onna-app").build()) {
      assertEquals("OAuth2Client{provider=onna, clientId=onna-app, clientSecret=none}",
          client.toString());
    }
  }
}
