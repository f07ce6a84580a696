package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.Http.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OrangeLogicTest {
  @RegisterExtension static MockAuthServerExtension mock = new MockAuthServerExtension();

  static final String REDIRECT = "http://localhost:8765/orange/callback";

  HttpUrl token() {
    return Http.url(mock.server().baseUrl("orangelogic")).resolve("oauth2/token");
  }

  String code() {
    return Http.authorize(mock.server(), "orangelogic", "oauth2/authorize",
        "orangelogic-demo-client", REDIRECT);
  }

  Http.Result exchangeForm() {
    return Http.form(token(), "grant_type", "authorization_code", "code", code(),
        "redirect_uri", REDIRECT, "client_id", "orangelogic-demo-client",
        "client_secret", "orangelogic-demo-secret");
  }

  @Test void orangeLogicExchangesCodeInFormBodyWith24HourToken() {
    Http.Result result = exchangeForm();
    assertEquals(200, result.code, result.body);
    assertEquals(86400.0, result.json().get("expires_in"));
    assertEquals("Bearer", result.string("token_type"));

    Http.Result me = Http.get(Http.url(mock.server().baseUrl("orangelogic")).resolve("api/me"),
        "Bearer " + result.string("access_token"));
    assertEquals(200, me.code);
    assertEquals("dana", me.string("userName"));
  }

  @Test void orangeLogicExchangesCodeInJsonBody() {
    Http.Result result = Http.json(token(), "{\"grant_type\":\"authorization_code\",\"code\":\""
        + code() + "\",\"redirect_uri\":\"" + REDIRECT + "\",\"client_id\":"
        + "\"orangelogic-demo-client\",\"client_secret\":\"orangelogic-demo-secret\"}");
    assertEquals(200, result.code, result.body);
  }

  @Test void orangeLogicRefreshesWithRefreshTokenInCodeWithoutRotation() {
    String refresh = exchangeForm().string("refresh_token");
    int before = mock.server().tokenRequests("orangelogic", "refresh_token");
    for (int i = 0; i < 2; i++) {
      Http.Result result = Http.form(token(), "grant_type", "refresh_token", "code", refresh,
          "client_id", "orangelogic-demo-client", "client_secret", "orangelogic-demo-secret");
      assertEquals(200, result.code, result.body);
      assertEquals(refresh, result.string("refresh_token"));
    }
    assertEquals(before + 2, mock.server().tokenRequests("orangelogic", "refresh_token"));
  }

  @Test void orangeLogicRejectsRefreshTokenParameter() {
    String refresh = exchangeForm().string("refresh_token");
    Http.Result result = Http.form(token(), "grant_type", "refresh_token",
        "refresh_token", refresh, "client_id", "orangelogic-demo-client",
        "client_secret", "orangelogic-demo-secret");
    assertError(result, 400, "invalid_request", "Orange Logic reads the refresh token from the "
        + "code parameter: send the refresh token as code (grant_type=refresh_token&code=...), "
        + "not as refresh_token");
  }

  @Test void orangeLogicRejectsBasicClientAuthentication() {
    Http.Result result = Http.formBasic(token(), "orangelogic-demo-client",
        "orangelogic-demo-secret", "grant_type", "authorization_code", "code", code(),
        "redirect_uri", REDIRECT);
    assertError(result, 401, "invalid_client", "Orange Logic does not accept HTTP Basic client "
        + "authentication; send the client credentials in the request body (client_id, "
        + "client_secret)");
  }

  @Test void orangeLogicRejectsMissingClientCredentials() {
    Http.Result result = Http.form(token(), "grant_type", "authorization_code", "code", code(),
        "redirect_uri", REDIRECT);
    assertError(result, 401, "invalid_client", "client authentication is required: send the "
        + "client credentials in the request body (client_id, client_secret)");
  }

  @Test void orangeLogicRejectsRedirectUriDifferentFromAuthorize() {
    Http.Result result = Http.form(token(), "grant_type", "authorization_code", "code", code(),
        "redirect_uri", "http://localhost:8765/other", "client_id", "orangelogic-demo-client",
        "client_secret", "orangelogic-demo-secret");
    assertError(result, 400, "invalid_grant", "redirect_uri does not match the one in the "
        + "authorization request (RFC 6749 §4.1.3): expected " + REDIRECT);
  }
}
