package dev.latchkey.samples.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.mockserver.ConsentMode;
import dev.latchkey.mockserver.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The application panel: client_credentials tokens, re-acquired after expiry. */
final class AppPanelTest {
  private static final Pattern ACQUISITIONS = Pattern.compile(
      "id=\"(\\w+)-token\">.*?class=\"acquisitions\">(\\d+)<", Pattern.DOTALL);

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

  private static String acquisitions(String body, String provider) {
    Matcher m = ACQUISITIONS.matcher(body);
    while (m.find()) {
      if (m.group(1).equals(provider)) {
        return m.group(2);
      }
    }
    throw new AssertionError("no token panel for " + provider + " in:\n" + body);
  }

  @Test
  void panelCallsTheOrganizationApiAndShowsBothTokens() throws IOException {
    TestBrowser.Page panel = browser.get(app.url() + "app");
    assertEquals(200, panel.status(), panel.body());
    assertTrue(panel.body().contains("Organization: <strong>Demo Organization</strong> (org-42)"),
        panel.body());
    assertEquals("1", acquisitions(panel.body(), "orgapi"));
    assertEquals("1", acquisitions(panel.body(), "onna"));
    assertTrue(panel.body().contains("Expires at <strong class=\"expires-at\">09:00:20 UTC"),
        panel.body());
  }

  @Test
  void tokensAreAcquiredAgainAfterTheyExpire() throws IOException {
    browser.get(app.url() + "app");
    clock.advance(Duration.ofSeconds(21));

    TestBrowser.Page panel = browser.get(app.url() + "app");
    assertEquals("2", acquisitions(panel.body(), "orgapi"));
    assertEquals("2", acquisitions(panel.body(), "onna"));
    assertTrue(panel.body().contains("(1 renewal so far)"), panel.body());
    assertEquals(2, app.mock().tokenRequests("onna", "client_credentials"),
        "Onna cannot refresh: a new client_credentials token");
    assertEquals(1, app.mock().tokenRequests("orgapi", "refresh_token"));
  }

  @Test
  void createsAnOnnaWorkspaceWithTheAppsToken() throws IOException {
    TestBrowser.Page panel = browser.get(app.url() + "app");
    TestBrowser.Page created = browser.post(app.url() + "app/onna/workspaces",
        Map.of("csrf", TestBrowser.csrf(panel)));
    assertEquals(303, created.status(), created.body());

    TestBrowser.Page after = browser.get(created.location());
    assertTrue(after.body().contains("Created workspace &quot;Latchkey sample workspace&quot;"),
        after.body());
    TestBrowser.Page again = browser.get(app.url() + "app");
    assertTrue(again.body().contains("No workspace created yet."), "the notice shows once");
  }
}
