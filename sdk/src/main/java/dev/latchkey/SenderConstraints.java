package dev.latchkey;

import dev.latchkey.Dialect.ClientAuthentication;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Response;
import okio.Buffer;

/**
 * What issue 16's extensions change about a token-endpoint request: client assertions
 * (RFC 7523), the mutual-TLS endpoint aliases (RFC 8705 §5) and DPoP proofs with their nonce
 * challenge (RFC 9449 §8). Kept apart from {@link TokenRequests} so the plain path stays plain.
 */
final class SenderConstraints {
  private final Provider provider;
  private final String clientSecret;
  private final SigningKey clientKey;
  private final String audience;
  private final ClientAssertions assertions;
  private final Dpop dpop;
  private final boolean certificateBoundTokens;

  SenderConstraints(ClientConfig config) {
    this.provider = config.provider;
    this.clientSecret = config.clientSecret;
    this.clientKey = config.clientKey;
    this.audience = config.clientAssertionAudience != null ? config.clientAssertionAudience
        : config.provider.issuer() != null ? config.provider.issuer()
        : config.provider.tokenEndpoint().toString();
    this.assertions = new ClientAssertions(config.clientId, config.clock);
    this.dpop = config.dpop;
    this.certificateBoundTokens = config.certificateBoundTokens;
  }

  /**
   * Returns the client authentication when it takes a key or certificate: the dialect's choice of
   * one, or {@code private_key_jwt} when the dialect says AUTO and the client has a key; null
   * when the secret decides.
   */
  ClientAuthentication authentication() {
    ClientAuthentication configured = provider.dialect().clientAuthentication();
    switch (configured) {
      case PRIVATE_KEY_JWT:
      case CLIENT_SECRET_JWT:
      case TLS_CLIENT_AUTH:
      case SELF_SIGNED_TLS_CLIENT_AUTH:
        return configured;
      case AUTO:
        return clientKey != null ? ClientAuthentication.PRIVATE_KEY_JWT : null;
      default:
        return null;
    }
  }

  /** Signs a fresh client assertion: a new {@code jti} and {@code exp} for every request. */
  String assertion(ClientAuthentication auth) {
    return auth == ClientAuthentication.PRIVATE_KEY_JWT
        ? assertions.privateKeyJwt(clientKey, audience)
        : assertions.clientSecretJwt(clientSecret, audience);
  }

  /**
   * Returns the mTLS alias of {@code endpoint} when the client authenticates with TLS or asks for
   * certificate-bound tokens (RFC 8705 §5).
   */
  HttpUrl endpoint(HttpUrl endpoint, ClientAuthentication auth) {
    if (auth != ClientAuthentication.TLS_CLIENT_AUTH
        && auth != ClientAuthentication.SELF_SIGNED_TLS_CLIENT_AUTH && !certificateBoundTokens) {
      return endpoint;
    }
    String name = endpoint.equals(provider.tokenEndpoint()) ? "token_endpoint"
        : endpoint.equals(provider.revocationEndpoint()) ? "revocation_endpoint"
        : endpoint.equals(provider.pushedAuthorizationRequestEndpoint())
            ? ProviderMetadata.PAR_ENDPOINT : null;
    HttpUrl alias = name == null ? null : provider.mtlsEndpointAliases().get(name);
    return alias != null ? alias : endpoint;
  }

  String proof(DpopKey key, String method, HttpUrl url) {
    return dpop.proof(key, method, url, null);
  }

  /**
   * Remembers the response's nonce and tells whether it is a token endpoint's
   * {@code use_dpop_nonce} error (RFC 9449 §8) with a new nonce to retry with.
   */
  boolean askedForNonce(Response response) throws IOException {
    boolean newNonce = dpop.remember(response);
    if (!newNonce || response.code() != 400 && response.code() != 401) {
      return false;
    }
    Buffer body = new Buffer().write(response.peekBody(JsonBodies.MAX_BODY_BYTES).bytes());
    try {
      return Dpop.USE_DPOP_NONCE.equals(JsonBodies.parseObject(body, response.code(),
          response.header("Content-Type"), "token error response").get("error"));
    } catch (MalformedResponseException e) {
      return false; // Not an RFC 6749 §5.2 error: the caller reports it as it is.
    }
  }
}
