package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.Http.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OrgoTest {
  @RegisterExtension static MockAuthServerExtension mock = new MockAuthServerExtension();

  static final String REDIRECT = "http://[::1]:40000/orgo";

  HttpUrl token() {
    return Http.url(mock.server().baseUrl("orgo")).resolve("oauth/token");
  }

  HttpUrl authorize() {
    return Http.url(mock.server().baseUrl("orgo")).resolve("oauth/authorize");
  }

  Http.Result tokenFor(String scope) {
    String code = Http.authorize(mock.server(), "orgo", "oauth/authorize", "orgo-demo-client",
        REDIRECT, "scope", scope);
    return Http.formBasic(token(), "orgo-demo-client", "orgo-demo-secret",
        "grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT);
  }

  Map<String, Object> userinfo(String scope) {
    Http.Result token = tokenFor(scope);
    assertEquals(200, token.code, token.body);
    Http.Result result = Http.get(Http.url(mock.server().baseUrl("orgo")).resolve("oauth/userinfo"),
        "Bearer " + token.string("access_token"));
    assertEquals(200, result.code, result.body);
    return result.json();
  }

  @Test void orgoUserinfoReturnsOnlySubWithoutScopes() {
    String code = Http.authorize(mock.server(), "orgo", "oauth/authorize", "orgo-demo-client",
        REDIRECT);
    Http.Result token = Http.form(token(), "grant_type", "authorization_code", "code", code,
        "redirect_uri", REDIRECT, "client_id", "orgo-demo-client",
        "client_secret", "orgo-demo-secret");
    Http.Result result = Http.get(Http.url(mock.server().baseUrl("orgo")).resolve("oauth/userinfo"),
        "Bearer " + token.string("access_token"));
    assertEquals(Map.of("sub", "demo-user-1"), result.json());
  }

  @Test void orgoUserinfoFieldsFollowScopes() {
    assertEquals(Map.of("sub", "demo-user-1", "name", "Dana Demo", "preferred_username", "dana"),
        userinfo("profile"));
    assertEquals(Map.of("sub", "demo-user-1", "email", "dana@example.test",
        "email_verified", true), userinfo("email"));
    assertEquals(Map.of("sub", "demo-user-1", "groups", List.of("engineering", "demo"),
        "roles", List.of("admin", "user")), userinfo("groups roles"));
  }

  @Test void orgoTokenResponseCarriesGrantedScope() {
    Http.Result token = tokenFor("profile email");
    assertEquals("profile email", token.string("scope"));
  }

  @Test void orgoAuthorizeRedirectsUnknownScopeAsInvalidScope() {
    HttpUrl url = authorize().newBuilder()
        .addQueryParameter("client_id", "orgo-demo-client")
        .addQueryParameter("redirect_uri", REDIRECT)
        .addQueryParameter("response_type", "code")
        .addQueryParameter("scope", "profile admin")
        .addQueryParameter("state", "s")
        .build();
    HttpUrl location = Http.get(url).location();
    Http.assertRedirectError(location, "invalid_scope",
        "unknown scope \"admin\"; Orgo supports: email groups profile roles");
    assertEquals("s", location.queryParameter("state"));
  }

  @Test void orgoRefreshRejectsUnknownScopeWith400() {
    String refresh = tokenFor("profile").string("refresh_token");
    Http.Result result = Http.form(token(), "grant_type", "refresh_token",
        "refresh_token", refresh, "scope", "admin", "client_id", "orgo-demo-client",
        "client_secret", "orgo-demo-secret");
    assertError(result, 400, "invalid_scope",
        "unknown scope \"admin\"; Orgo supports: email groups profile roles");
  }

  @Test void orgoRefreshMayNarrowButNotWidenScope() {
    String refresh = tokenFor("profile email").string("refresh_token");
    Http.Result widened = Http.form(token(), "grant_type", "refresh_token",
        "refresh_token", refresh, "scope", "profile roles", "client_id", "orgo-demo-client",
        "client_secret", "orgo-demo-secret");
    assertError(widened, 400, "invalid_scope", "scope \"roles\" was not granted; a refresh may "
        + "only narrow the original scope (RFC 6749 §6)");
    Http.Result narrowed = Http.form(token(), "grant_type", "refresh_token",
        "refresh_token", refresh, "scope", "email", "client_id", "orgo-demo-client",
        "client_secret", "orgo-demo-secret");
    assertEquals(200, narrowed.code, narrowed.body);
    assertEquals("email", narrowed.string("scope"));
  }

  @Test void orgoRejectsJsonBody() {
    Http.Result result = Http.json(token(), "{\"grant_type\":\"authorization_code\"}");
    assertError(result, 400, "invalid_request", "Orgo's token endpoint takes a form body "
        + "(Content-Type: application/x-www-form-urlencoded); got application/json");
  }

  @Test void orgoRejectsCredentialsInBothBasicAndBody() {
    Http.Result result = Http.formBasic(token(), "orgo-demo-client", "orgo-demo-secret",
        "grant_type", "authorization_code", "code", "c", "client_secret", "orgo-demo-secret");
    assertError(result, 400, "invalid_request", "client credentials were sent twice, in the "
        + "HTTP Basic header and in the request; use one method (RFC 6749 §2.3)");
  }

  @Test void orgoRequiresExactRedirectUriForRegisteredClient() {
    mock.server().registerClient("orgo", "orgo-web", "web-secret",
        List.of("https://app.example/callback", "http://127.0.0.1:8080/cb"), null);
    String ok = Http.authorize(mock.server(), "orgo", "oauth/authorize", "orgo-web",
        "https://app.example/callback");
    assertTrue(ok.length() > 20);
    // RFC 8252 §7.3: a loopback redirect's port may vary; its path may not.
    Http.authorize(mock.server(), "orgo", "oauth/authorize", "orgo-web",
        "http://127.0.0.1:51234/cb");
    for (String bad : List.of("https://app.example/callback/", "http://app.example/callback",
        "https://app.example/callback?x=1", "http://127.0.0.1:8080/other",
        "http://localhost:8080/cb")) {
      HttpUrl url = authorize().newBuilder()
          .addQueryParameter("client_id", "orgo-web")
          .addQueryParameter("redirect_uri", bad)
          .addQueryParameter("response_type", "code")
          .build();
      Http.Result page = Http.get(url);
      assertEquals(400, page.code, bad);
      assertEquals(null, page.header("Location"));
      assertTrue(page.body.contains("redirect_uri &quot;" + bad.replace("&", "&amp;")
          + "&quot; is not registered for client orgo-web. It must match a registered "
          + "redirect URI exactly"), page.body);
    }
  }

  @Test void orgoRegisteredClientScopesLimitRequests() {
    mock.server().registerClient("orgo", "orgo-narrow", "narrow-secret",
        List.of("http://127.0.0.1/cb"), List.of("profile"));
    HttpUrl url = authorize().newBuilder()
        .addQueryParameter("client_id", "orgo-narrow")
        .addQueryParameter("redirect_uri", "http://127.0.0.1/cb")
        .addQueryParameter("response_type", "code")
        .addQueryParameter("scope", "profile email")
        .build();
    HttpUrl location = Http.get(url).location();
    Http.assertRedirectError(location, "invalid_scope",
        "scope \"email\" is not allowed for client orgo-narrow; allowed: profile");
  }
}
