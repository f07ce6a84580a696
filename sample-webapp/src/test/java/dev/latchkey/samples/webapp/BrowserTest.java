package dev.latchkey.samples.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.latchkey.mockserver.ManualClock;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The whole sample in a real browser: headless Chromium from Debian's packages, driven by
 * Selenium, against the app with its embedded mock server in PROMPT consent mode. The app and the
 * mock server share a manual clock, so "20 seconds later" is a call, not a wait.
 *
 * <p>Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} ({@code .ci/install-deps}
 * installs them). Without them it fails in CI ({@code CI=true}, or
 * {@code -Dlatchkey.requireServices=true}) and is skipped, with that message, elsewhere;
 * {@code -Dlatchkey.skipBrowserTests=true} always skips it.
 */
final class BrowserTest {
  private static final File CHROMIUM = new File("/usr/bin/chromium");
  private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
  private static final Duration PAGE_LOAD = Duration.ofSeconds(15);

  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T09:00:00Z"));
  private WebApp app;
  private Path profileDir;
  private ChromeDriverService service;
  private WebDriver driver;
  private WebDriverWait wait;

  @RegisterExtension
  final ScreenshotOnFailure screenshots = new ScreenshotOnFailure(() -> driver);

  @BeforeEach
  void start() throws IOException {
    Assumptions.assumeFalse(Boolean.getBoolean("latchkey.skipBrowserTests"),
        "browser tests skipped: -Dlatchkey.skipBrowserTests=true");
    if (!CHROMIUM.canExecute() || !CHROMEDRIVER.canExecute()) {
      String missing = "The browser test needs " + CHROMIUM + " and " + CHROMEDRIVER + " (Debian"
          + " packages chromium and chromium-driver). Run .ci/install-deps as root to install"
          + " them, or pass -Dlatchkey.skipBrowserTests=true to skip this test.";
      // CI must never pass by skipping; a developer's bare machine may.
      if ("true".equals(System.getenv("CI")) || Boolean.getBoolean("latchkey.requireServices")) {
        fail(missing);
      }
      Assumptions.abort(missing);
    }
    // Selenium Manager must not look for (or download) a browser or driver.
    System.setProperty("SE_OFFLINE", "true");
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.getPath());

    app = WebApp.start(Config.demo(), 0, clock); // PROMPT consent: the mock's own page.
    profileDir = Files.createTempDirectory("latchkey-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--window-size=1100,900", "--user-data-dir=" + profileDir.toAbsolutePath());
    service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER)
        .usingAnyFreePort()
        .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(PAGE_LOAD);
    wait = new WebDriverWait(driver, PAGE_LOAD);
  }

  @AfterEach
  void stop() throws IOException {
    if (driver != null) {
      driver.quit();
    }
    if (service != null) {
      service.stop();
    }
    if (app != null) {
      app.close();
    }
    if (profileDir != null) {
      try (Stream<Path> files = Files.walk(profileDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private WebElement button(String label) {
    return wait.until(ExpectedConditions.elementToBeClickable(
        By.xpath("//button[normalize-space()='" + label + "']")));
  }

  private String heading() {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.tagName("h1"))).getText();
  }

  /** Clicks {@code label} and waits for the page it leads to: the old page goes stale. */
  private void clickAndWait(String label) {
    WebElement button = button(label);
    WebElement html = driver.findElement(By.tagName("html"));
    button.click();
    wait.until(ExpectedConditions.stalenessOf(html));
  }

  private void waitForHeading(String text) {
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), text));
  }

  @Test
  void signInApproveRenewSignOutThenDeny() {
    driver.get(app.url());
    waitForHeading("Sign in");
    assertEquals("Sign in with Ora", button("Sign in with Ora").getText());
    assertEquals("Sign in with Orange Logic", button("Sign in with Orange Logic").getText());

    // Sign in with Orgo and approve on the mock server's consent page.
    clickAndWait("Sign in with Orgo");
    waitForHeading("Orgo (Latchkey mock)");
    clickAndWait("Approve");
    waitForHeading("Signed in with Orgo");
    String profile = driver.findElement(By.id("profile")).getText();
    assertTrue(profile.contains("Dana Demo"), profile);
    assertTrue(profile.contains("dana@example.test"), profile);
    assertTrue(profile.contains("engineering, demo"), profile);
    assertTrue(profile.contains("admin, user"), profile);
    String expiry = driver.findElement(By.cssSelector("#orgo-token .expires-at")).getText();
    assertEquals("09:00:20 UTC", expiry);
    assertTrue(driver.findElement(By.cssSelector("#orgo-token .renewal")).getText()
        .startsWith("Not renewed yet"));
    wait.until(ExpectedConditions.textMatches(By.cssSelector("#orgo-token .countdown"),
        java.util.regex.Pattern.compile("\\d+ s")));

    // Past the token's lifetime the page still loads, with a token the SDK renewed.
    clock.advance(Duration.ofSeconds(25));
    WebElement old = driver.findElement(By.tagName("html"));
    driver.navigate().refresh();
    wait.until(ExpectedConditions.stalenessOf(old));
    waitForHeading("Signed in with Orgo");
    String renewal = driver.findElement(By.cssSelector("#orgo-token .renewal")).getText();
    assertEquals("Renewed by the SDK at 09:00:25 UTC (1 renewal so far).", renewal);
    String renewedExpiry = driver.findElement(By.cssSelector("#orgo-token .expires-at"))
        .getText();
    assertNotEquals(expiry, renewedExpiry);
    assertEquals("09:00:45 UTC", renewedExpiry);
    assertTrue(driver.findElement(By.id("profile")).getText().contains("Dana Demo"));

    // Sign out.
    clickAndWait("Sign out");
    waitForHeading("Sign in");
    assertTrue(driver.findElement(By.className("notice")).getText()
        .startsWith("You have signed out."));

    // Sign in again, and deny this time.
    clickAndWait("Sign in with Orgo");
    waitForHeading("Orgo (Latchkey mock)");
    clickAndWait("Deny");
    waitForHeading("Sign-in cancelled");
    String page = driver.findElement(By.tagName("main")).getText();
    assertTrue(page.contains("You chose Deny on Orgo's consent page"), page);
    assertTrue(button("Try again").isDisplayed());
  }
}
