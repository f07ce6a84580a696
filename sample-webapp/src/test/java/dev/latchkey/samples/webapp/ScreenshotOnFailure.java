package dev.latchkey.samples.webapp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/**
 * Saves a screenshot and the page source to {@code target/screenshots/} when a browser test
 * fails. It runs before {@code @AfterEach}, while the browser is still open.
 */
final class ScreenshotOnFailure implements TestExecutionExceptionHandler {
  static final Path DIRECTORY = Path.of("target", "screenshots");

  private final Supplier<WebDriver> driver;

  ScreenshotOnFailure(Supplier<WebDriver> driver) {
    this.driver = driver;
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    WebDriver current = driver.get();
    if (current instanceof TakesScreenshot camera) {
      String name = context.getRequiredTestClass().getSimpleName() + "-"
          + context.getRequiredTestMethod().getName();
      try {
        Files.createDirectories(DIRECTORY);
        Path png = DIRECTORY.resolve(name + ".png");
        Files.write(png, camera.getScreenshotAs(OutputType.BYTES));
        Files.writeString(DIRECTORY.resolve(name + ".html"), current.getPageSource());
        failure.addSuppressed(new Exception("Screenshot of the failure: " + png.toAbsolutePath()
            + " (at " + current.getCurrentUrl() + ")"));
      } catch (IOException | RuntimeException e) {
        failure.addSuppressed(e);
      }
    }
    throw failure;
  }
}
