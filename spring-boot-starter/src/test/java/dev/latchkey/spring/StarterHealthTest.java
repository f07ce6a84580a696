package dev.latchkey.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Token;
import dev.latchkey.TokenSession;
import dev.latchkey.spring.app.MockProviderTest;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.web.client.RestClient;

/**
 * The Boot app's health and meters read back after calls, and neither holds a secret. Boot 4
 * only: health moved to Boot 4's own module, so the {@code boot-3.5} profile leaves it out.
 */
final class StarterHealthTest extends MockProviderTest {
  private static final String USER = "alice@example.com";

  @Autowired @Qualifier("orgs") RestClient restClient;
  @Autowired @Qualifier("orgs") OAuth2Client client;
  @Autowired LatchkeyClients clients;
  @Autowired MeterRegistry meters;
  @Autowired HealthEndpoint healthEndpoint;
  @Autowired @Qualifier("latchkeyHealthContributor") CompositeHealthContributor health;

  private String api() {
    return organizationApi();
  }

  private int restCall() {
    return restClient.get().uri(api()).exchange((request, response) ->
        response.getStatusCode().value());
  }

  @Test
  void healthAndMetersReadBack() {
    assertEquals(200, restCall());

    assertEquals(Status.UP, healthEndpoint.healthForPath("latchkey", "orgs").getStatus());
    Health orgs = ((HealthIndicator) health.getContributor("orgs")).health();
    assertEquals("orgapi", orgs.getDetails().get("provider"));
    assertEquals(true, orgs.getDetails().get("tokenEndpointReachable"));
    assertEquals("ok", orgs.getDetails().get("lastRenewal"));
    assertNotNull(orgs.getDetails().get("secondsToExpiry"));

    Set<String> names = new TreeSet<>();
    for (Meter meter : meters.getMeters()) {
      if (meter.getId().getName().startsWith("latchkey.")) {
        names.add(meter.getId().getName());
      }
    }
    assertTrue(names.containsAll(List.of("latchkey.token.requests", "latchkey.renewals",
        "latchkey.token.expiry")), names.toString());
    Meter requests = meters.get("latchkey.token.requests").tag("client", "orgs").meters()
        .iterator().next();
    Set<String> keys = new TreeSet<>();
    requests.getId().getTags().forEach(t -> keys.add(t.getKey()));
    assertEquals(Set.of("client", "provider", "grant", "outcome"), keys);
    assertEquals("orgapi", requests.getId().getTag("provider"));
  }

  @Test
  void noTagOrHealthDetailHoldsASecretOrAUserKey() throws IOException {
    TokenSession alice = clients.userSession("orgs", USER);
    Token token = client.clientCredentials();
    alice.save(token);
    MOCK.expireAccessTokens();
    restClient.get().uri(api()).attribute(LatchkeyClients.USER_KEY_ATTRIBUTE, USER)
        .exchange((request, response) -> response.getStatusCode().value());
    assertEquals(200, restCall());

    List<String> secrets = new ArrayList<>(List.of(demo.clientSecret(), USER,
        token.accessToken(), alice.accessToken(),
        clients.applicationSession("orgs").accessToken()));
    if (token.refreshToken() != null) {
      secrets.add(token.refreshToken());
    }
    String details = ((HealthIndicator) health.getContributor("orgs")).health().toString();
    for (String secret : secrets) {
      assertFalse(details.contains(secret), "health details hold a secret: " + details);
      for (Meter meter : meters.getMeters()) {
        for (Tag tag : meter.getId().getTags()) {
          assertFalse(tag.getValue().contains(secret), meter.getId() + " holds a secret");
        }
      }
    }
  }
}
