package dev.latchkey.mockserver;

/** Client credentials in an HTTP Basic header, each half form-urlencoded (RFC 6749 §2.3.1). */
final class BasicClientAuthenticator implements ClientAuthenticator {
  @Override public MockProvider.ClientAuthMethod method() {
    return MockProvider.ClientAuthMethod.BASIC;
  }

  @Override public Credentials find(TokenRequest request) throws OAuthError {
    String[] basic = Wire.basicCredentials(request.raw,
        ClientAuthentication.realm(request.provider));
    if (basic == null) return null;
    return new Credentials(method(), basic[0], basic[1].isEmpty() ? null : basic[1]);
  }

  @Override public OAuthError notAccepted(MockProvider p) {
    return OAuthError.invalidClient(p.displayName + " does not accept HTTP Basic client "
        + "authentication; send the client credentials " + ProviderMessages.credentialsWhere(p),
        null);
  }
}
