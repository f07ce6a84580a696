package dev.latchkey.samples.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The standard provider with OpenID Connect: the sign-in carries a nonce, the ID token is
 * validated, the profile shows its claims, and signing out goes through the provider's
 * end-session endpoint.
 */
final class OpenIdConnectTest {
  private final TestBrowser browser = new TestBrowser();
  private OidcProviderStub provider;
  private WebApp app;

  @BeforeEach
  void start() throws Exception {
    provider = new OidcProviderStub();
    app = WebApp.start(Config.load(Map.of("LATCHKEY_STANDARD_BASE_URL", provider.issuer(),
        "LATCHKEY_STANDARD_CLIENT_ID", "web-client",
        "LATCHKEY_STANDARD_CLIENT_SECRET", "web-secret"), null), 0, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    app.close();
    provider.close();
  }

  private TestBrowser.Page signIn() throws IOException {
    TestBrowser.Page home = browser.get(app.url());
    assertTrue(home.body().contains(">Sign in with OpenID Connect</button>"), home.body());
    TestBrowser.Page signIn = browser.post(app.url() + "signin/standard",
        Map.of("csrf", TestBrowser.csrf(home)));
    HttpUrl authorize = HttpUrl.get(signIn.location());
    assertEquals("openid profile email", authorize.queryParameter("scope"));
    assertEquals(43, authorize.queryParameter("nonce").length());
    return browser.get(browser.get(signIn.location()).location());
  }

  @Test
  void signInValidatesTheIdTokenAndSignOutEndsTheProvidersSession() throws IOException {
    TestBrowser.Page callback = signIn();
    assertEquals(303, callback.status(), callback.body());

    TestBrowser.Page profile = browser.get(app.url() + "profile");
    assertEquals(200, profile.status(), profile.body());
    assertTrue(profile.body().contains("OpenID Connect (ID token validated)"), profile.body());
    assertTrue(profile.body().contains("alice@example.com"), profile.body());
    assertTrue(profile.body().contains("Alice Example"), profile.body());

    TestBrowser.Page out = browser.post(app.url() + "signout",
        Map.of("csrf", TestBrowser.csrf(profile)));
    HttpUrl logout = HttpUrl.get(out.location());
    assertEquals(provider.issuer() + "/logout", logout.newBuilder().query(null).build()
        .toString());
    assertEquals("web-client", logout.queryParameter("client_id"));
    assertEquals(3, logout.queryParameter("id_token_hint").split("\\.").length);
    assertEquals(app.url() + "?signedOut=provider",
        logout.queryParameter("post_logout_redirect_uri"));
  }

  @Test
  void anIdTokenForAnotherLoginIsRefused() throws IOException {
    provider.wrongNonce = true;
    TestBrowser.Page callback = signIn();
    assertEquals(400, callback.status(), callback.body());
    assertTrue(callback.body().contains("nonce"), callback.body());
    // Nothing was kept: the profile page still asks to sign in.
    assertEquals(app.url(), browser.get(app.url() + "profile").location());
  }
}
