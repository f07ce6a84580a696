package dev.latchkey.samples.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * docs/troubleshooting.md quotes the CLI's own messages, as it quotes the SDK's: a test that
 * provokes one checks that the page still quotes it exactly.
 */
final class TroubleshootingPage {
  private TroubleshootingPage() {
  }

  /**
   * Asserts that the page quotes the {@code latchkey-cli:} line of {@code err} that contains
   * {@code start}, with loopback server origins written {@code http://…}.
   */
  static void assertQuotes(String err, String start) {
    String line = err.lines().filter(l -> l.contains(start)).findFirst()
        .orElseThrow(() -> new AssertionError("no line with \"" + start + "\" in\n" + err));
    String quoted = line.replaceAll("http://127\\.0\\.0\\.1:\\d+", "http://…");
    assertTrue(page().contains(quoted),
        "docs/troubleshooting.md should quote the CLI's message exactly:\n" + quoted);
  }

  private static String page() {
    // Surefire runs in the module directory; the docs are at the repository root.
    Path page = Paths.get("").toAbsolutePath().getParent().resolve("docs/troubleshooting.md");
    try {
      return new String(Files.readAllBytes(page), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
