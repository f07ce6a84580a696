package dev.latchkey.mockserver;

import java.time.Duration;

/**
 * The {@link MockAuthServer.Builder} setters kept from earlier versions: consent, lifetimes,
 * rotation and code lifetime, each short for a setting of
 * {@link MockAuthServer.Builder#settings()}.
 */
abstract class BuilderShortcuts {
  abstract MockSettings settings();

  /** {@return the builder's provider with prefix {@code id}; throws if none} */
  abstract MockProvider hosted(String id);

  /**
   * Sets what the authorization endpoint does with a valid request.
   *
   * @param mode the consent mode; {@link ConsentMode#AUTO_APPROVE} by default
   * @return this builder
   */
  public final MockAuthServer.Builder consent(ConsentMode mode) {
    settings().consent(mode);
    return (MockAuthServer.Builder) this;
  }

  /**
   * Sets the access token lifetime of every provider without a lifetime of its own.
   *
   * @param lifetime a positive whole number of seconds
   * @return this builder
   */
  public final MockAuthServer.Builder tokenLifetime(Duration lifetime) {
    settings().accessTokenLifetime(lifetime);
    return (MockAuthServer.Builder) this;
  }

  /**
   * Sets the access token lifetime of one built-in provider.
   *
   * @param provider a path prefix such as {@code "onna"}
   * @param lifetime a positive whole number of seconds
   * @return this builder
   */
  public final MockAuthServer.Builder tokenLifetime(String provider, Duration lifetime) {
    settings().provider(hosted(provider)).accessTokenLifetime(lifetime);
    return (MockAuthServer.Builder) this;
  }

  /**
   * Sets the refresh token lifetime of every provider without one of its own.
   *
   * @param lifetime a positive whole number of seconds; 30 days by default
   * @return this builder
   */
  public final MockAuthServer.Builder refreshTokenLifetime(Duration lifetime) {
    settings().refreshTokenLifetime(lifetime);
    return (MockAuthServer.Builder) this;
  }

  /**
   * Sets the refresh token lifetime of one provider.
   *
   * @param provider a path prefix such as {@code "orangelogic"}
   * @param lifetime a positive whole number of seconds
   * @return this builder
   */
  public final MockAuthServer.Builder refreshTokenLifetime(String provider, Duration lifetime) {
    settings().provider(hosted(provider)).refreshTokenLifetime(lifetime);
    return (MockAuthServer.Builder) this;
  }

  /**
   * Turns refresh token rotation on or off for every provider without a setting of its own.
   *
   * @param rotate true to rotate; by default on for all but Orange Logic
   * @return this builder
   */
  public final MockAuthServer.Builder rotateRefreshTokens(boolean rotate) {
    settings().rotateRefreshTokens(rotate);
    return (MockAuthServer.Builder) this;
  }

  /**
   * Turns refresh token rotation on or off for one provider.
   *
   * @param provider a path prefix such as {@code "ora"}
   * @param rotate true to rotate
   * @return this builder
   */
  public final MockAuthServer.Builder rotateRefreshTokens(String provider, boolean rotate) {
    settings().provider(hosted(provider)).rotateRefreshTokens(rotate);
    return (MockAuthServer.Builder) this;
  }

  /**
   * Sets how long an authorization code stays valid.
   *
   * @param lifetime a positive whole number of seconds; 60 seconds by default
   * @return this builder
   */
  public final MockAuthServer.Builder codeLifetime(Duration lifetime) {
    settings().codeLifetime(lifetime);
    return (MockAuthServer.Builder) this;
  }
}
