package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.Http.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OrgApiTest {
  @RegisterExtension static MockAuthServerExtension mock = new MockAuthServerExtension();

  HttpUrl token() {
    return Http.url(mock.server().baseUrl("orgapi")).resolve("oauth2/token");
  }

  @Test void orgApiIssuesTokenWithBasicCredentialsAndFormBody() {
    Http.Result result = Http.formBasic(token(), "orgapi-demo-client", "orgapi-demo-secret",
        "grant_type", "client_credentials");
    assertEquals(200, result.code, result.body);
    assertEquals(3600.0, result.json().get("expires_in"));
    assertNotNull(result.string("refresh_token"));

    Http.Result org = Http.get(Http.url(mock.server().baseUrl("orgapi")).resolve("api/organization"),
        "Bearer " + result.string("access_token"));
    assertEquals(200, org.code);
    assertEquals("orgapi-demo-client", org.string("client_id"));
  }

  @Test void orgApiDecodesFormEncodedBasicCredentials() {
    mock.server().registerClient("orgapi", "id with:colon", "s3cr=t+&%", java.util.List.of(),
        null);
    Http.Result result = Http.formBasic(token(), "id with:colon", "s3cr=t+&%",
        "grant_type", "client_credentials");
    assertEquals(200, result.code, result.body);
  }

  @Test void orgApiIssuesTokenWithEverythingInTheQueryOfAnEmptyPost() {
    HttpUrl url = token().newBuilder()
        .addQueryParameter("client_id", "orgapi-demo-client")
        .addQueryParameter("client_secret", "orgapi-demo-secret")
        .addQueryParameter("grant_type", "client_credentials")
        .build();
    Http.Result result = Http.execute(new Request.Builder().url(url)
        .post(RequestBody.create(new byte[0])).build());
    assertEquals(200, result.code, result.body);
    String refresh = result.string("refresh_token");
    int before = mock.server().tokenRequests("orgapi", "refresh_token");

    HttpUrl refreshUrl = token().newBuilder()
        .addQueryParameter("client_id", "orgapi-demo-client")
        .addQueryParameter("client_secret", "orgapi-demo-secret")
        .addQueryParameter("grant_type", "refresh_token")
        .addQueryParameter("refresh_token", refresh)
        .build();
    Http.Result refreshed = Http.execute(new Request.Builder().url(refreshUrl)
        .post(RequestBody.create(new byte[0])).build());
    assertEquals(200, refreshed.code, refreshed.body);
    assertNotEquals(refresh, refreshed.string("refresh_token"));
    assertEquals(before + 1, mock.server().tokenRequests("orgapi", "refresh_token"));
  }

  @Test void orgApiRefreshesWithBasicCredentials() {
    String refresh = Http.formBasic(token(), "orgapi-demo-client", "orgapi-demo-secret",
        "grant_type", "client_credentials").string("refresh_token");
    Http.Result result = Http.formBasic(token(), "orgapi-demo-client", "orgapi-demo-secret",
        "grant_type", "refresh_token", "refresh_token", refresh);
    assertEquals(200, result.code, result.body);
  }

  @Test void orgApiAnswersMissingCredentialsWithBasicChallenge() {
    Http.Result result = Http.form(token(), "grant_type", "client_credentials");
    assertError(result, 401, "invalid_client", "client authentication is required: send the "
        + "client credentials in an HTTP Basic header (RFC 6749 §2.3.1) or in the URL query "
        + "(client_id, client_secret)");
    assertEquals("Basic realm=\"orgapi\"", result.header("WWW-Authenticate"));
  }

  @Test void orgApiRejectsCredentialsInFormBody() {
    Http.Result result = Http.form(token(), "grant_type", "client_credentials",
        "client_id", "orgapi-demo-client", "client_secret", "orgapi-demo-secret");
    assertError(result, 401, "invalid_client", "Organization API does not read client "
        + "credentials from the form body; send them in an HTTP Basic header (RFC 6749 §2.3.1) "
        + "or in the URL query (client_id, client_secret)");
    assertEquals("Basic realm=\"orgapi\"", result.header("WWW-Authenticate"));
  }

  @Test void orgApiRejectsWrongBasicSecretWithChallenge() {
    Http.Result result = Http.formBasic(token(), "orgapi-demo-client", "wrong",
        "grant_type", "client_credentials");
    assertError(result, 401, "invalid_client", "client_secret is wrong for client "
        + "orgapi-demo-client");
    assertEquals("Basic realm=\"orgapi\"", result.header("WWW-Authenticate"));
  }

  @Test void orgApiRejectsJsonBody() {
    Http.Result result = Http.json(token(), "{\"grant_type\":\"client_credentials\"}");
    assertError(result, 400, "invalid_request", "Organization API's token endpoint takes a form "
        + "body (Content-Type: application/x-www-form-urlencoded); got application/json");
  }

  @Test void orgApiRejectsAuthorizationCodeGrant() {
    Http.Result result = Http.formBasic(token(), "orgapi-demo-client", "orgapi-demo-secret",
        "grant_type", "authorization_code", "code", "x");
    assertError(result, 400, "unsupported_grant_type", "Organization API does not support "
        + "grant_type=authorization_code; it supports client_credentials, refresh_token");
  }
}
