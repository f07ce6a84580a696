package dev.latchkey.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A misconfigured client fails the start-up with the property's name, and no secret. */
final class MisconfigurationTest {
  private static final String SECRET = "s3cr3t-never-shown";
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(LatchkeyAutoConfiguration.class));

  private LatchkeyConfigurationException startupFailure(String... properties) {
    LatchkeyConfigurationException[] failure = new LatchkeyConfigurationException[1];
    runner.withPropertyValues(properties).run(context -> {
      Throwable t = context.getStartupFailure();
      assertNotNull(t, "the context started");
      while (!(t instanceof LatchkeyConfigurationException) && t.getCause() != null) {
        t = t.getCause();
      }
      failure[0] = assertInstanceOf(LatchkeyConfigurationException.class, t);
    });
    assertFalse(failure[0].getMessage().contains(SECRET), failure[0].getMessage());
    FailureAnalysis analysis = new LatchkeyFailureAnalyzer().analyze(failure[0]);
    assertTrue(analysis.getDescription().contains(failure[0].property()),
        analysis.getDescription());
    return failure[0];
  }

  @Test
  void unknownProviderNamesTheProperty() {
    LatchkeyConfigurationException e = startupFailure(
        "latchkey.clients.orders.provider=oracle",
        "latchkey.clients.orders.client-id=id",
        "latchkey.clients.orders.client-secret=" + SECRET);
    assertEquals("latchkey.clients.orders.provider", e.property());
    assertEquals("latchkey.clients.orders.provider: unknown provider \"oracle\"", e.getMessage());
    assertTrue(e.action().contains("ora, orangelogic, orgapi-basic, orgapi-query, orgo, onna"),
        e.action());
  }

  @Test
  void missingSecretNamesTheProperty() {
    LatchkeyConfigurationException e = startupFailure(
        "latchkey.clients.orders.provider=onna",
        "latchkey.clients.orders.client-id=id");
    assertEquals("latchkey.clients.orders.client-secret", e.property());
    assertEquals("latchkey.clients.orders.client-secret: is missing", e.getMessage());
  }

  @Test
  void plainHttpToARemoteHostNamesTheProperty() {
    LatchkeyConfigurationException e = startupFailure(
        "latchkey.clients.orders.provider=ora",
        "latchkey.clients.orders.base-url=http://ora.example.com/",
        "latchkey.clients.orders.client-id=id",
        "latchkey.clients.orders.client-secret=" + SECRET);
    assertEquals("latchkey.clients.orders.base-url", e.property());
    assertTrue(e.getMessage().startsWith("latchkey.clients.orders.base-url: "), e.getMessage());
    assertTrue(e.getMessage().contains("loopback"), e.getMessage());
  }

  @Test
  void plainHttpTokenUriOfAStandardProviderNamesTheProperty() {
    LatchkeyConfigurationException e = startupFailure(
        "latchkey.clients.id.provider=standard",
        "latchkey.clients.id.token-uri=http://id.example.com/token",
        "latchkey.clients.id.client-id=id",
        "latchkey.clients.id.client-secret=" + SECRET);
    assertEquals("latchkey.clients.id.token-uri", e.property());
  }

  @Test
  void missingClientIdAndBaseUrlNameTheirProperties() {
    assertEquals("latchkey.clients.orders.client-id", startupFailure(
        "latchkey.clients.orders.provider=onna",
        "latchkey.clients.orders.client-secret=" + SECRET).property());
    assertEquals("latchkey.clients.orders.base-url", startupFailure(
        "latchkey.clients.orders.provider=orgo",
        "latchkey.clients.orders.client-id=id",
        "latchkey.clients.orders.client-secret=" + SECRET).property());
  }

  @Test
  void badTuningValueNamesTheProperty() {
    assertEquals("latchkey.clients.orders.treat-as-expired", startupFailure(
        "latchkey.clients.orders.provider=onna",
        "latchkey.clients.orders.client-id=id",
        "latchkey.clients.orders.client-secret=" + SECRET,
        "latchkey.clients.orders.treat-as-expired=500").property());
  }

  @Test
  void wellConfiguredClientStarts() {
    runner.withPropertyValues(
        "latchkey.clients.orders.provider=onna",
        "latchkey.clients.orders.client-id=id",
        "latchkey.clients.orders.client-secret=" + SECRET)
        .run(context -> {
          assertEquals(null, context.getStartupFailure());
          assertEquals("onna", context.getBean(LatchkeyClients.class).client("orders")
              .provider().name());
          assertFalse(context.getBean(LatchkeyClients.class).client("orders").toString()
              .contains(SECRET));
        });
  }
}
