package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.Http.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuthorizationTest {
  static final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));

  @RegisterExtension static MockAuthServerExtension mock =
      new MockAuthServerExtension(MockAuthServer.builder().clock(clock));

  static final String REDIRECT = "http://127.0.0.1:7000/callback";

  @AfterEach void resetServer() {
    mock.server().reset();
  }

  HttpUrl authorizeUrl(String provider, String path, String clientId, String redirect) {
    HttpUrl.Builder b = Http.url(mock.server().baseUrl(provider)).resolve(path).newBuilder()
        .addQueryParameter("client_id", clientId);
    if (redirect != null) b.addQueryParameter("redirect_uri", redirect);
    return b.addQueryParameter("response_type", "code")
        .addQueryParameter("scope", "profile groups")
        .addQueryParameter("state", "xyz")
        .build();
  }

  static String field(String html, String regex) {
    Matcher m = Pattern.compile(regex).matcher(html);
    assertTrue(m.find(), "no " + regex + " in " + html);
    return m.group(1);
  }

  Http.Result submitConsent(String html, String decision) {
    String action = field(html, "<form method=\"post\" action=\"([^\"]+)\">");
    String consentId = field(html, "name=\"consent_id\" value=\"([^\"]+)\"");
    return Http.form(Http.url(mock.server().url()).resolve(action), "consent_id", consentId,
        "decision", decision);
  }

  @Test void promptModeShowsConsentPageAndApproveRedirectsWithCode() {
    mock.server().consent(ConsentMode.PROMPT);
    Http.Result page = Http.get(authorizeUrl("orgo", "oauth/authorize", "orgo-demo-client",
        REDIRECT));
    assertEquals(200, page.code);
    assertEquals("text/html; charset=utf-8", page.header("Content-Type"));
    assertTrue(page.body.contains("<strong id=\"app\">Orgo Demo App</strong>"), page.body);
    assertTrue(page.body.contains("<li>profile</li>\n<li>groups</li>"), page.body);
    assertTrue(page.body.contains(
        "<button type=\"submit\" name=\"decision\" value=\"approve\" id=\"approve\">Approve"
            + "</button>"), page.body);
    assertTrue(page.body.contains(
        "<button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\">Deny</button>"));
    // The form carries a server-side consent id, not the raw authorization parameters.
    assertTrue(!page.body.contains("redirect_uri") && !page.body.contains("xyz"), page.body);

    Http.Result approved = submitConsent(page.body, "approve");
    assertEquals(302, approved.code);
    HttpUrl location = approved.location();
    assertEquals("127.0.0.1", location.host());
    assertEquals("/callback", location.encodedPath());
    assertNotNull(location.queryParameter("code"));
    assertEquals("xyz", location.queryParameter("state"));

    Http.Result token = Http.formBasic(Http.url(mock.server().baseUrl("orgo")).resolve("oauth/token"),
        "orgo-demo-client", "orgo-demo-secret", "grant_type", "authorization_code",
        "code", location.queryParameter("code"), "redirect_uri", REDIRECT);
    assertEquals(200, token.code, token.body);
    assertEquals("profile groups", token.string("scope"));
  }

  @Test void denyRedirectsWithAccessDeniedAndState() {
    mock.server().consent(ConsentMode.PROMPT);
    Http.Result page = Http.get(authorizeUrl("ora", "oauth/authorize", "ora-demo-client",
        REDIRECT));
    HttpUrl location = submitConsent(page.body, "deny").location();
    Http.assertRedirectError(location, "access_denied",
        "the user denied the authorization request");
    assertEquals("xyz", location.queryParameter("state"));
    assertNull(location.queryParameter("code"));
  }

  @Test void consentIdIsSingleUse() {
    mock.server().consent(ConsentMode.PROMPT);
    String html = Http.get(authorizeUrl("ora", "oauth/authorize", "ora-demo-client", REDIRECT))
        .body;
    assertEquals(302, submitConsent(html, "approve").code);
    Http.Result again = submitConsent(html, "approve");
    assertEquals(400, again.code);
    assertTrue(again.body.contains("This consent request is unknown, expired or already "
        + "answered. Start the authorization again."), again.body);
  }

  @Test void autoDenyModeRedirectsWithAccessDenied() {
    mock.server().consent(ConsentMode.AUTO_DENY);
    HttpUrl location = Http.get(authorizeUrl("orangelogic", "oauth2/authorize",
        "orangelogic-demo-client", REDIRECT)).location();
    assertEquals("access_denied", location.queryParameter("error"));
    assertEquals("xyz", location.queryParameter("state"));
  }

  @Test void unknownClientGetsHtmlErrorPageNotRedirect() {
    Http.Result result = Http.get(authorizeUrl("orgo", "oauth/authorize", "nobody", REDIRECT));
    assertEquals(400, result.code);
    assertNull(result.header("Location"));
    assertEquals("text/html; charset=utf-8", result.header("Content-Type"));
    assertTrue(result.body.contains("<p id=\"error\">Unknown client_id &quot;nobody&quot; for "
        + "Orgo. The demo client is orgo-demo-client.</p>"), result.body);
  }

  @Test void nonLoopbackRedirectForDemoClientGetsHtmlErrorPage() {
    Http.Result result = Http.get(authorizeUrl("ora", "oauth/authorize", "ora-demo-client",
        "https://evil.example/cb"));
    assertEquals(400, result.code);
    assertNull(result.header("Location"));
    assertTrue(result.body.contains("redirect_uri &quot;https://evil.example/cb&quot; is not "
        + "registered for client ora-demo-client. Demo clients accept http loopback URIs only"),
        result.body);
  }

  @Test void missingRedirectUriForDemoClientGetsHtmlErrorPage() {
    Http.Result result = Http.get(authorizeUrl("ora", "oauth/authorize", "ora-demo-client",
        null));
    assertEquals(400, result.code);
    assertTrue(result.body.contains("redirect_uri is missing."), result.body);
  }

  @Test void demoClientsAcceptAnyLoopbackHostPortAndPath() {
    for (String redirect : new String[] {"http://127.0.0.1:1/a", "http://localhost:65000/b/c",
        "http://[::1]:8080/", "http://127.0.0.1/x?keep=1"}) {
      HttpUrl location = Http.get(authorizeUrl("orgo", "oauth/authorize", "orgo-demo-client",
          redirect)).location();
      assertNotNull(location.queryParameter("code"), redirect);
      if (redirect.contains("keep")) assertEquals("1", location.queryParameter("keep"));
    }
  }

  @Test void wrongResponseTypeRedirectsWithUnsupportedResponseType() {
    HttpUrl url = authorizeUrl("ora", "oauth/authorize", "ora-demo-client", REDIRECT)
        .newBuilder().setQueryParameter("response_type", "token").build();
    HttpUrl location = Http.get(url).location();
    Http.assertRedirectError(location, "unsupported_response_type",
        "response_type must be code; got token");
    assertEquals("xyz", location.queryParameter("state"));
  }

  @Test void reusedCodeIsInvalidGrantAndRevokesItsTokens() {
    String code = Http.authorize(mock.server(), "orgo", "oauth/authorize", "orgo-demo-client",
        REDIRECT, "scope", "profile");
    HttpUrl token = Http.url(mock.server().baseUrl("orgo")).resolve("oauth/token");
    Http.Result first = Http.formBasic(token, "orgo-demo-client", "orgo-demo-secret",
        "grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT);
    assertEquals(200, first.code, first.body);
    HttpUrl userinfo = Http.url(mock.server().baseUrl("orgo")).resolve("oauth/userinfo");
    assertEquals(200, Http.get(userinfo, "Bearer " + first.string("access_token")).code);

    Http.Result second = Http.formBasic(token, "orgo-demo-client", "orgo-demo-secret",
        "grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT);
    assertError(second, 400, "invalid_grant", "the authorization code was already used; the "
        + "tokens issued from it are now revoked (RFC 6749 §4.1.2)");

    Http.Result api = Http.get(userinfo, "Bearer " + first.string("access_token"));
    assertEquals(401, api.code);
    assertEquals("the access token was revoked", api.string("error_description"));
    Http.Result refresh = Http.formBasic(token, "orgo-demo-client", "orgo-demo-secret",
        "grant_type", "refresh_token", "refresh_token", first.string("refresh_token"));
    assertError(refresh, 400, "invalid_grant", "the refresh token was revoked; authorize again");
  }

  @Test void codeExpiresAfterSixtySeconds() {
    String code = Http.authorize(mock.server(), "orgo", "oauth/authorize", "orgo-demo-client",
        REDIRECT);
    clock.advance(Duration.ofSeconds(60));
    Http.Result result = Http.formBasic(Http.url(mock.server().baseUrl("orgo")).resolve("oauth/token"),
        "orgo-demo-client", "orgo-demo-secret", "grant_type", "authorization_code",
        "code", code, "redirect_uri", REDIRECT);
    assertError(result, 400, "invalid_grant", "the authorization code expired; codes live 60 s, "
        + "start the authorization again");
  }

  @Test void codeIsBoundToItsClient() {
    mock.server().registerClient("orgo", "other-client", "other-secret",
        java.util.List.of(REDIRECT), null);
    String code = Http.authorize(mock.server(), "orgo", "oauth/authorize", "orgo-demo-client",
        REDIRECT);
    Http.Result result = Http.formBasic(Http.url(mock.server().baseUrl("orgo")).resolve("oauth/token"),
        "other-client", "other-secret", "grant_type", "authorization_code", "code", code,
        "redirect_uri", REDIRECT);
    assertError(result, 400, "invalid_grant",
        "the authorization code was issued to another client");
  }

  @Test void verifierWithoutChallengeIsRejected() {
    String code = Http.authorize(mock.server(), "orgo", "oauth/authorize", "orgo-demo-client",
        REDIRECT);
    Http.Result result = Http.formBasic(Http.url(mock.server().baseUrl("orgo")).resolve("oauth/token"),
        "orgo-demo-client", "orgo-demo-secret", "grant_type", "authorization_code",
        "code", code, "redirect_uri", REDIRECT,
        "code_verifier", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    assertError(result, 400, "invalid_grant", "code_verifier was sent but the authorization "
        + "request carried no code_challenge (RFC 9700 §2.1.1)");
  }

  @Test void optionalPkceWorksForOra() throws Exception {
    String verifier = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ";
    String code = Http.authorize(mock.server(), "ora", "oauth/authorize", "ora-demo-client",
        REDIRECT, "code_challenge", Http.s256(verifier), "code_challenge_method", "S256");
    Http.Result result = Http.json(Http.url(mock.server().baseUrl("ora")).resolve("oauth/token"),
        "{\"grant_type\":\"authorization_code\",\"code\":\"" + code + "\",\"client_id\":"
            + "\"ora-demo-client\",\"client_secret\":\"ora-demo-secret\",\"redirect_uri\":\""
            + REDIRECT + "\",\"code_verifier\":\"" + verifier + "\"}");
    assertEquals(200, result.code, result.body);
  }
}
