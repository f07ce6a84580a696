package dev.latchkey.samples.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.mockserver.ConsentMode;
import dev.latchkey.mockserver.Fault;
import dev.latchkey.mockserver.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a person sees when the provider fails or a sign-in ends, over HTTP. */
final class FailurePagesTest {
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

  private TestBrowser.Page callback(String provider) throws IOException {
    TestBrowser.Page home = browser.get(app.url());
    TestBrowser.Page signIn = browser.post(app.url() + "signin/" + provider,
        Map.of("csrf", TestBrowser.csrf(home)));
    return browser.get(browser.get(signIn.location()).location());
  }

  private static void assertPage(TestBrowser.Page page, int status, String... texts) {
    assertEquals(status, page.status(), page.body());
    for (String text : texts) {
      assertTrue(page.body().contains(text), "missing \"" + text + "\" in:\n" + page.body());
    }
    assertFalse(page.body().contains("Exception"), page.body());
    assertFalse(page.body().contains("orgo-demo-secret"), page.body());
  }

  @Test
  void tokenEndpointOutageDuringTheCallbackShowsAProviderErrorPage() throws IOException {
    app.mock().enqueueFault(Fault.unavailable().forProvider("orgo"));

    assertPage(callback("orgo"), 502, "The provider could not be used",
        "Orgo refused to issue a token (HTTP 503).", ">Try again</button>");
  }

  @Test
  void unreadableTokenResponseShowsAProviderErrorPage() throws IOException {
    app.mock().enqueueFault(Fault.truncatedJson().forProvider("orgo"));

    assertPage(callback("orgo"), 502, "Orgo sent an answer the app could not read");
  }

  @Test
  void unreachableTokenEndpointShowsAProviderErrorPage() throws IOException {
    app.mock().enqueueFault(Fault.disconnect().forProvider("orgo"));

    assertPage(callback("orgo"), 502, "Orgo did not answer as expected.");
  }

  @Test
  void rejectedRefreshTokenAsksToSignInAgain() throws IOException {
    assertEquals(303, callback("orgo").status());
    app.mock().expireAllTokens(); // The refresh token too.
    clock.advance(Duration.ofSeconds(25));

    assertPage(browser.get(app.url() + "profile"), 401, "Please sign in again",
        "Your sign-in with Orgo has ended", "action=\"/signin/orgo\"", ">Try again</button>");
    TestBrowser.Page after = browser.get(app.url() + "profile");
    assertEquals(302, after.status(), "signed out");
  }
}
