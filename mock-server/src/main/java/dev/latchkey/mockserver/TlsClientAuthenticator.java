package dev.latchkey.mockserver;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A client certificate over the mutual TLS listener with {@code client_id} in the body
 * (RFC 8705 §2): {@code tls_client_auth} when the client registered a subject DN (the chain must
 * lead to a trusted CA and the leaf's subject match), {@code self_signed_tls_client_auth} when
 * it registered certificates (the leaf must be one of them). A certificate beside a secret or an
 * assertion authenticates nothing; it may still bind the tokens (RFC 8705 §3).
 */
final class TlsClientAuthenticator implements ClientAuthenticator {
  @Override public MockProvider.ClientAuthMethod method() {
    return MockProvider.ClientAuthMethod.TLS_CLIENT_AUTH;
  }

  @Override public Credentials find(TokenRequest request) {
    if (!acceptsTls(request.provider)) return null;
    List<X509Certificate> chain = ClientCertificates.chain(request.raw);
    if (chain.isEmpty() || request.body.containsKey("client_secret")
        || request.body.containsKey("client_assertion")
        || request.raw.getHeaders().get("Authorization") != null) {
      return null;
    }
    String id = request.body.get("client_id");
    return id == null ? null : new Credentials(method(), id, null, null, chain);
  }

  static boolean acceptsTls(MockProvider p) {
    return p.clientAuth.contains(MockProvider.ClientAuthMethod.TLS_CLIENT_AUTH)
        || p.clientAuth.contains(MockProvider.ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH);
  }

  /**
   * Checks the certificate for the client; {@return false when the client registered no
   * certificate way, so it authenticates some other way (as a public client, say)}.
   */
  static boolean verify(EndpointState state, Client client, List<X509Certificate> chain,
      String realm) throws OAuthError {
    MockProvider p = client.provider;
    ClientOptions o = client.options;
    if (o.tlsSubjectDn() != null) {
      if (!p.clientAuth.contains(MockProvider.ClientAuthMethod.TLS_CLIENT_AUTH)) {
        throw OAuthError.invalidClient(p.displayName + " does not accept tls_client_auth",
            realm);
      }
      if (!ClientCertificates.trusted(chain, state.clientCas(), state.now())) {
        throw OAuthError.invalidClient("the client certificate does not chain to a CA the "
            + "server trusts, or is not valid now (tls_client_auth, RFC 8705 §2.1)", realm);
      }
      javax.security.auth.x500.X500Principal expected =
          new javax.security.auth.x500.X500Principal(o.tlsSubjectDn());
      if (!expected.equals(chain.get(0).getSubjectX500Principal())) {
        throw OAuthError.invalidClient("the client certificate's subject "
            + chain.get(0).getSubjectX500Principal().getName() + " is not the one registered "
            + "for client " + client.id + ": " + expected.getName(), realm);
      }
      return true;
    }
    if (!o.tlsCertificates().isEmpty()) {
      if (!p.clientAuth.contains(MockProvider.ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH)) {
        throw OAuthError.invalidClient(p.displayName + " does not accept "
            + "self_signed_tls_client_auth", realm);
      }
      if (!ClientCertificates.registered(chain.get(0), o.tlsCertificates())) {
        throw OAuthError.invalidClient("the client certificate is not one registered for "
            + "client " + client.id + " (self_signed_tls_client_auth, RFC 8705 §2.2)", realm);
      }
      return true;
    }
    return false;
  }

  @Override public OAuthError notAccepted(MockProvider p) {
    return OAuthError.invalidClient(p.displayName + " does not accept mutual TLS client "
        + "authentication; send the client credentials " + ProviderMessages.credentialsWhere(p),
        ClientAuthentication.realm(p));
  }
}
