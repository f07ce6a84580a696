package dev.latchkey.mockserver;

import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The one place to change how a {@link MockAuthServer} behaves: consent, code lifetime, and the
 * token lifetimes and rotation of every provider ({@link #provider(MockProvider)} for one).
 * The same handle works before start ({@link MockAuthServer.Builder#settings()}, which
 * {@link MockAuthServer#reset()} restores) and while running ({@link MockAuthServer#settings()}),
 * where a change applies to what is issued from then on.
 *
 * <pre>{@code
 * server.settings().consent(ConsentMode.PROMPT).accessTokenLifetime(Duration.ofMinutes(5));
 * server.settings().provider(MockProvider.ONNA).accessTokenLifetime(Duration.ofSeconds(30));
 * }</pre>
 *
 * <p>Safe to use from any thread.
 */
public final class MockSettings {
  private final Settings settings;
  private final UnaryOperator<MockProvider> hosted;

  MockSettings(Settings settings, UnaryOperator<MockProvider> hosted) {
    this.settings = settings;
    this.hosted = hosted;
  }

  /**
   * Returns the settings of one provider.
   *
   * @param provider a provider the server hosts
   * @return its settings handle
   * @throws IllegalArgumentException if the server does not host it
   */
  public ProviderSettings provider(MockProvider provider) {
    return new ProviderSettings(settings, hosted.apply(provider));
  }

  /** {@return what the authorization endpoint does with a valid request} */
  public ConsentMode consent() {
    return settings.consent;
  }

  /**
   * Sets what the authorization endpoint does with a valid request.
   *
   * @param mode show a page, approve at once ({@link ConsentMode#AUTO_APPROVE}, the embedded
   *     default), or deny at once
   * @return this handle
   */
  public MockSettings consent(ConsentMode mode) {
    settings.consent = Objects.requireNonNull(mode, "mode == null");
    return this;
  }

  /** {@return how long an authorization code stays valid} */
  public Duration codeLifetime() {
    return settings.codeLifetime;
  }

  /**
   * Sets how long an authorization code stays valid.
   *
   * @param lifetime a positive whole number of seconds; 60 seconds by default
   * @return this handle
   */
  public MockSettings codeLifetime(Duration lifetime) {
    settings.codeLifetime = Settings.checkLifetime(lifetime, "lifetime");
    return this;
  }

  /**
   * Sets the access token lifetime of every provider without a lifetime of its own here.
   *
   * @param lifetime a positive whole number of seconds
   * @return this handle
   */
  public MockSettings accessTokenLifetime(Duration lifetime) {
    settings.accessLifetime = Settings.checkLifetime(lifetime, "lifetime");
    return this;
  }

  /**
   * Sets the refresh token lifetime of every provider without one of its own here.
   *
   * @param lifetime a positive whole number of seconds; each provider's default (30 days for
   *     the built-ins) otherwise
   * @return this handle
   */
  public MockSettings refreshTokenLifetime(Duration lifetime) {
    settings.refreshLifetime = Settings.checkLifetime(lifetime, "lifetime");
    return this;
  }

  /**
   * Turns refresh token rotation on or off for every provider without a setting of its own
   * here. With rotation a refresh returns a new refresh token and the old one stops working.
   *
   * @param rotate true to rotate; each provider's default otherwise
   * @return this handle
   */
  public MockSettings rotateRefreshTokens(boolean rotate) {
    settings.rotate = rotate;
    return this;
  }

  @Override public String toString() {
    return "MockSettings{consent=" + settings.consent + "}";
  }
}
