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
    String id = request.query.get("client_id");
    String secret = request.query.get("client_secret");
    return id == null && secret == null ? null : new Credentials(method(), id, secret);
  }

  @Override public OAuthError notAccepted(MockProvider p) {
    return OAuthError.invalidClient(p.displayName + " does not read client credentials from "
        + "the URL query; send them " + p.credentialsWhere(), ClientAuthentication.realm(p));
  }
}
