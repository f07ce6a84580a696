package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.Http.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OnnaTest {
  @RegisterExtension static MockAuthServerExtension mock = new MockAuthServerExtension();

  HttpUrl token() {
    return Http.url(mock.server().baseUrl("onna")).resolve("v1/oauth/token");
  }

  Http.Result clientCredentials() {
    return Http.form(token(), "grant_type", "client_credentials",
        "client_id", "onna-demo-client", "client_secret", "onna-demo-secret");
  }

  Http.Result createWorkspace(String authorization) {
    return Http.execute(new Request.Builder()
        .url(Http.url(mock.server().baseUrl("onna")).resolve("v1/workspaces"))
        .header("Authorization", authorization)
        .post(RequestBody.create("{\"name\":\"Legal hold\"}", Http.JSON))
        .build());
  }

  @Test void onnaIssuesLowercaseBearerTokenFor3599SecondsWithoutRefreshToken() {
    Http.Result result = clientCredentials();
    assertEquals(200, result.code, result.body);
    assertEquals("bearer", result.string("token_type"));
    assertEquals(3599.0, result.json().get("expires_in"));
    assertFalse(result.json().containsKey("refresh_token"));
    assertEquals("no-store", result.header("Cache-Control"));
  }

  @Test void onnaCreatesWorkspaceWithToken() {
    Http.Result result = createWorkspace("Bearer " + clientCredentials().string("access_token"));
    assertEquals(200, result.code, result.body);
    assertEquals("Legal hold", result.string("name"));
    assertEquals("onna-demo-client", result.string("owner"));
  }

  @Test void onnaRejectsRefreshGrant() {
    Http.Result result = Http.form(token(), "grant_type", "refresh_token", "refresh_token", "x",
        "client_id", "onna-demo-client", "client_secret", "onna-demo-secret");
    assertError(result, 400, "unsupported_grant_type", "Onna issues no refresh tokens and "
        + "cannot refresh; request a new token with grant_type=client_credentials");
  }

  @Test void onnaRejectsJsonBody() {
    Http.Result result = Http.json(token(), "{\"grant_type\":\"client_credentials\","
        + "\"client_id\":\"onna-demo-client\",\"client_secret\":\"onna-demo-secret\"}");
    assertError(result, 400, "invalid_request", "Onna's token endpoint takes a form body "
        + "(Content-Type: application/x-www-form-urlencoded); got application/json");
  }

  @Test void onnaRejectsBasicClientAuthentication() {
    Http.Result result = Http.formBasic(token(), "onna-demo-client", "onna-demo-secret",
        "grant_type", "client_credentials");
    assertError(result, 401, "invalid_client", "Onna does not accept HTTP Basic client "
        + "authentication; send the client credentials in the form body (client_id, "
        + "client_secret)");
  }

  @Test void onnaRejectsParametersInQuery() {
    HttpUrl url = token().newBuilder().addQueryParameter("grant_type", "client_credentials")
        .build();
    Http.Result result = Http.form(url, "client_id", "onna-demo-client",
        "client_secret", "onna-demo-secret");
    assertError(result, 400, "invalid_request", "Onna reads token request parameters from the "
        + "body, not the URL query; move grant_type into a form body (Content-Type: "
        + "application/x-www-form-urlencoded)");
  }

  @Test void onnaAnswersUnknownTokenWithBare401() {
    Http.Result result = createWorkspace("Bearer nope");
    assertEquals(401, result.code);
    assertNull(result.header("WWW-Authenticate"));
    assertEquals("", result.body);
  }

  @Test void onnaAnswersRevokedTokenWithBare401() {
    String access = clientCredentials().string("access_token");
    mock.server().revoke(access);
    Http.Result result = createWorkspace("Bearer " + access);
    assertEquals(401, result.code);
    assertNull(result.header("WWW-Authenticate"));
  }

  @Test void onnaTokenLifetimeCanBeShortenedAtRuntime() {
    mock.server().tokenLifetime("onna", java.time.Duration.ofSeconds(5));
    try {
      assertEquals(5.0, clientCredentials().json().get("expires_in"));
    } finally {
      mock.server().reset();
    }
    assertEquals(3599.0, clientCredentials().json().get("expires_in"));
  }
}
