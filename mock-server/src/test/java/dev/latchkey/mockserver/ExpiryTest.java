package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.Http.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ExpiryTest {
  static final ManualClock clock = new ManualClock(Instant.parse("2030-06-01T12:00:00Z"));

  @RegisterExtension static MockAuthServerExtension mock = new MockAuthServerExtension(
      MockAuthServer.builder()
          .clock(clock)
          .refreshTokenLifetime(Duration.ofSeconds(7200))
          .refreshTokenLifetime("orangelogic", Duration.ofSeconds(100)));

  @AfterEach void resetServer() {
    mock.server().reset();
  }

  HttpUrl orgapiToken() {
    return Http.url(mock.server().baseUrl("orgapi")).resolve("oauth2/token");
  }

  Http.Result orgapiTokens() {
    return Http.formBasic(orgapiToken(), "orgapi-demo-client", "orgapi-demo-secret",
        "grant_type", "client_credentials");
  }

  Http.Result organization(String access) {
    return Http.get(Http.url(mock.server().baseUrl("orgapi")).resolve("api/organization"),
        "Bearer " + access);
  }

  @Test void accessTokenExpiresWhenManualClockPassesExpiresIn() {
    String access = orgapiTokens().string("access_token");
    clock.advance(Duration.ofSeconds(3599));
    assertEquals(200, organization(access).code);
    clock.advance(Duration.ofSeconds(1));
    Http.Result expired = organization(access);
    assertEquals(401, expired.code);
    assertEquals("Bearer error=\"invalid_token\"", expired.header("WWW-Authenticate"));
    assertEquals("the access token expired", expired.string("error_description"));
  }

  @Test void refreshTokenOutlivesAccessTokenThenExpires() {
    String refresh = orgapiTokens().string("refresh_token");
    clock.advance(Duration.ofSeconds(3600));
    Http.Result refreshed = Http.formBasic(orgapiToken(), "orgapi-demo-client",
        "orgapi-demo-secret", "grant_type", "refresh_token", "refresh_token", refresh);
    assertEquals(200, refreshed.code, refreshed.body);
    clock.advance(Duration.ofSeconds(7200));
    Http.Result expired = Http.formBasic(orgapiToken(), "orgapi-demo-client",
        "orgapi-demo-secret", "grant_type", "refresh_token",
        "refresh_token", refreshed.string("refresh_token"));
    assertError(expired, 400, "invalid_grant", "the refresh token expired; authorize again");
  }

  @Test void orangeLogicRefreshTokenExpiresOnlyAfterGoingUnused() {
    String redirect = "http://127.0.0.1:5000/cb";
    String code = Http.authorize(mock.server(), "orangelogic", "oauth2/authorize",
        "orangelogic-demo-client", redirect);
    HttpUrl token = Http.url(mock.server().baseUrl("orangelogic")).resolve("oauth2/token");
    String refresh = Http.form(token, "grant_type", "authorization_code", "code", code,
        "redirect_uri", redirect, "client_id", "orangelogic-demo-client",
        "client_secret", "orangelogic-demo-secret").string("refresh_token");
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofSeconds(90));
      Http.Result used = Http.form(token, "grant_type", "refresh_token", "code", refresh,
          "client_id", "orangelogic-demo-client", "client_secret", "orangelogic-demo-secret");
      assertEquals(200, used.code, used.body);
    }
    clock.advance(Duration.ofSeconds(100));
    Http.Result unused = Http.form(token, "grant_type", "refresh_token", "code", refresh,
        "client_id", "orangelogic-demo-client", "client_secret", "orangelogic-demo-secret");
    assertError(unused, 400, "invalid_grant", "the refresh token expired; authorize again");
  }

  @Test void expireAccessTokensKeepsRefreshTokensValid() {
    Http.Result tokens = orgapiTokens();
    assertEquals(1, mock.server().expireAccessTokens());
    assertEquals(401, organization(tokens.string("access_token")).code);
    Http.Result refreshed = Http.formBasic(orgapiToken(), "orgapi-demo-client",
        "orgapi-demo-secret", "grant_type", "refresh_token",
        "refresh_token", tokens.string("refresh_token"));
    assertEquals(200, refreshed.code, refreshed.body);
  }

  @Test void expireAllTokensExpiresRefreshTokensToo() {
    Http.Result tokens = orgapiTokens();
    assertEquals(2, mock.server().expireAllTokens());
    assertEquals(401, organization(tokens.string("access_token")).code);
    Http.Result refreshed = Http.formBasic(orgapiToken(), "orgapi-demo-client",
        "orgapi-demo-secret", "grant_type", "refresh_token",
        "refresh_token", tokens.string("refresh_token"));
    assertError(refreshed, 400, "invalid_grant", "the refresh token expired; authorize again");
  }

  @Test void providerLifetimeBeatsGlobalLifetime() {
    mock.server().tokenLifetime(Duration.ofSeconds(30));
    mock.server().tokenLifetime("orgapi", Duration.ofSeconds(10));
    assertEquals(10.0, orgapiTokens().json().get("expires_in"));
    Http.Result onna = Http.form(Http.url(mock.server().baseUrl("onna")).resolve("v1/oauth/token"),
        "grant_type", "client_credentials", "client_id", "onna-demo-client",
        "client_secret", "onna-demo-secret");
    assertEquals(30.0, onna.json().get("expires_in"));
  }

  @Test void rotationCanBeTurnedOffPerProvider() {
    mock.server().rotateRefreshTokens("orgapi", false);
    String refresh = orgapiTokens().string("refresh_token");
    Http.Result refreshed = Http.formBasic(orgapiToken(), "orgapi-demo-client",
        "orgapi-demo-secret", "grant_type", "refresh_token", "refresh_token", refresh);
    assertEquals(refresh, refreshed.string("refresh_token"));
  }
}
