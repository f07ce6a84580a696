package dev.latchkey.mockserver;

import java.time.Duration;

/**
 * The runtime settings of one provider on one server, from {@link MockSettings#provider}. They
 * beat the server-wide settings, which beat the provider's own defaults.
 *
 * <p>Safe to use from any thread.
 */
public final class ProviderSettings {
  private final Settings settings;
  private final MockProvider provider;

  ProviderSettings(Settings settings, MockProvider provider) {
    this.settings = settings;
    this.provider = provider;
  }

  /** {@return the provider these settings belong to} */
  public MockProvider provider() {
    return provider;
  }

  /** {@return the lifetime of the access tokens it issues now, sent as {@code expires_in}} */
  public Duration accessTokenLifetime() {
    return settings.accessLifetime(provider);
  }

  /**
   * Sets the lifetime of the access tokens it issues from now on.
   *
   * @param lifetime a positive whole number of seconds
   * @return this handle
   */
  public ProviderSettings accessTokenLifetime(Duration lifetime) {
    settings.accessLifetimes.put(provider.id, Settings.checkLifetime(lifetime, "lifetime"));
    return this;
  }

  /** {@return the lifetime of the refresh tokens it issues now} */
  public Duration refreshTokenLifetime() {
    return settings.refreshLifetime(provider);
  }

  /**
   * Sets the lifetime of the refresh tokens it issues from now on.
   *
   * @param lifetime a positive whole number of seconds
   * @return this handle
   */
  public ProviderSettings refreshTokenLifetime(Duration lifetime) {
    settings.refreshLifetimes.put(provider.id, Settings.checkLifetime(lifetime, "lifetime"));
    return this;
  }

  /** {@return whether a refresh now returns a new refresh token and ends the old one} */
  public boolean rotatesRefreshTokens() {
    return settings.rotate(provider);
  }

  /**
   * Turns refresh token rotation on or off.
   *
   * @param rotate true to rotate
   * @return this handle
   */
  public ProviderSettings rotateRefreshTokens(boolean rotate) {
    settings.rotates.put(provider.id, rotate);
    return this;
  }

  /** {@return whether DPoP proofs must now carry a server nonce (RFC 9449 §8)} */
  public boolean dpopNonce() {
    return settings.dpopNonce(provider);
  }

  /**
   * Turns DPoP nonce challenges on or off: with them, a proof without a valid server nonce gets
   * {@code use_dpop_nonce} and a fresh {@code DPoP-Nonce} (400 at the token endpoint, 401 at
   * APIs).
   *
   * @param required true to require nonces
   * @return this handle
   */
  public ProviderSettings dpopNonce(boolean required) {
    settings.dpopNonces.put(provider.id, required);
    return this;
  }

  /** {@return whether the authorization endpoint now takes only pushed requests (RFC 9126)} */
  public boolean requirePushedAuthorizationRequests() {
    return settings.requirePar(provider);
  }

  /**
   * Sets whether the authorization endpoint takes only pushed requests (RFC 9126 §5).
   *
   * @param required true to require them
   * @return this handle
   * @throws IllegalStateException if the provider has no PAR endpoint
   */
  public ProviderSettings requirePushedAuthorizationRequests(boolean required) {
    if (provider.extensions.parPath == null) {
      throw new IllegalStateException(provider.id + " has no PAR endpoint; build it with "
          + "parPath(\"/par\")");
    }
    settings.requirePars.put(provider.id, required);
    return this;
  }

  /** {@return how long a device code (RFC 8628 §3.2 {@code expires_in}) issued now lives} */
  public Duration deviceCodeLifetime() {
    return settings.deviceCodeLifetime(provider);
  }

  /**
   * Sets how long device codes issued from now on live.
   *
   * @param lifetime a positive whole number of seconds
   * @return this handle
   * @throws IllegalStateException if the provider has no device authorization grant
   */
  public ProviderSettings deviceCodeLifetime(Duration lifetime) {
    settings.deviceCodeLifetimes.put(deviceFlow(), Settings.checkLifetime(lifetime, "lifetime"));
    return this;
  }

  /** {@return the polling interval (RFC 8628 §3.2 {@code interval}) a new device code gets} */
  public Duration devicePollingInterval() {
    return settings.devicePollingInterval(provider);
  }

  /**
   * Sets the polling interval device codes issued from now on start with; each
   * {@code slow_down} adds 5 seconds to it.
   *
   * @param interval a positive whole number of seconds
   * @return this handle
   * @throws IllegalStateException if the provider has no device authorization grant
   */
  public ProviderSettings devicePollingInterval(Duration interval) {
    settings.devicePollingIntervals.put(deviceFlow(),
        Settings.checkLifetime(interval, "interval"));
    return this;
  }

  private String deviceFlow() {
    if (!provider.supports(MockProvider.GrantType.DEVICE_CODE)) {
      throw new IllegalStateException(provider.id + " has no device authorization grant; build "
          + "it with grants(..., DEVICE_CODE)");
    }
    return provider.id;
  }

  @Override public String toString() {
    return "ProviderSettings{" + provider.id + "}";
  }
}
