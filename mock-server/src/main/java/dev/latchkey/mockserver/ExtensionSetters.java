package dev.latchkey.mockserver;

import dev.latchkey.mockserver.MockProvider.SigningAlgorithm;
import dev.latchkey.mockserver.MockProvider.TokenPresentation;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@link MockProvider.Builder} setters of the protocol extensions, which make a
 * {@link ProviderExtensions}: DPoP, PAR, OpenID Connect, the device flow and certificate-bound
 * tokens.
 */
abstract class ExtensionSetters extends DialectSetters {
  boolean requireDpop;
  boolean dpopNonce;
  String parPath;
  boolean requirePar;
  boolean openId;
  SigningAlgorithm idTokenAlg = SigningAlgorithm.RS256;
  Duration deviceCodeLifetime = ProviderExtensions.DEVICE_CODE_LIFETIME;
  Duration devicePollingInterval = ProviderExtensions.DEVICE_POLLING_INTERVAL;
  boolean certificateBound;

  ExtensionSetters() {
  }

  ExtensionSetters(MockProvider p) {
    super(p);
    ProviderExtensions x = p.extensions;
    requireDpop = x.requireDpop;
    dpopNonce = x.dpopNonce;
    parPath = x.parPath;
    requirePar = x.requirePar;
    openId = x.openId;
    idTokenAlg = x.idTokenAlg;
    deviceCodeLifetime = x.deviceCodeLifetime;
    devicePollingInterval = x.devicePollingInterval;
    certificateBound = x.certificateBound;
  }

  /**
   * Sets whether every token request must carry a DPoP proof (RFC 9449 §5); needs
   * {@link TokenPresentation#DPOP}. Otherwise a request with a proof gets a bound token and
   * one without gets a bearer token.
   *
   * @param required false by default
   * @return this builder
   */
  public final MockProvider.Builder requireDpop(boolean required) {
    this.requireDpop = required;
    return self();
  }

  /**
   * Sets whether DPoP proofs must carry a server nonce (RFC 9449 §8, §9) unless the server's
   * settings say otherwise: a proof without a valid one gets {@code use_dpop_nonce} and a
   * {@code DPoP-Nonce} header.
   *
   * @param required false by default
   * @return this builder
   */
  public final MockProvider.Builder dpopNonce(boolean required) {
    this.dpopNonce = required;
    return self();
  }

  /**
   * Sets the pushed authorization request endpoint's (RFC 9126) path under the prefix.
   *
   * @param path such as {@code "/par"}, or null (the default) for none
   * @return this builder
   */
  public final MockProvider.Builder parPath(String path) {
    this.parPath = ProviderChecks.path(path, true);
    return self();
  }

  /**
   * Sets whether the authorization endpoint takes only pushed requests
   * ({@code require_pushed_authorization_requests}, RFC 9126 §5), unless the server's settings
   * say otherwise; needs a {@link MockProvider.Builder#parPath(String) parPath}.
   *
   * @param required false by default
   * @return this builder
   */
  public final MockProvider.Builder requirePushedAuthorizationRequests(boolean required) {
    this.requirePar = required;
    return self();
  }

  /**
   * Makes it an OpenID Connect provider: the {@code openid} scope gets an ID token signed with
   * a key published at {@code /ID/jwks}, and {@code /ID/logout} is its end-session endpoint;
   * with {@link MockProvider.Builder#metadata} also
   * {@code /ID/.well-known/openid-configuration}. Needs the
   * authorization_code grant.
   *
   * @param enabled false by default; the standard provider's is true
   * @return this builder
   */
  public final MockProvider.Builder openIdConnect(boolean enabled) {
    this.openId = enabled;
    return self();
  }

  /**
   * Sets the algorithm of its ID tokens.
   *
   * @param algorithm {@link SigningAlgorithm#RS256} by default
   * @return this builder
   */
  public final MockProvider.Builder idTokenSigningAlgorithm(SigningAlgorithm algorithm) {
    this.idTokenAlg = Objects.requireNonNull(algorithm, "algorithm == null");
    return self();
  }

  /**
   * Sets whether a token request over the mutual TLS listener with a client certificate gets
   * tokens bound to it ({@code cnf} {@code x5t#S256}, RFC 8705 §3), which its APIs then take
   * only over mutual TLS with the same certificate.
   *
   * @param bound false by default; the standard provider's is true
   * @return this builder
   */
  public final MockProvider.Builder certificateBoundAccessTokens(boolean bound) {
    this.certificateBound = bound;
    return self();
  }

  /**
   * Sets how long a device code (RFC 8628 §3.2 {@code expires_in}) lives, unless the server's
   * settings say otherwise.
   *
   * @param lifetime a positive whole number of seconds; 10 minutes by default
   * @return this builder
   */
  public final MockProvider.Builder deviceCodeLifetime(Duration lifetime) {
    this.deviceCodeLifetime = Settings.checkLifetime(lifetime, "lifetime");
    return self();
  }

  /**
   * Sets the polling interval a device authorization first gives (RFC 8628 §3.2
   * {@code interval}), unless the server's settings say otherwise; each {@code slow_down}
   * adds 5 seconds.
   *
   * @param interval a positive whole number of seconds; 5 seconds by default
   * @return this builder
   */
  public final MockProvider.Builder devicePollingInterval(Duration interval) {
    this.devicePollingInterval = Settings.checkLifetime(interval, "interval");
    return self();
  }

/** {@return the extension settings, checked against the grants and the presentation} */
ProviderExtensions extensions() {
  if (requireDpop && presentation != TokenPresentation.DPOP) {
    throw new IllegalStateException("requireDpop needs tokenPresentation(DPOP)");
  }
  boolean code = grants.contains(MockProvider.GrantType.AUTHORIZATION_CODE);
  if (openId && !code) {
    throw new IllegalStateException("openIdConnect needs the authorization_code grant");
  }
  if (requirePar && (parPath == null || !code)) {
    throw new IllegalStateException("requirePushedAuthorizationRequests needs a parPath "
        + "and the authorization_code grant");
  }
  return new ProviderExtensions(requireDpop, dpopNonce, code ? parPath : null, requirePar,
      openId, idTokenAlg, deviceCodeLifetime, devicePollingInterval, certificateBound);
}
}
