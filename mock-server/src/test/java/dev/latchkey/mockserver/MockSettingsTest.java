package dev.latchkey.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One settings handle before start and while running; a reset goes back to the built ones. */
class MockSettingsTest {
  private static final MockProvider ACME = MockProvider.builder("acme")
      .accessTokenLifetime(Duration.ofMinutes(2)).rotatesRefreshTokens(false).build();

  @Test void perProviderBeatsServerWideBeatsTheProvidersDefault() {
    MockAuthServer.Builder builder = MockAuthServer.builder().provider(ACME);
    MockAuthServer server = builder.build();
    assertEquals(Duration.ofMinutes(2), server.settings(ACME).accessTokenLifetime());
    server.settings().accessTokenLifetime(Duration.ofSeconds(50));
    assertEquals(Duration.ofSeconds(50), server.settings(ACME).accessTokenLifetime());
    server.settings(ACME).accessTokenLifetime(Duration.ofSeconds(10));
    assertEquals(Duration.ofSeconds(10), server.settings(ACME).accessTokenLifetime());
    assertEquals(Duration.ofSeconds(50), server.tokenLifetime("ora"));
    assertFalse(server.settings(ACME).rotatesRefreshTokens());
    assertTrue(server.settings(MockProvider.ORA).rotatesRefreshTokens());
  }

  @Test void resetRestoresWhatTheBuilderSetAndForgetsLaterProviders() {
    MockAuthServer.Builder builder = MockAuthServer.builder();
    builder.settings().consent(ConsentMode.PROMPT).provider(MockProvider.ONNA)
        .accessTokenLifetime(Duration.ofSeconds(30));
    MockAuthServer server = builder.build();
    server.consent(ConsentMode.AUTO_DENY);
    server.tokenLifetime("onna", Duration.ofSeconds(99));
    server.register(ACME);
    assertEquals("acme-demo-client", server.demoClient(ACME).clientId());
    server.reset();
    assertEquals(ConsentMode.PROMPT, server.consent());
    assertEquals(Duration.ofSeconds(30), server.settings(MockProvider.ONNA).accessTokenLifetime());
    assertThrows(IllegalArgumentException.class, () -> server.settings(ACME));
  }

  @Test void theBuilderIsIndependentOfTheServerItBuilt() {
    MockAuthServer.Builder builder = MockAuthServer.builder();
    MockAuthServer server = builder.build();
    builder.settings().consent(ConsentMode.AUTO_DENY);
    assertEquals(ConsentMode.AUTO_APPROVE, server.consent());
  }

  @Test void providersNotHostedAndTakenPrefixesAreRefused() {
    MockAuthServer server = MockAuthServer.builder().build();
    IllegalArgumentException notHosted = assertThrows(IllegalArgumentException.class,
        () -> server.settings(ACME));
    assertEquals("this server does not host acme; register it with MockAuthServer.Builder."
        + "provider or MockAuthServer.register first", notHosted.getMessage());
    IllegalArgumentException taken = assertThrows(IllegalArgumentException.class,
        () -> server.register(MockProvider.ORA.newBuilder().tokenType("bearer").build()));
    assertEquals("a provider with prefix ora is already hosted", taken.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> MockAuthServer.builder().provider(MockProvider.ONNA));
    assertThrows(IllegalArgumentException.class,
        () -> MockAuthServer.builder().settings().provider(ACME));
  }
}
