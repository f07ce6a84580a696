package dev.latchkey.mockserver;

import java.security.PublicKey;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The per-client switches of one registered (or demo) client on a running server, from
 * {@link MockAuthServer#client(MockProvider, String)}: the public keys its
 * {@code private_key_jwt} assertions are checked against, whether its tokens must be
 * DPoP-bound, and whether it must push its authorization requests. {@link MockAuthServer#reset()}
 * forgets them.
 *
 * <p>Safe to use from any thread.
 */
public final class ClientSettings {
  private final Controls state;
  private final MockProvider provider;
  private final String clientId;

  ClientSettings(Controls state, MockProvider provider, String clientId) {
    this.state = state;
    this.provider = provider;
    this.clientId = clientId;
  }

  /** {@return the client id these settings belong to} */
  public String clientId() {
    return clientId;
  }

  /**
   * Registers a public key its {@code private_key_jwt} assertions (RFC 7523 §2.2) may be signed
   * with; keys add up.
   *
   * @param publicKey a public JWK (JSON; its {@code kid} is matched), a PEM
   *     {@code -----BEGIN PUBLIC KEY-----} or a PEM certificate; RSA or EC P-256
   * @return this handle
   * @throws IllegalArgumentException if it is none of those, or holds a private key
   */
  public ClientSettings key(String publicKey) {
    Objects.requireNonNull(publicKey, "publicKey == null");
    update(c -> c.with(c.options.withKey(ClientKeys.parse(publicKey))));
    return this;
  }

  /**
   * Registers a public key its {@code private_key_jwt} assertions may be signed with.
   *
   * @param publicKey an RSA or EC P-256 public key
   * @param keyId the {@code kid} assertions name it by, or null to try it for any
   * @return this handle
   */
  public ClientSettings key(PublicKey publicKey, String keyId) {
    Objects.requireNonNull(publicKey, "publicKey == null");
    update(c -> c.with(c.options.withKey(ClientKeys.of(publicKey, keyId))));
    return this;
  }

  /**
   * Sets whether each of its token requests must carry a DPoP proof
   * ({@code dpop_bound_access_tokens}, RFC 9449 §5.2); the provider must present tokens
   * with {@link MockProvider.TokenPresentation#DPOP}.
   *
   * @param required false by default
   * @return this handle
   */
  public ClientSettings dpopBoundAccessTokens(boolean required) {
    if (required && provider.presentation != MockProvider.TokenPresentation.DPOP) {
      throw new IllegalStateException(provider.id + " has no DPoP; build it with "
          + "tokenPresentation(DPOP)");
    }
    update(c -> c.with(c.options.withDpopBound(required)));
    return this;
  }

  /**
   * Sets whether it must push its authorization requests
   * ({@code require_pushed_authorization_requests}, RFC 9126 §6), whatever the provider's rule.
   *
   * @param required true or false, or null to follow the provider's rule (the default)
   * @return this handle
   */
  public ClientSettings requirePushedAuthorizationRequests(Boolean required) {
    if (Boolean.TRUE.equals(required) && provider.extensions.parPath == null) {
      throw new IllegalStateException(provider.id + " has no PAR endpoint; build it with "
          + "parPath(\"/par\")");
    }
    update(c -> c.with(c.options.withRequirePar(required)));
    return this;
  }

  /**
   * Sets the audiences and resources it may exchange tokens for (RFC 8693 {@code audience} and
   * {@code resource}); others get {@code invalid_target}.
   *
   * @param audiences the allowed values, or null (the default) for any
   * @return this handle
   */
  public ClientSettings tokenExchangeAudiences(java.util.Collection<String> audiences) {
    java.util.Set<String> copy = audiences == null ? null : java.util.Set.copyOf(audiences);
    update(c -> c.with(c.options.withExchangeAudiences(copy)));
    return this;
  }

  /**
   * Registers the subject DN of its certificate for {@code tls_client_auth} (RFC 8705 §2.1):
   * over the mutual TLS listener, a certificate with that subject chaining to a CA the server
   * trusts authenticates it.
   *
   * @param subjectDn an RFC 4514 DN such as {@code "CN=my-app,O=Example"}, or null for none
   * @return this handle
   */
  public ClientSettings tlsClientAuthSubjectDn(String subjectDn) {
    if (subjectDn != null) new javax.security.auth.x500.X500Principal(subjectDn);
    update(c -> c.with(c.options.withTlsSubjectDn(subjectDn)));
    return this;
  }

  /**
   * Registers a certificate for {@code self_signed_tls_client_auth} (RFC 8705 §2.2): over the
   * mutual TLS listener, that exact certificate authenticates it. Certificates add up.
   *
   * @param certificate the client's certificate, self-signed or not
   * @return this handle
   */
  public ClientSettings tlsClientCertificate(java.security.cert.X509Certificate certificate) {
    Objects.requireNonNull(certificate, "certificate == null");
    update(c -> c.with(c.options.withTlsCertificate(certificate)));
    return this;
  }

  private void update(UnaryOperator<Client> change) {
    state.updateClient(provider, clientId, change);
  }

  @Override public String toString() {
    return "ClientSettings{" + provider.id + " " + clientId + "}";
  }
}
