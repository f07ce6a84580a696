package dev.latchkey.mockserver;

/** A {@code client_assertion} signed with the client's private key (RFC 7523 §2.2). */
final class PrivateKeyJwtAuthenticator implements ClientAuthenticator {
  @Override public MockProvider.ClientAuthMethod method() {
    return MockProvider.ClientAuthMethod.PRIVATE_KEY_JWT;
  }

  @Override public Credentials find(TokenRequest request) throws OAuthError {
    return ClientAssertions.find(request, false, method());
  }

  @Override public OAuthError notAccepted(MockProvider p) {
    return OAuthError.invalidClient(p.displayName + " does not accept private_key_jwt; send "
        + "the client credentials " + ProviderMessages.credentialsWhere(p),
        ClientAuthentication.realm(p));
  }
}
