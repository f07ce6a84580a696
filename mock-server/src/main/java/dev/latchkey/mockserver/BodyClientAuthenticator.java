package dev.latchkey.mockserver;

/** {@code client_id} and {@code client_secret} in the request body (RFC 6749 §2.3.1). */
final class BodyClientAuthenticator implements ClientAuthenticator {
  @Override public MockProvider.ClientAuthMethod method() {
    return MockProvider.ClientAuthMethod.BODY;
  }

  @Override public Credentials find(TokenRequest request) {
    // client_id beside a client_assertion belongs to the assertion (RFC 7521 §4.2).
    boolean certificate = TlsClientAuthenticator.acceptsTls(request.provider)
        && !ClientCertificates.chain(request.raw).isEmpty();
    if (!request.body.containsKey("client_secret")
        && (request.body.containsKey("client_assertion") || certificate)) {
      return null;
    }
    return Credentials.in(request.body, method());
  }

  @Override public OAuthError notAccepted(MockProvider p) {
    return OAuthError.invalidClient(p.displayName + " does not read client credentials from "
        + ProviderMessages.bodyName(p) + "; send them " + ProviderMessages.credentialsWhere(p),
        ClientAuthentication.realm(p));
  }
}
