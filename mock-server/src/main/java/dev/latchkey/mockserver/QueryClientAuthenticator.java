package dev.latchkey.mockserver;

/**
 * {@code client_id} and {@code client_secret} in the URL query of the POST, as the Organization
 * API documents (and calls less secure).
 */
final class QueryClientAuthenticator implements ClientAuthenticator {
  @Override public MockProvider.ClientAuthMethod method() {
    return MockProvider.ClientAuthMethod.QUERY;
  }

  @Override public Credentials find(TokenRequest request) {
    return Credentials.in(request.query, method());
  }

  @Override public OAuthError notAccepted(MockProvider p) {
    return OAuthError.invalidClient(p.displayName + " does not read client credentials from "
        + "the URL query; send them " + ProviderMessages.credentialsWhere(p),
        ClientAuthentication.realm(p));
  }
}
