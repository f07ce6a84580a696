package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.Http.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StandardTest {
  @RegisterExtension static MockAuthServerExtension mock = new MockAuthServerExtension();

  static final String REDIRECT = "http://127.0.0.1:9000/cb";
  static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

  HttpUrl url(String path) {
    return Http.url(mock.server().baseUrl("standard")).resolve(path);
  }

  Http.Result publicClientTokens() throws Exception {
    String code = Http.authorize(mock.server(), "standard", "authorize",
        "standard-public-client", REDIRECT, "code_challenge", Http.s256(VERIFIER),
        "code_challenge_method", "S256", "scope", "profile email");
    return Http.form(url("token"), "grant_type", "authorization_code", "code", code,
        "redirect_uri", REDIRECT, "client_id", "standard-public-client",
        "code_verifier", VERIFIER);
  }

  @Test void standardServesRfc8414Metadata() {
    Map<String, Object> m = Http.get(url(".well-known/oauth-authorization-server")).json();
    String issuer = Http.url(mock.server().url()) + "standard";
    assertEquals(issuer, m.get("issuer"));
    assertEquals(issuer + "/authorize", m.get("authorization_endpoint"));
    assertEquals(issuer + "/token", m.get("token_endpoint"));
    assertEquals(issuer + "/revoke", m.get("revocation_endpoint"));
    assertEquals(issuer + "/userinfo", m.get("userinfo_endpoint"));
    assertEquals(List.of("S256"), m.get("code_challenge_methods_supported"));
    assertEquals(List.of("authorization_code", "refresh_token", "client_credentials",
        "urn:ietf:params:oauth:grant-type:device_code",
        "urn:ietf:params:oauth:grant-type:token-exchange"), m.get("grant_types_supported"));
    assertEquals(issuer + "/device_authorization", m.get("device_authorization_endpoint"));
    assertEquals(List.of("client_secret_basic", "client_secret_post", "private_key_jwt",
        "client_secret_jwt", "none"), m.get("token_endpoint_auth_methods_supported"));
    assertEquals(List.of("RS256", "PS256", "ES256", "HS256"),
        m.get("token_endpoint_auth_signing_alg_values_supported"));
    assertEquals(List.of("ES256", "RS256", "PS256"), m.get("dpop_signing_alg_values_supported"));
    assertEquals(issuer + "/par", m.get("pushed_authorization_request_endpoint"));
    assertEquals(false, m.get("require_pushed_authorization_requests"));
    // RFC 8414 §3.1 also places the document between host and path.
    assertEquals(m, Http.get(Http.url(mock.server().url())
        .resolve(".well-known/oauth-authorization-server/standard")).json());
  }

  @Test void standardPublicClientCompletesPkceFlowAndReadsUserinfo() throws Exception {
    Http.Result token = publicClientTokens();
    assertEquals(200, token.code, token.body);
    assertEquals("profile email", token.string("scope"));
    Http.Result userinfo = Http.get(url("userinfo"), "Bearer " + token.string("access_token"));
    assertEquals(Map.of("sub", "demo-user-1", "name", "Dana Demo", "preferred_username", "dana",
        "email", "dana@example.test", "email_verified", true), userinfo.json());
  }

  @Test void standardPublicClientRefreshesWithoutSecret() throws Exception {
    String refresh = publicClientTokens().string("refresh_token");
    Http.Result result = Http.form(url("token"), "grant_type", "refresh_token",
        "refresh_token", refresh, "client_id", "standard-public-client");
    assertEquals(200, result.code, result.body);
  }

  @Test void standardRequiresPkceForPublicClient() {
    HttpUrl location = Http.get(url("authorize").newBuilder()
        .addQueryParameter("client_id", "standard-public-client")
        .addQueryParameter("redirect_uri", REDIRECT)
        .addQueryParameter("response_type", "code")
        .addQueryParameter("state", "abc")
        .build()).location();
    Http.assertRedirectError(location, "invalid_request",
        "PKCE is required for public client standard-public-client: send "
        + "code_challenge and code_challenge_method=S256 (RFC 7636 §4.3)");
    assertEquals("abc", location.queryParameter("state"));
  }

  @Test void standardRejectsPlainCodeChallengeMethod() {
    HttpUrl location = Http.get(url("authorize").newBuilder()
        .addQueryParameter("client_id", "standard-demo-client")
        .addQueryParameter("redirect_uri", REDIRECT)
        .addQueryParameter("response_type", "code")
        .addQueryParameter("code_challenge", VERIFIER)
        .addQueryParameter("code_challenge_method", "plain")
        .build()).location();
    Http.assertRedirectError(location, "invalid_request",
        "code_challenge_method must be S256 (RFC 7636 §4.3); got plain");
  }

  @Test void standardRejectsWrongCodeVerifierAsInvalidGrant() throws Exception {
    String code = Http.authorize(mock.server(), "standard", "authorize",
        "standard-public-client", REDIRECT, "code_challenge", Http.s256(VERIFIER),
        "code_challenge_method", "S256");
    Http.Result result = Http.form(url("token"), "grant_type", "authorization_code",
        "code", code, "redirect_uri", REDIRECT, "client_id", "standard-public-client",
        "code_verifier", VERIFIER.replace('d', 'e'));
    assertError(result, 400, "invalid_grant", "code_verifier does not match the code_challenge:"
        + " BASE64URL(SHA256(code_verifier)) must equal it (RFC 7636 §4.6)");
  }

  @Test void standardRejectsMissingCodeVerifier() throws Exception {
    String code = Http.authorize(mock.server(), "standard", "authorize",
        "standard-demo-client", REDIRECT, "code_challenge", Http.s256(VERIFIER),
        "code_challenge_method", "S256");
    Http.Result result = Http.formBasic(url("token"), "standard-demo-client",
        "standard-demo-secret", "grant_type", "authorization_code", "code", code,
        "redirect_uri", REDIRECT);
    assertError(result, 400, "invalid_grant", "code_verifier is missing; the authorization "
        + "request carried a code_challenge (RFC 7636 §4.5)");
  }

  @Test void standardIssuesClientCredentialsTokenWithBodyOrBasicCredentials() {
    Http.Result body = Http.form(url("token"), "grant_type", "client_credentials",
        "scope", "read", "client_id", "standard-demo-client",
        "client_secret", "standard-demo-secret");
    assertEquals(200, body.code, body.body);
    assertEquals("read", body.string("scope"));
    assertFalse(body.json().containsKey("refresh_token"));
    Http.Result basic = Http.formBasic(url("token"), "standard-demo-client",
        "standard-demo-secret", "grant_type", "client_credentials");
    assertEquals(200, basic.code, basic.body);
  }

  @Test void standardRejectsUnknownScopeOnTokenEndpoint() {
    Http.Result result = Http.form(url("token"), "grant_type", "client_credentials",
        "scope", "read admin", "client_id", "standard-demo-client",
        "client_secret", "standard-demo-secret");
    assertError(result, 400, "invalid_scope",
        "unknown scope \"admin\"; Standard (RFC 6749) supports: email profile read write");
  }

  @Test void standardRefusesClientCredentialsToPublicClient() {
    Http.Result result = Http.form(url("token"), "grant_type", "client_credentials",
        "client_id", "standard-public-client");
    assertError(result, 400, "unauthorized_client", "public client standard-public-client "
        + "cannot use client_credentials; it has no secret (RFC 6749 §4.4)");
  }

  @Test void standardRejectsUnknownClientWithBasicChallenge() {
    Http.Result result = Http.formBasic(url("token"), "who", "x",
        "grant_type", "client_credentials");
    assertError(result, 401, "invalid_client",
        "unknown client_id \"who\" for Standard (RFC 6749); the demo client is "
            + "standard-demo-client");
    assertEquals("Basic realm=\"standard\"", result.header("WWW-Authenticate"));
  }

  @Test void standardRejectsRepeatedParameter() {
    Http.Result result = Http.form(url("token"), "grant_type", "client_credentials",
        "grant_type", "client_credentials", "client_id", "standard-demo-client",
        "client_secret", "standard-demo-secret");
    assertError(result, 400, "invalid_request", "parameter grant_type appears more than once "
        + "in the form body; send each parameter once (RFC 6749 §3.1)");
  }

  @Test void standardRevokesAccessToken() throws Exception {
    Http.Result token = publicClientTokens();
    String access = token.string("access_token");
    Http.Result revoke = Http.form(url("revoke"), "token", access,
        "client_id", "standard-public-client");
    assertEquals(200, revoke.code, revoke.body);
    Http.Result api = Http.get(url("userinfo"), "Bearer " + access);
    assertEquals(401, api.code);
    assertEquals("Bearer error=\"invalid_token\"", api.header("WWW-Authenticate"));
    assertEquals("the access token was revoked", api.string("error_description"));
    // The refresh token still works: only the access token was revoked.
    Http.Result refreshed = Http.form(url("token"), "grant_type", "refresh_token",
        "refresh_token", token.string("refresh_token"), "client_id", "standard-public-client");
    assertEquals(200, refreshed.code, refreshed.body);
  }

  @Test void standardRevokingRefreshTokenRevokesItsAccessTokens() throws Exception {
    Http.Result token = publicClientTokens();
    Http.Result revoke = Http.form(url("revoke"), "token", token.string("refresh_token"),
        "token_type_hint", "refresh_token", "client_id", "standard-public-client");
    assertEquals(200, revoke.code);
    assertEquals(401, Http.get(url("userinfo"), "Bearer " + token.string("access_token")).code);
    Http.Result refreshed = Http.form(url("token"), "grant_type", "refresh_token",
        "refresh_token", token.string("refresh_token"), "client_id", "standard-public-client");
    assertError(refreshed, 400, "invalid_grant", "the refresh token was revoked; authorize again");
  }

  @Test void standardRevocationAnswers200ForUnknownToken() {
    Http.Result result = Http.formBasic(url("revoke"), "standard-demo-client",
        "standard-demo-secret", "token", "never-issued");
    assertEquals(200, result.code);
    assertEquals("", result.body);
  }

  @Test void standardRevocationRequiresClientAuthentication() {
    Http.Result result = Http.formBasic(url("revoke"), "standard-demo-client", "wrong",
        "token", "x");
    assertError(result, 401, "invalid_client",
        "client_secret is wrong for client standard-demo-client");
  }
}
