package dev.latchkey.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A client whose token endpoint cannot be reached reports DOWN, with no secret in the details. */
final class HealthTest {
  private static final String SECRET = "s3cr3t-never-shown";

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
