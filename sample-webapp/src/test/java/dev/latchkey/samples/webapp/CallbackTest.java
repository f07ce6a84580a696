package dev.latchkey.samples.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.mockserver.ConsentMode;
import dev.latchkey.mockserver.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The callback's paths, driven over HTTP against the app in-process and its embedded mock server
 * in AUTO_APPROVE or AUTO_DENY mode, with one manual clock for both.
 */
final class CallbackTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T09:00:00Z"));
  private final TestBrowser browser = new TestBrowser();
  private WebApp app;

  @BeforeEach
  void start() throws IOException {
    app = WebApp.start(Config.demo().withDemoConsent(ConsentMode.AUTO_APPROVE), 0, clock);
  }

  @AfterEach
  void stop() {
    app.close();
  }

  /** Starts signing in from the home page; returns the URL the provider redirected back to. */
  private String callbackUrl(TestBrowser browser, String provider) throws IOException {
    TestBrowser.Page home = browser.get(app.url());
    TestBrowser.Page signIn = browser.post(app.url() + "signin/" + provider,
        Map.of("csrf", TestBrowser.csrf(home)));
    assertEquals(303, signIn.status(), signIn.body());
    assertTrue(signIn.location().startsWith(app.mock().baseUrl(provider).toString()),
        signIn.location());
    TestBrowser.Page authorize = browser.get(signIn.location());
    assertEquals(302, authorize.status(), authorize.body());
    assertTrue(authorize.location().startsWith(app.url() + "callback/" + provider + "?"),
        authorize.location());
    return authorize.location();
  }

  private void signIn(TestBrowser browser, String provider) throws IOException {
    TestBrowser.Page callback = browser.get(callbackUrl(browser, provider));
    assertEquals(303, callback.status(), callback.body());
    assertEquals(app.url() + "profile", callback.location());
  }

  private static void assertFriendly(TestBrowser.Page page, int status, String... texts) {
    assertEquals(status, page.status(), page.body());
    for (String text : texts) {
      assertTrue(page.body().contains(text), "missing \"" + text + "\" in:\n" + page.body());
    }
    assertTrue(page.contentType().startsWith("text/html"), page.contentType());
    assertFalse(page.body().contains("Exception"), page.body());
    assertFalse(page.body().contains("dev.latchkey."), page.body());
    assertTrue(page.body().contains("Back to the home page"), page.body());
  }

  @Test
  void homeShowsTheThreeSignInButtons() throws IOException {
    TestBrowser.Page home = browser.get(app.url());
    assertEquals(200, home.status());
    assertEquals("text/html;charset=utf-8", home.contentType().toLowerCase().replace(" ", ""));
    assertTrue(home.body().contains(">Sign in with Ora</button>"), home.body());
    assertTrue(home.body().contains(">Sign in with Orgo</button>"), home.body());
    assertTrue(home.body().contains(">Sign in with Orange Logic</button>"), home.body());
  }

  @Test
  void goodCallbackSignsInAndShowsOrgoUserinfo() throws IOException {
    String callback = callbackUrl(browser, "orgo");
    HttpUrl url = HttpUrl.get(callback);
    assertNotNull(url.queryParameter("code"));

    TestBrowser.Page done = browser.get(callback);
    assertEquals(303, done.status(), done.body());
    TestBrowser.Page profile = browser.get(done.location());
    assertEquals(200, profile.status(), profile.body());
    assertTrue(profile.body().contains("Signed in with Orgo"), profile.body());
    assertTrue(profile.body().contains("<dd>Dana Demo</dd>"), profile.body());
    assertTrue(profile.body().contains("<dd>dana@example.test</dd>"), profile.body());
    assertTrue(profile.body().contains("<dd>engineering, demo</dd>"), profile.body());
    assertTrue(profile.body().contains("<dd>admin, user</dd>"), profile.body());
    assertTrue(profile.body().contains("Expires at <strong class=\"expires-at\">09:00:20 UTC"),
        profile.body());
    assertTrue(profile.body().contains("Not renewed yet"), profile.body());
    assertFalse(profile.body().contains(url.queryParameter("code")), "the code leaked");
  }

  @Test
  void oraProfileListsProjectsFromTheApi() throws IOException {
    signIn(browser, "ora");
    TestBrowser.Page profile = browser.get(app.url() + "profile");
    assertEquals(200, profile.status(), profile.body());
    assertTrue(profile.body().contains("<li>Apollo (prj-apollo)</li>"), profile.body());
    assertTrue(profile.body().contains("<li>Gemini (prj-gemini)</li>"), profile.body());
  }

  @Test
  void orangeLogicProfileShowsApiMe() throws IOException {
    signIn(browser, "orangelogic");
    TestBrowser.Page profile = browser.get(app.url() + "profile");
    assertEquals(200, profile.status(), profile.body());
    assertTrue(profile.body().contains("Signed in with Orange Logic"), profile.body());
    assertTrue(profile.body().contains("<dd>Dana Demo</dd>"), profile.body());
  }

  @Test
  void deniedConsentShowsCancelledPageThatOffersToTryAgain() throws IOException {
    app.mock().consent(ConsentMode.AUTO_DENY);
    String callback = callbackUrl(browser, "orgo");
    assertEquals("access_denied", HttpUrl.get(callback).queryParameter("error"));

    TestBrowser.Page denied = browser.get(callback);
    assertFriendly(denied, 403, "Sign-in cancelled", "You chose Deny on Orgo",
        "action=\"/signin/orgo\"", ">Try again</button>");
    assertEquals(302, browser.get(app.url() + "profile").status(), "not signed in");
  }

  @Test
  void tamperedStateIsRejectedWith400() throws IOException {
    HttpUrl callback = HttpUrl.get(callbackUrl(browser, "orgo"));
    String tampered = callback.newBuilder()
        .setQueryParameter("state", callback.queryParameter("state") + "x").build().toString();

    TestBrowser.Page page = browser.get(tampered);
    assertFriendly(page, 400, "Sign-in could not be verified",
        "does not match the sign-in this browser started");
    assertEquals(0, app.mock().tokenRequests("orgo"), "nothing went to the token endpoint");
    assertEquals(302, browser.get(app.url() + "profile").status(), "not signed in");
  }

  @Test
  void replayedCallbackIsRejectedAsAlreadyUsed() throws IOException {
    String callback = callbackUrl(browser, "orgo");
    assertEquals(303, browser.get(callback).status());

    TestBrowser.Page replay = browser.get(callback);
    assertFriendly(replay, 400, "Sign-in link already used", "was already used");
    assertEquals(1, app.mock().tokenRequests("orgo", "authorization_code"));
  }

  @Test
  void loginOlderThanTenMinutesExpires() throws IOException {
    String callback = callbackUrl(browser, "orgo");
    clock.advance(Duration.ofMinutes(11));

    TestBrowser.Page page = browser.get(callback);
    assertFriendly(page, 400, "Sign-in expired", "took too long (more than 10 minutes)",
        ">Try again</button>");
    assertEquals(0, app.mock().tokenRequests("orgo"));
  }

  @Test
  void callbackWithoutStateOrCodeIsRejected() throws IOException {
    HttpUrl callback = HttpUrl.get(callbackUrl(browser, "orgo"));
    TestBrowser.Page noState = browser.get(callback.newBuilder()
        .removeAllQueryParameters("state").build().toString());
    assertFriendly(noState, 400, "has no state parameter");

    TestBrowser.Page noCode = browser.get(callback.newBuilder()
        .removeAllQueryParameters("code").build().toString());
    assertFriendly(noCode, 400, "neither an authorization code nor an error");
  }

  @Test
  void callbackInABrowserThatStartedNoSignInIsRejected() throws IOException {
    String callback = callbackUrl(browser, "orgo");
    TestBrowser other = new TestBrowser();

    TestBrowser.Page page = other.get(callback);
    assertFriendly(page, 400, "No sign-in in progress");
  }

  @Test
  void callbackForAnotherProviderIsRejected() throws IOException {
    HttpUrl callback = HttpUrl.get(callbackUrl(browser, "orgo"));
    String wrong = callback.newBuilder().encodedPath("/callback/ora").build().toString();

    assertFriendly(browser.get(wrong), 400, "the sign-in this browser started was with Orgo");
  }

  @Test
  void signInWithoutTheFormsCsrfTokenIsRefused() throws IOException {
    browser.get(app.url());
    TestBrowser.Page page = browser.post(app.url() + "signin/orgo", Map.of("csrf", "forged"));
    assertFriendly(page, 403, "This form has expired");
    assertNull(page.location());
  }

  @Test
  void signingInRenewsTheCsrfToken() throws IOException {
    TestBrowser.Page home = browser.get(app.url());
    String before = TestBrowser.csrf(home);
    TestBrowser.Page signIn = browser.post(app.url() + "signin/orgo", Map.of("csrf", before));
    TestBrowser.Page done = browser.get(browser.get(signIn.location()).location());
    assertEquals(303, done.status(), done.body());

    String after = TestBrowser.csrf(browser.get(app.url() + "profile"));
    assertFalse(before.equals(after), "a new CSRF token after sign-in");
    assertEquals(403, browser.post(app.url() + "signout", Map.of("csrf", before)).status());
  }

  @Test
  void signOutChecksCsrfThenEndsTheSession() throws IOException {
    signIn(browser, "orgo");
    TestBrowser.Page profile = browser.get(app.url() + "profile");

    assertFriendly(browser.post(app.url() + "signout", Map.of("csrf", "forged")), 403,
        "This form has expired");
    assertEquals(200, browser.get(app.url() + "profile").status(), "still signed in");

    TestBrowser.Page out = browser.post(app.url() + "signout",
        Map.of("csrf", TestBrowser.csrf(profile)));
    assertEquals(303, out.status(), out.body());
    TestBrowser.Page home = browser.get(out.location());
    assertTrue(home.body().contains("You have signed out."), home.body());
    TestBrowser.Page after = browser.get(app.url() + "profile");
    assertEquals(302, after.status());
    assertEquals(app.url(), after.location());
  }

  @Test
  void expiredTokenIsRenewedAndThePageSaysSo() throws IOException {
    signIn(browser, "orgo");
    clock.advance(Duration.ofSeconds(25));

    TestBrowser.Page profile = browser.get(app.url() + "profile");
    assertEquals(200, profile.status(), profile.body());
    assertTrue(profile.body().contains("Renewed by the SDK at <strong class=\"renewed-at\">"
        + "09:00:25 UTC</strong> (1 renewal so far)"), profile.body());
    assertTrue(profile.body().contains("09:00:45 UTC"), profile.body());
    assertEquals(1, app.mock().tokenRequests("orgo", "refresh_token"));
  }

  @Test
  void usersSignedInAtOnceKeepTheirOwnTokens() throws IOException {
    TestBrowser other = new TestBrowser();
    signIn(browser, "orgo");
    signIn(other, "ora");

    assertTrue(browser.get(app.url() + "profile").body().contains("Signed in with Orgo"));
    assertTrue(other.get(app.url() + "profile").body().contains("Signed in with Ora"));
    TestBrowser.Page profile = browser.get(app.url() + "profile");
    browser.post(app.url() + "signout", Map.of("csrf", TestBrowser.csrf(profile)));
    assertEquals(302, browser.get(app.url() + "profile").status());
    assertEquals(200, other.get(app.url() + "profile").status(), "the other user stays in");
  }

  @Test
  void unknownProviderAndPathGetNotFoundPages() throws IOException {
    assertFriendly(browser.get(app.url() + "callback/nope?code=a&state=b"), 404,
        "Page not found");
    assertFriendly(browser.get(app.url() + "no/such/page"), 404, "Page not found");
  }
}
