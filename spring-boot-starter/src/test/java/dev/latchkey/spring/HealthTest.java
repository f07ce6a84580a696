package dev.latchkey.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.latchkey.Token;
import dev.latchkey.TokenSession;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** What a client's health and expiry gauge say, with no secret in the details. */
final class HealthTest {
  private static final String SECRET = "s3cr3t-never-shown";
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  /** A token an earlier run or another instance stored is reported before any renewal. */
  @Test
  void storedApplicationTokenIsReportedAsSoonAsTheSessionTakesItUp() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(LatchkeyAutoConfiguration.class))
        .withBean(Clock.class, () -> Clock.fixed(NOW, ZoneOffset.UTC))
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues(
            // Nothing listens on port 9: a renewal would fail, so the stored token is the one.
            "latchkey.clients.stored.provider=standard",
            "latchkey.clients.stored.token-uri=http://127.0.0.1:9/token",
            "latchkey.clients.stored.client-id=id",
            "latchkey.clients.stored.client-secret=" + SECRET)
        .run(context -> {
          LatchkeyClients clients = context.getBean(LatchkeyClients.class);
          TokenSession application = clients.applicationSession("stored");
          clients.client("stored").tokenStore().save(application.key(), Token.builder()
              .accessToken("at-" + SECRET).issuedAt(NOW).expiresAt(NOW.plusSeconds(1200))
              .build());
          MeterRegistry meters = context.getBean(MeterRegistry.class);
          HealthIndicator indicator = (HealthIndicator) context.getBean(
              "latchkeyHealthContributor", CompositeHealthContributor.class)
              .getContributor("stored");
          assertFalse(indicator.health().getDetails().containsKey("secondsToExpiry"));

          application.accessToken();

          Health health = indicator.health();
          assertEquals(1200L, health.getDetails().get("secondsToExpiry"));
          assertEquals("none yet", health.getDetails().get("lastRenewal"));
          assertEquals(1200.0, meters.get("latchkey.token.expiry").tag("client", "stored")
              .gauge().value());
          assertFalse(health.toString().contains(SECRET), health.toString());
        });
  }

  @Test
  void unreachableEndpointAndFailedRenewalAreDown() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(LatchkeyAutoConfiguration.class))
        .withPropertyValues(
            // Port 9 (discard) on loopback: nothing listens, so connecting fails at once.
            "latchkey.clients.gone.provider=standard",
            "latchkey.clients.gone.token-uri=http://127.0.0.1:9/token",
            "latchkey.clients.gone.client-id=id",
            "latchkey.clients.gone.client-secret=" + SECRET,
            "latchkey.clients.gone.max-retries=0")
        .run(context -> {
          LatchkeyClients clients = context.getBean(LatchkeyClients.class);
          assertThrows(IOException.class, () -> clients.applicationSession("gone").accessToken());

          Health health = ((HealthIndicator) context.getBean("latchkeyHealthContributor",
              CompositeHealthContributor.class).getContributor("gone")).health();
          assertEquals(Status.DOWN, health.getStatus());
          assertEquals(false, health.getDetails().get("tokenEndpointReachable"));
          assertEquals("ConnectException", health.getDetails().get("tokenEndpointError"));
          assertEquals("failed: OAuth2Exception", health.getDetails().get("lastRenewal"));
          assertEquals("http://127.0.0.1:9/token", health.getDetails().get("tokenEndpoint"));
          assertFalse(health.toString().contains(SECRET), health.toString());
        });
  }
}
