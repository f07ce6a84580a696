package dev.latchkey.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.Dialect;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Token;
import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.JournalEntry;
import dev.latchkey.mockserver.MockAuthServer;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class ClientCredentialsExamplesTest {
  private MockAuthServer mock;
  private String orgapi;
  private DemoClient demo;

  @BeforeEach
  void start() throws IOException {
    mock = MockAuthServer.builder().build();
    mock.start();
    orgapi = mock.baseUrl("orgapi").toString();
    demo = mock.demoClient("orgapi");
  }

  @AfterEach
  void stop() {
    mock.close();
  }

  private JournalEntry lastTokenRequest() {
    List<JournalEntry> journal = mock.journal("orgapi");
    for (int i = journal.size() - 1; i >= 0; i--) {
      if (journal.get(i).path().endsWith("oauth2/token")) {
        return journal.get(i);
      }
    }
    throw new AssertionError("no token request in " + journal);
  }

  @Test
  void theServerUrlWorksWithoutItsTrailingSlash() throws IOException {
    String withoutSlash = orgapi.substring(0, orgapi.length() - 1);
    assertTrue(orgapi.endsWith("/orgapi/"), orgapi);
    try (OAuth2Client client = ClientCredentialsExamples.basic(withoutSlash, demo.clientId(),
        demo.clientSecret())) {
      String body = ClientCredentialsExamples.organization(client, withoutSlash);
      assertTrue(body.contains("\"client_id\":\"orgapi-demo-client\""), body);
      assertEquals("/orgapi/oauth2/token", lastTokenRequest().path());
    }
  }

  @Test
  void basicSendsCredentialsInTheHeader() throws IOException {
    try (OAuth2Client client = ClientCredentialsExamples.basic(orgapi, demo.clientId(),
        demo.clientSecret())) {
      String body = ClientCredentialsExamples.organization(client, orgapi);
      assertTrue(body.contains("\"client_id\":\"orgapi-demo-client\""), body);
      JournalEntry request = lastTokenRequest();
      assertTrue(request.header("Authorization").startsWith("Basic "));
      assertNull(request.query());
    }
  }

  @Test
  void querySendsCredentialsInTheUrl() throws IOException {
    try (OAuth2Client client = ClientCredentialsExamples.query(orgapi, demo.clientId(),
        demo.clientSecret())) {
      String body = ClientCredentialsExamples.organization(client, orgapi);
      assertTrue(body.contains("Demo Organization"), body);
      JournalEntry request = lastTokenRequest();
      assertTrue(request.query().contains("client_secret="), request.query());
      assertNull(request.header("Authorization"));
    }
  }

  @Test
  void oneShotGetsAFreshTokenEachTime() throws IOException {
    try (OAuth2Client client = ClientCredentialsExamples.basic(orgapi, demo.clientId(),
        demo.clientSecret())) {
      Token first = ClientCredentialsExamples.oneShot(client);
      Token second = ClientCredentialsExamples.oneShot(client);
      assertNotNull(first);
      assertTrue(!first.accessToken().equals(second.accessToken()));
      assertEquals(2, mock.tokenRequests("orgapi", "client_credentials"));
    }
  }

  @Test
  void standardProviderAutoDetectsClientAuthentication() throws IOException {
    String tokenEndpoint = mock.baseUrl("standard") + "token";
    DemoClient standard = mock.demoClient("standard");
    try (OAuth2Client client = ClientCredentialsExamples.scoped(tokenEndpoint,
        standard.clientId(), standard.clientSecret())) {
      assertEquals(Dialect.ClientAuthentication.AUTO,
          client.provider().dialect().clientAuthentication());
      assertNotNull(client.clientCredentials().accessToken());
    }
    assertEquals(Dialect.ClientAuthentication.BASIC,
        ClientCredentialsExamples.forcedBasic(tokenEndpoint).dialect().clientAuthentication());
  }
}
