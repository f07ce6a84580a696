package dev.latchkey.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.Dialect;
import dev.latchkey.ErrorCode;
import dev.latchkey.OAuth2Client;
import dev.latchkey.SigningKey;
import dev.latchkey.Token;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.interop.server.InteropClients;
import dev.latchkey.interop.server.InteropKeys;
import dev.latchkey.interop.server.InteropServer;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Client authentication by a signed JWT (RFC 7523 §2.2): {@code private_key_jwt} with the
 * client's RSA key, whose public half SAS fetches from the fixture, and {@code
 * client_secret_jwt} with an HS256 assertion over the secret.
 */
class ClientAssertionInteropTest {
  private final InteropServer server = Interop.server();

  private static SigningKey key(String clientId) throws Exception {
    return SigningKey.of(InteropKeys.clientKey(clientId).toPrivateKey())
        .withKeyId(InteropKeys.clientKey(clientId).getKeyID());
  }

  /** The last token request of {@code clientId}, as "authentication:status". */
  private String lastGrant(String clientId, String grantType) {
    List<InteropServer.Exchange> sent = server.exchanges(e -> e.isGrant(clientId, grantType));
    InteropServer.Exchange last = sent.get(sent.size() - 1);
    return last.authentication() + ":" + last.status();
  }

  @Test
  void privateKeyJwtClientGetsATokenWithItsKeyAndNoSecret() throws Exception {
    try (OAuth2Client client = OAuth2Client.builder().provider(Interop.provider())
        .httpClient(Interop.HTTP).clientId(InteropClients.PRIVATE_KEY_JWT)
        .clientKey(key(InteropClients.PRIVATE_KEY_JWT)).scopes("api.read").build()) {
      int before = Interop.grants(InteropClients.PRIVATE_KEY_JWT, "client_credentials");

      Token token = client.clientCredentials();

      assertEquals(Set.of("api.read"), token.scopes());
      assertEquals(before + 1, Interop.grants(InteropClients.PRIVATE_KEY_JWT,
          "client_credentials"));
      // client_id beside the assertion (SAS wants it, finding 7), and no secret.
      assertEquals("client_assertion:200",
          lastGrant(InteropClients.PRIVATE_KEY_JWT, "client_credentials"));
    }
  }

  @Test
  void privateKeyJwtWithAKeySasDoesNotKnowIsInvalidClient() throws Exception {
    SigningKey stranger = SigningKey.of(
        new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).generate().toPrivateKey())
        .withKeyId(InteropKeys.clientKey(InteropClients.PRIVATE_KEY_JWT).getKeyID());
    try (OAuth2Client client = OAuth2Client.builder().provider(Interop.provider())
        .httpClient(Interop.HTTP).clientId(InteropClients.PRIVATE_KEY_JWT).clientKey(stranger)
        .scopes("api.read").build()) {
      TokenEndpointException e =
          assertThrows(TokenEndpointException.class, client::clientCredentials);

      assertEquals(ErrorCode.INVALID_CLIENT, e.errorCode());
      assertEquals(401, e.httpStatus());
      assertEquals("client_assertion:401",
          lastGrant(InteropClients.PRIVATE_KEY_JWT, "client_credentials"));
    }
  }

  @Test
  void privateKeyJwtClientExchangesItsCodeAndRevokesWithAssertions() throws Exception {
    try (OAuth2Client client = OAuth2Client.builder().provider(Interop.provider())
        .httpClient(Interop.HTTP).clientId(InteropClients.PRIVATE_KEY_JWT_WEB)
        .clientKey(key(InteropClients.PRIVATE_KEY_JWT_WEB))
        .redirectUri(InteropClients.REDIRECT_URI).scopes("api.read").build()) {
      AuthorizationRequest request = client.newAuthorizationRequest().build();

      Token token = client.exchange(request, server.login(request.url().toString()));

      assertEquals(Set.of("api.read"), token.scopes());
      assertEquals("client_assertion:200",
          lastGrant(InteropClients.PRIVATE_KEY_JWT_WEB, "authorization_code"));
      assertTrue(client.revoke(token));
      List<InteropServer.Exchange> revocations = server.exchanges(e -> e.path()
          .equals("/oauth2/revoke") && InteropClients.PRIVATE_KEY_JWT_WEB.equals(e.clientId()));
      assertEquals("client_assertion:200", revocations.get(revocations.size() - 1)
          .authentication() + ":" + revocations.get(revocations.size() - 1).status());
    }
  }

  @Test
  void clientSecretJwtClientSignsWithItsSecretAndNeverSendsIt() throws Exception {
    try (OAuth2Client client = Interop.client(InteropClients.CLIENT_SECRET_JWT)
        .provider(Interop.provider().newBuilder().dialect(Dialect.builder()
            .clientAuthentication(Dialect.ClientAuthentication.CLIENT_SECRET_JWT).build())
            .build())
        .build()) {
      Token token = client.clientCredentials(); // cs-jwt is registered with no scope

      assertNotNull(token.accessToken());
      assertEquals("client_assertion:200",
          lastGrant(InteropClients.CLIENT_SECRET_JWT, "client_credentials"));
    }
  }
}
