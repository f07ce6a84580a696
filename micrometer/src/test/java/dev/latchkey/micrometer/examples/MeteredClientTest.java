package dev.latchkey.micrometer.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.latchkey.OAuth2Client;
import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.MockAuthServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import org.junit.jupiter.api.Test;

final class MeteredClientTest {
  @Test
  void meteredClientRecordsItsFirstToken() throws IOException {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (MockAuthServer mock = MockAuthServer.builder().build()) {
      mock.start();
      DemoClient demo = mock.demoClient("orgapi");
      try (OAuth2Client client = MeteredClient.orgs(registry, mock.baseUrl("orgapi").toString(),
          demo.clientId(), demo.clientSecret())) {
        client.clientCredentialsSession().accessToken();
      }
    }
    assertEquals(1, registry.get("latchkey.token.requests")
        .tags("client", "orgs", "grant", "client_credentials", "outcome", "ok").timer().count());
  }
}
