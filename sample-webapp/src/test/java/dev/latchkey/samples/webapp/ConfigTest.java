package dev.latchkey.samples.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.mockserver.ConsentMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ConfigTest {
  @Test
  void noClientIdMeansDemoModeWithAConsentPage() throws IOException {
    Config config = Config.load(Map.of("PATH", "/usr/bin"), null);
    assertTrue(config.isDemo());
    assertEquals(ConsentMode.PROMPT, config.demoConsent());
    assertEquals(Duration.ofSeconds(20), config.demoTokenLifetime());
    assertNull(config.publicUrl());
  }

  @Test
  void readsRegistrationsFromTheEnvironment() throws IOException {
    Config config = Config.load(Map.of(
        "LATCHKEY_ORGO_BASE_URL", "https://orgo.example.com",
        "LATCHKEY_ORGO_CLIENT_ID", "my-app",
        "LATCHKEY_ORGO_CLIENT_SECRET", "s3cret",
        "LATCHKEY_ONNA_CLIENT_ID", "onna-app",
        "LATCHKEY_ORGAPI_CLIENT_AUTH", "query",
        "LATCHKEY_PUBLIC_URL", "https://app.example.com"), null);

    assertFalse(config.isDemo());
    assertEquals(new Config.Registration("https://orgo.example.com", "my-app", "s3cret"),
        config.registration(ProviderId.ORGO));
    assertEquals("https://api.onna.com/", config.registration(ProviderId.ONNA).baseUrl());
    assertNull(config.registration(ProviderId.ORA));
    assertEquals(Config.OrgApiAuth.QUERY, config.orgApiAuth());
    assertEquals("https://app.example.com/", config.publicUrl());
    assertFalse(config.toString().contains("s3cret"), config.toString());
    assertTrue(config.toString().contains("clientSecret=present"), config.toString());
  }

  @Test
  void theEnvironmentWinsOverTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("latchkey.properties");
    Files.writeString(file, "LATCHKEY_ORA_BASE_URL=https://ora.example.com/\n"
        + "LATCHKEY_ORA_CLIENT_ID=from-file\nLATCHKEY_ORA_CLIENT_SECRET=file-secret\n");

    Config config = Config.load(Map.of("LATCHKEY_ORA_CLIENT_ID", "from-env"), file);
    assertEquals(new Config.Registration("https://ora.example.com/", "from-env", "file-secret"),
        config.registration(ProviderId.ORA));
  }

  @Test
  void clientIdWithoutBaseUrlIsRefusedWithTheFix() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Config.load(Map.of("LATCHKEY_ORA_CLIENT_ID", "x"), null));
    assertEquals("LATCHKEY_ORA_CLIENT_ID is set but LATCHKEY_ORA_BASE_URL is not; set it to the"
        + " provider's base URL, such as https://ora.example.com/", e.getMessage());
  }

  @Test
  void badClientAuthIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Config.load(Map.of("LATCHKEY_ORGAPI_CLIENT_AUTH", "header"), null));
    assertEquals("LATCHKEY_ORGAPI_CLIENT_AUTH must be basic or query: \"header\"",
        e.getMessage());
  }
}
