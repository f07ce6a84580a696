package dev.latchkey.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.Dialect;
import dev.latchkey.ErrorCode;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Token;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.TokenSession;
import dev.latchkey.interop.server.InteropClients;
import dev.latchkey.interop.server.InteropServer;
import java.util.List;
import java.util.Set;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** client_credentials (RFC 6749 §4.4) at SAS, with each way the sdk authenticates a client. */
class ClientCredentialsInteropTest {
  private final InteropServer server = Interop.server();

  private static Dialect dialect(Dialect.ClientAuthentication authentication) {
    return Dialect.builder().clientAuthentication(authentication).build();
  }

  private OAuth2Client client(String clientId, Dialect.ClientAuthentication authentication) {
    return Interop.client(clientId)
        .provider(Interop.provider().newBuilder().dialect(dialect(authentication)).build())
        .scopes("api.read")
        .build();
  }

  @Test
  void basicClientGetsABearerTokenWithTheRequestedScope() throws Exception {
    try (OAuth2Client client = client(InteropClients.BASIC, Dialect.ClientAuthentication.BASIC)) {
      Token token = client.clientCredentials();

      assertEquals("Bearer", token.tokenType());
      assertEquals(Set.of("api.read"), token.scopes());
      // SAS counts expires_in down from the moment it writes the response: 299 as often as 300.
      long lifetime = token.lifetime().getSeconds();
      long configured = InteropClients.ACCESS_TOKEN_LIFETIME.getSeconds();
      assertTrue(lifetime <= configured && lifetime >= configured - 5, "lifetime " + lifetime);
      List<InteropServer.Exchange> sent =
          server.exchanges(e -> e.isGrant(InteropClients.BASIC, "client_credentials"));
      assertEquals("client_secret_basic", sent.get(sent.size() - 1).authentication());
      assertEquals(200, sent.get(sent.size() - 1).status());
    }
  }

  @Test
  void postClientSendsItsCredentialsInTheBody() throws Exception {
    try (OAuth2Client client = client(InteropClients.POST,
        Dialect.ClientAuthentication.PARAMETERS)) {
      Token token = client.clientCredentials();

      assertEquals(Set.of("api.read"), token.scopes());
      List<InteropServer.Exchange> sent =
          server.exchanges(e -> e.isGrant(InteropClients.POST, "client_credentials"));
      assertEquals("client_secret_post", sent.get(sent.size() - 1).authentication());
    }
  }

  @Test
  void autoFallsBackToTheBodyOnceWhenSasRefusesBasic() throws Exception {
    try (OAuth2Client client = client(InteropClients.POST_AUTO,
        Dialect.ClientAuthentication.AUTO)) {
      client.clientCredentials();
      client.clientCredentials();

      List<InteropServer.Exchange> sent =
          server.exchanges(e -> e.isGrant(InteropClients.POST_AUTO, "client_credentials"));
      // Basic (SAS: 401 invalid_client), then the body; the second token goes straight to it.
      assertEquals(List.of("client_secret_basic:401", "client_secret_post:200",
          "client_secret_post:200"),
          sent.stream().map(e -> e.authentication() + ":" + e.status()).toList());
    }
  }

  @Test
  void wrongMethodIsInvalidClientWithStatus401() throws Exception {
    try (OAuth2Client client = client(InteropClients.BASIC,
        Dialect.ClientAuthentication.PARAMETERS)) {
      TokenEndpointException e =
          assertThrows(TokenEndpointException.class, client::clientCredentials);

      assertEquals(ErrorCode.INVALID_CLIENT, e.errorCode());
      assertEquals(401, e.httpStatus());
    }
  }

  @Test
  void scopeTheClientWasNotGivenIsInvalidScope() throws Exception {
    try (OAuth2Client client = Interop.client(InteropClients.BASIC).scopes("admin").build()) {
      TokenEndpointException e =
          assertThrows(TokenEndpointException.class, client::clientCredentials);

      assertEquals(ErrorCode.INVALID_SCOPE, e.errorCode());
      assertEquals(400, e.httpStatus());
    }
  }

  @Test
  void sessionTokenCallsSasProtectedApi() throws Exception {
    try (OAuth2Client client = client(InteropClients.BASIC, Dialect.ClientAuthentication.AUTO)) {
      TokenSession app = client.clientCredentialsSession();
      int before = Interop.grants(InteropClients.BASIC, "client_credentials");

      String body;
      try (Response response = app.authorize(Interop.HTTP)
          .newCall(new Request.Builder().url(server.url("/api/me")).build()).execute()) {
        assertEquals(200, response.code());
        body = response.body().string();
      }
      try (Response again = app.authorize(Interop.HTTP)
          .newCall(new Request.Builder().url(server.url("/api/me")).build()).execute()) {
        assertEquals(200, again.code());
      }

      assertTrue(body.contains("\"sub\":\"" + InteropClients.BASIC + "\""), body);
      assertEquals(1, Interop.grants(InteropClients.BASIC, "client_credentials") - before);
      assertSame(app, client.clientCredentialsSession());
    }
  }
}
