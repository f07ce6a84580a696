package dev.latchkey.mockserver;

import dev.latchkey.mockserver.MockProvider.ClientAuthMethod;
import java.util.Locale;

/**
 * A {@code client_assertion} (RFC 7523 §2.2): signed with the client's private key
 * ({@code private_key_jwt}) or MACed with HS256 and the client secret
 * ({@code client_secret_jwt}); {@link ClientAssertions} finds and checks it.
 */
final class ClientAssertionAuthenticator implements ClientAuthenticator {
  private final ClientAuthMethod method;

  /** {@code method} is {@link ClientAuthMethod#PRIVATE_KEY_JWT} or {@code CLIENT_SECRET_JWT}. */
  ClientAssertionAuthenticator(ClientAuthMethod method) {
    if (method != ClientAuthMethod.PRIVATE_KEY_JWT
        && method != ClientAuthMethod.CLIENT_SECRET_JWT) {
      throw new IllegalArgumentException("not a client assertion method: " + method);
    }
    this.method = method;
  }

  @Override public ClientAuthMethod method() {
    return method;
  }

  @Override public Credentials find(TokenRequest request) throws OAuthError {
    return ClientAssertions.find(request, method == ClientAuthMethod.CLIENT_SECRET_JWT, method);
  }

  @Override public OAuthError notAccepted(MockProvider p) {
    return OAuthError.invalidClient(p.displayName + " does not accept "
        + method.name().toLowerCase(Locale.ROOT) + "; send the client credentials "
        + ProviderMessages.credentialsWhere(p), ClientAuthentication.realm(p));
  }
}
