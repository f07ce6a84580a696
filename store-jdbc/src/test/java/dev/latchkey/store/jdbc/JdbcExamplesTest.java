package dev.latchkey.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.mockserver.MockAuthServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

final class JdbcExamplesTest {
  @RegisterExtension
  static final PostgresServerExtension postgres = new PostgresServerExtension();

  @Test
  void twoInstancesBuiltLikeTheExampleShareOneToken() throws Exception {
    try (MockAuthServer mock = MockAuthServer.builder().build()) {
      mock.start();
      Provider provider = Provider.organizationApiBasic(mock.baseUrl("orgapi").toString());
      String id = mock.demoClient("orgapi").clientId();
      String secret = mock.demoClient("orgapi").clientSecret();
      String url = postgres.server().jdbcUrl();
      try (OAuth2Client first = JdbcExamples.fleetClient(url, null, provider, id, secret);
          OAuth2Client second = JdbcExamples.fleetClient(url, null, provider, id, secret)) {
        String token = first.clientCredentialsSession().accessToken();
        assertEquals(token, second.clientCredentialsSession().accessToken());
        assertEquals(1, mock.tokenRequests("orgapi"));
        first.tokenStore().delete(first.clientCredentialsSession().key());
      }
    }
  }
}
