package dev.latchkey.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class MainTest {
  static Process java(List<String> command, String... args) throws IOException {
    List<String> full = new ArrayList<>(command);
    full.addAll(List.of(args));
    return new ProcessBuilder(full).redirectErrorStream(true).start();
  }

  static List<String> classpathCommand() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return List.of(java, "-cp", System.getProperty("java.class.path"),
        "dev.latchkey.mockserver.Main");
  }

  /** Reads the printed endpoints, then gets a token from one of them. */
  static void assertServesPrintedEndpoints(List<String> command) throws Exception {
    Process process = java(command, "--port", "0", "--token-lifetime", "onna=30");
    try {
      List<String> lines = ProcessOutput.linesUntil(process, "Press Ctrl-C to stop.");
      String first = lines.get(0);
      assertTrue(first.startsWith("Latchkey mock server listening on http://127.0.0.1:"),
          String.join("\n", lines));
      assertTrue(lines.contains("Consent mode: prompt"), String.join("\n", lines));
      assertTrue(lines.contains("  client_secret ora-demo-secret"), String.join("\n", lines));
      assertTrue(lines.contains("  client_id     standard-public-client  (public: no secret, "
          + "PKCE S256 required)"), String.join("\n", lines));
      String onnaToken = null;
      for (String line : lines) {
        if (line.startsWith("  token ") && line.endsWith("/onna/v1/oauth/token")) {
          onnaToken = line.substring(line.indexOf("http"));
        }
      }
      Http.Result token = Http.form(HttpUrl.get(onnaToken), "grant_type", "client_credentials",
          "client_id", "onna-demo-client", "client_secret", "onna-demo-secret");
      assertEquals(200, token.code, token.body);
      assertEquals(30.0, token.json().get("expires_in"));
    } finally {
      process.destroy();
      assertTrue(process.waitFor(20, TimeUnit.SECONDS));
    }
  }

  @Test void mainPrintsEndpointsAndDemoCredentialsAndServesThem() throws Exception {
    assertServesPrintedEndpoints(classpathCommand());
  }

  @Test void mainHelpListsOptionsAndExitsZero() throws Exception {
    Process process = java(classpathCommand(), "--help");
    List<String> lines;
    try {
      lines = ProcessOutput.linesUntil(process, "Providers:");
      assertTrue(process.waitFor(20, TimeUnit.SECONDS));
    } finally {
      process.destroyForcibly();
    }
    assertEquals(0, process.exitValue());
    assertEquals("Usage: java -jar latchkey-mock-server.jar [options]", lines.get(0));
    String help = String.join("\n", lines);
    for (String option : List.of("--port N", "--consent MODE", "--token-lifetime",
        "--refresh-token-lifetime", "--rotate-refresh-tokens", "--code-lifetime", "--help")) {
      assertTrue(help.contains(option), option);
    }
  }

  @Test void parseAppliesOptions() {
    MockAuthServer server = Main.parse(new String[] {"--port=0", "--consent", "auto-approve",
        "--token-lifetime", "120", "--token-lifetime", "onna=30",
        "--rotate-refresh-tokens", "false", "--refresh-token-lifetime", "orgo=600"}).build();
    assertEquals(ConsentMode.AUTO_APPROVE, server.consent());
    assertEquals(Duration.ofSeconds(30), server.tokenLifetime("onna"));
    assertEquals(Duration.ofSeconds(120), server.tokenLifetime("ora"));
  }

  @Test void parseDefaultsToPromptConsentAndReturnsNullForHelp() {
    assertEquals(ConsentMode.PROMPT, Main.parse(new String[0]).build().consent());
    assertNull(Main.parse(new String[] {"--help"}));
  }

  @Test void parseRejectsBadValuesWithMessage() {
    assertEquals("--port takes a number; got \"abc\"", assertThrows(
        IllegalArgumentException.class, () -> Main.parse(new String[] {"--port", "abc"}))
        .getMessage());
    assertEquals("unknown option --verbose; see --help", assertThrows(
        IllegalArgumentException.class, () -> Main.parse(new String[] {"--verbose"}))
        .getMessage());
    assertEquals("unknown provider \"github\"; use one of ora, orangelogic, orgapi, orgo, onna,"
        + " standard", assertThrows(IllegalArgumentException.class,
        () -> Main.parse(new String[] {"--token-lifetime", "github=5"})).getMessage());
    assertEquals("--port needs a value", assertThrows(IllegalArgumentException.class,
        () -> Main.parse(new String[] {"--port"})).getMessage());
  }
}
