package dev.latchkey.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class MainTest {
  /** {@return the {@code java} arguments that run Main from the test classpath} */
  static List<String> classpathArgs() {
    return List.of("-cp", System.getProperty("java.class.path"), "dev.latchkey.mockserver.Main");
  }

  static List<String> with(List<String> args, String... more) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(more));
    return all;
  }

  /** Reads the printed endpoints, then gets a token from one of them. */
  static void assertServesPrintedEndpoints(List<String> args) throws Exception {
    Process process = ChildJvm.start(with(args, "--port", "0", "--token-lifetime", "onna=30"));
    try {
      List<String> lines = ChildJvm.linesUntil(process, "Press Ctrl-C to stop.");
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
    assertServesPrintedEndpoints(classpathArgs());
  }

  @Test void mainHelpListsOptionsAndExitsZero() throws Exception {
    String help = ChildJvm.run(with(classpathArgs(), "--help"));
    List<String> lines = help.lines().collect(Collectors.toList());
    assertEquals("Usage: java -jar latchkey-mock-server.jar [options]", lines.get(0));
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
