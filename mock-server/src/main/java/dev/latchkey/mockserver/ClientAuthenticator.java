package dev.latchkey.mockserver;

/**
 * One way a client authenticates at the token and revocation endpoints (RFC 6749 §2.3). Each
 * finds its own kind of credentials in a request; {@link ClientAuthentication} decides which
 * the provider accepts and checks them. A new method (private_key_jwt, client_secret_jwt, mutual
 * TLS) is a new implementation and a new {@link MockProvider.ClientAuthMethod}.
 */
interface ClientAuthenticator {
  /**
   * Credentials found in a request: the client id (null if none) and secret (null if none), or
   * an assertion.
   */
  final class Credentials {
    final MockProvider.ClientAuthMethod method;
    final String id;
    final String secret;
    /** A client assertion (RFC 7523 §2.2), still to be verified; or null. */
    final com.nimbusds.jwt.SignedJWT assertion;
    /** The client certificate chain of a mutual TLS request, leaf first; or empty. */
    final java.util.List<java.security.cert.X509Certificate> chain;

    Credentials(MockProvider.ClientAuthMethod method, String id, String secret) {
      this(method, id, secret, null);
    }

    Credentials(MockProvider.ClientAuthMethod method, String id, String secret,
        com.nimbusds.jwt.SignedJWT assertion) {
      this(method, id, secret, assertion, java.util.List.of());
    }

    Credentials(MockProvider.ClientAuthMethod method, String id, String secret,
        com.nimbusds.jwt.SignedJWT assertion,
        java.util.List<java.security.cert.X509Certificate> chain) {
      this.chain = chain;
      this.assertion = assertion;
      this.method = method;
      this.id = id;
      this.secret = secret;
    }

    /** {@return {@code client_id} and {@code client_secret} from {@code params}, or null} */
    static Credentials in(java.util.Map<String, String> params,
        MockProvider.ClientAuthMethod method) {
      String id = params.get("client_id");
      String secret = params.get("client_secret");
      return id == null && secret == null ? null : new Credentials(method, id, secret);
    }
  }

  MockProvider.ClientAuthMethod method();

  /** {@return the credentials this method carries in {@code request}, or null if none} */
  Credentials find(TokenRequest request) throws OAuthError;

  /** {@return the error for a request that used this method where the provider refuses it} */
  OAuthError notAccepted(MockProvider p);
}
