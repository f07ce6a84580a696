package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.Http.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OraTest {
  @RegisterExtension static MockAuthServerExtension mock = new MockAuthServerExtension();

  static final String REDIRECT = "http://127.0.0.1:53682/callback";

  HttpUrl token() {
    return Http.url(mock.server().baseUrl("ora")).resolve("oauth/token");
  }

  String code() {
    return Http.authorize(mock.server(), "ora", "oauth/authorize", "ora-demo-client", REDIRECT);
  }

  static String exchangeJson(String code) {
    return "{\"grant_type\":\"authorization_code\",\"code\":\"" + code + "\","
        + "\"client_id\":\"ora-demo-client\",\"client_secret\":\"ora-demo-secret\","
        + "\"redirect_uri\":\"" + REDIRECT + "\"}";
  }

  @Test void oraCodeFlowIssuesTokensInJsonAndServesProjects() {
    Http.Result token = Http.json(token(), exchangeJson(code()));

    assertEquals(200, token.code, token.body);
    assertEquals("application/json", token.header("Content-Type"));
    assertEquals("no-store", token.header("Cache-Control"));
    assertEquals("Bearer", token.string("token_type"));
    assertEquals(3600.0, token.json().get("expires_in"));
    assertNotNull(token.string("refresh_token"));
    assertNull(token.json().get("scope"));
    assertTrue(token.string("access_token").matches("[A-Za-z0-9_-]{43}"));

    Http.Result projects = Http.get(Http.url(mock.server().baseUrl("ora")).resolve("v1/projects"),
        "Bearer " + token.string("access_token"));
    assertEquals(200, projects.code);
    assertTrue(projects.body.startsWith("[{\"id\":\"prj-apollo\""), projects.body);
  }

  @Test void oraAuthorizeEchoesStateAndOmitsItWhenAbsent() {
    HttpUrl url = Http.url(mock.server().baseUrl("ora")).resolve("oauth/authorize").newBuilder()
        .addQueryParameter("client_id", "ora-demo-client")
        .addQueryParameter("redirect_uri", REDIRECT)
        .addQueryParameter("response_type", "code")
        .build();
    HttpUrl location = Http.get(url).location();
    assertEquals("/callback", location.encodedPath());
    assertNotNull(location.queryParameter("code"));
    assertNull(location.queryParameter("state"));
  }

  @Test void oraRejectsFormEncodedTokenRequest() {
    Http.Result result = Http.form(token(), "grant_type", "authorization_code", "code", code(),
        "client_id", "ora-demo-client", "client_secret", "ora-demo-secret",
        "redirect_uri", REDIRECT);
    assertError(result, 400, "invalid_request", "Ora's token endpoint takes a JSON body "
        + "(Content-Type: application/json); got application/x-www-form-urlencoded");
  }

  @Test void oraRejectsBasicClientAuthentication() {
    Http.Result result = Http.execute(new okhttp3.Request.Builder().url(token())
        .header("Authorization", Http.basic("ora-demo-client", "ora-demo-secret"))
        .post(okhttp3.RequestBody.create("{\"grant_type\":\"authorization_code\",\"code\":\""
            + code() + "\",\"redirect_uri\":\"" + REDIRECT + "\"}", Http.JSON))
        .build());
    assertError(result, 401, "invalid_client", "Ora does not accept HTTP Basic client "
        + "authentication; send the client credentials in the JSON body (client_id, "
        + "client_secret)");
  }

  @Test void oraRejectsWrongClientSecret() {
    Http.Result result = Http.json(token(), exchangeJson(code())
        .replace("ora-demo-secret", "nope"));
    assertError(result, 401, "invalid_client", "client_secret is wrong for client ora-demo-client");
  }

  @Test void oraRequiresRedirectUriInTokenRequest() {
    Http.Result result = Http.json(token(), "{\"grant_type\":\"authorization_code\",\"code\":\""
        + code() + "\",\"client_id\":\"ora-demo-client\",\"client_secret\":\"ora-demo-secret\"}");
    assertError(result, 400, "invalid_request", "redirect_uri is missing; send the same "
        + "redirect_uri as in the authorization request (RFC 6749 §4.1.3)");
  }

  @Test void oraRejectsNonStringJsonMember() {
    Http.Result result = Http.json(token(), "{\"grant_type\":\"authorization_code\","
        + "\"code\":42}");
    assertError(result, 400, "invalid_request", "JSON member code must be a string; got 42");
  }

  @Test void oraRefreshesWithRefreshTokenInJsonAndRotatesIt() {
    String refresh = Http.json(token(), exchangeJson(code())).string("refresh_token");
    String refreshJson = "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"" + refresh
        + "\",\"client_id\":\"ora-demo-client\",\"client_secret\":\"ora-demo-secret\"}";

    Http.Result refreshed = Http.json(token(), refreshJson);
    assertEquals(200, refreshed.code, refreshed.body);
    assertNotEquals(refresh, refreshed.string("refresh_token"));

    assertError(Http.json(token(), refreshJson), 400, "invalid_grant",
        "the refresh token was already used and rotated; use the newest refresh token");
  }

  @Test void oraRejectsClientCredentialsGrant() {
    Http.Result result = Http.json(token(), "{\"grant_type\":\"client_credentials\","
        + "\"client_id\":\"ora-demo-client\",\"client_secret\":\"ora-demo-secret\"}");
    assertError(result, 400, "unsupported_grant_type", "Ora does not support "
        + "grant_type=client_credentials; it supports authorization_code, refresh_token");
  }

  @Test void oraApiAnswersUnknownTokenWithBearerChallenge() {
    Http.Result result = Http.get(Http.url(mock.server().baseUrl("ora")).resolve("v1/projects"),
        "Bearer not-a-token");
    assertEquals(401, result.code);
    assertEquals("Bearer error=\"invalid_token\"", result.header("WWW-Authenticate"));
    assertEquals("invalid_token", result.string("error"));
  }

  @Test void oraApiAcceptsBearerSchemeInAnyCase() {
    String access = Http.json(token(), exchangeJson(code())).string("access_token");
    for (String scheme : List.of("bearer ", "BEARER ", "Bearer ")) {
      Http.Result result = Http.get(Http.url(mock.server().baseUrl("ora")).resolve("v1/projects"),
          scheme + access);
      assertEquals(200, result.code, scheme);
    }
  }

  @Test void oraApiAnswersMissingTokenWithBareBearerChallenge() {
    Http.Result result = Http.get(Http.url(mock.server().baseUrl("ora")).resolve("v1/projects"));
    assertEquals(401, result.code);
    assertEquals("Bearer realm=\"ora\"", result.header("WWW-Authenticate"));
  }
}
