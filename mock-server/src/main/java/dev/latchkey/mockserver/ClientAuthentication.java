package dev.latchkey.mockserver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Authenticates the client of a token or revocation request: asks every
 * {@link ClientAuthenticator} for credentials, refuses a method the provider doesn't accept or
 * credentials sent twice, then checks the client and its secret (in constant time).
 */
final class ClientAuthentication {
  /** In the order their refusals are reported. */
  private static final List<ClientAuthenticator> AUTHENTICATORS = List.of(
      new BodyClientAuthenticator(), new QueryClientAuthenticator(),
      new BasicClientAuthenticator(),
      new ClientAssertionAuthenticator(MockProvider.ClientAuthMethod.PRIVATE_KEY_JWT),
      new ClientAssertionAuthenticator(MockProvider.ClientAuthMethod.CLIENT_SECRET_JWT),
      new TlsClientAuthenticator());

  private final EndpointState state;

  ClientAuthentication(EndpointState state) {
    this.state = state;
  }

  /** {@return the Basic realm of the provider's {@code invalid_client} answers, or null} */
  static String realm(MockProvider p) {
    return p.clientAuth.contains(MockProvider.ClientAuthMethod.BASIC) ? p.id : null;
  }

  Client authenticate(TokenRequest request) throws OAuthError {
    MockProvider p = request.provider;
    List<ClientAuthenticator.Credentials> found = new ArrayList<>();
    ClientAuthenticator.Credentials basic = null;
    for (ClientAuthenticator a : AUTHENTICATORS) {
      ClientAuthenticator.Credentials c = a.find(request);
      if (c == null) continue;
      if (!p.clientAuth.contains(a.method())) throw a.notAccepted(p);
      if (a.method() == MockProvider.ClientAuthMethod.BASIC) basic = c;
      else found.add(c);
    }
    ClientAuthenticator.Credentials used;
    if (basic != null) {
      for (ClientAuthenticator.Credentials other : found) {
        if (other.secret != null || other.assertion != null) {
          throw OAuthError.badRequest("invalid_request", "client credentials were sent twice, "
              + "in the HTTP Basic header and in the request; use one method (RFC 6749 §2.3)");
        }
        if (other.id != null && !other.id.equals(basic.id)) {
          throw OAuthError.badRequest("invalid_request",
              "client_id in the request does not match the HTTP Basic credentials");
        }
      }
      used = basic;
    } else {
      used = found.isEmpty() ? null : found.get(0);
      for (ClientAuthenticator.Credentials c : found) {
        if (c.assertion != null || !c.chain.isEmpty()) used = c;
      }
    }
    String realm = realm(p);
    if (used == null || used.id == null) {
      throw OAuthError.invalidClient("client authentication is required: send the client "
          + "credentials " + ProviderMessages.credentialsWhere(p), realm);
    }
    if (used.assertion != null) {
      for (ClientAuthenticator.Credentials other : found) {
        if (other != used) {
          throw OAuthError.badRequest("invalid_request", "client credentials were sent twice, "
              + "as a client_assertion and a client_secret; use one method (RFC 6749 §2.3)");
        }
      }
      Client client = state.client(p, used.id);
      if (client == null) throw unknown(p, used.id, realm);
      ClientAssertions.verify(state, request, client, used.assertion,
          used.method == MockProvider.ClientAuthMethod.CLIENT_SECRET_JWT);
      return client;
    }
    if (!used.chain.isEmpty()) {
      Client client = state.client(p, used.id);
      if (client == null) throw unknown(p, used.id, realm);
      if (TlsClientAuthenticator.verify(state, client, used.chain, realm)) return client;
    }
    return verify(p, used.id, used.secret, realm);
  }

  private OAuthError unknown(MockProvider p, String id, String realm) {
    return OAuthError.invalidClient("unknown client_id \"" + id + "\" for " + p.displayName
        + "; the demo client is " + state.demoClient(p).clientId(), realm);
  }

  private Client verify(MockProvider p, String id, String secret, String realm)
      throws OAuthError {
    Client client = state.client(p, id);
    if (client == null) throw unknown(p, id, realm);
    if (client.isPublic()) {
      if (secret != null) {
        throw OAuthError.invalidClient("client " + id + " is a public client with no secret; "
            + "don't send client_secret", realm);
      }
    } else if (secret == null) {
      throw OAuthError.invalidClient("client_secret is missing for client " + id + "; send it "
          + ProviderMessages.credentialsWhere(p), realm);
    } else if (!MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
        client.secret.getBytes(StandardCharsets.UTF_8))) {
      throw OAuthError.invalidClient("client_secret is wrong for client " + id, realm);
    }
    return client;
  }
}
