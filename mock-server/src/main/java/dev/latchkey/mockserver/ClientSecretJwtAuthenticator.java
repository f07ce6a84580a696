package dev.latchkey.mockserver;

/** A {@code client_assertion} MACed with HS256 and the client secret (RFC 7523 §2.2). */
final class ClientSecretJwtAuthenticator implements ClientAuthenticator {
  @Override public MockProvider.ClientAuthMethod method() {
    return MockProvider.ClientAuthMethod.CLIENT_SECRET_JWT;
  }

  @Override public Credentials find(TokenRequest request) throws OAuthError {
    return ClientAssertions.find(request, true, method());
  }

  @Override public OAuthError notAccepted(MockProvider p) {
    return OAuthError.invalidClient(p.displayName + " does not accept client_secret_jwt; send "
        + "the client credentials " + ProviderMessages.credentialsWhere(p),
        ClientAuthentication.realm(p));
  }
}
