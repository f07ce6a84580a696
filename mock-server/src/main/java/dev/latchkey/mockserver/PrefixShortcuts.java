package dev.latchkey.mockserver;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * The {@link MockAuthServer} methods kept from earlier versions: those that name a provider by
 * its path prefix, each short for the typed one, and the consent, lifetime and rotation
 * shortcuts for {@link MockAuthServer#settings()}.
 */
abstract class PrefixShortcuts extends TrafficControls {
  abstract MockProvider provider(String id);

  abstract URI baseUrl(MockProvider provider);

  abstract DemoClient demoClient(MockProvider provider);

  abstract DemoClient registerClient(MockProvider provider, String clientId, String clientSecret,
      List<String> redirectUris, Collection<String> scopes);

  abstract MockSettings settings();

  abstract ProviderSettings settings(MockProvider provider);

  /**
   * Returns the base URL of a hosted provider named by its prefix.
   *
   * @param provider a path prefix such as {@code "ora"}
   * @return for example {@code http://127.0.0.1:8080/ora/}
   */
  public final URI baseUrl(String provider) {
    return baseUrl(provider(provider));
  }

  /**
   * Returns the confidential demo client of a hosted provider named by its prefix.
   *
   * @param provider a path prefix such as {@code "ora"}
   * @return the demo client
   */
  public final DemoClient demoClient(String provider) {
    return demoClient(provider(provider));
  }

  /**
   * Registers (or replaces) a client of a hosted provider named by its prefix; see
   * {@link MockAuthServer#registerClient(MockProvider, String, String, List, Collection)}.
   *
   * @param provider a path prefix such as {@code "orgo"}
   * @param clientId the client id
   * @param clientSecret the secret, or null for a public client
   * @param redirectUris the absolute redirect URIs the client may use
   * @param scopes the scopes the client may request, or null for any the provider knows
   * @return the registered client
   */
  public final DemoClient registerClient(String provider, String clientId, String clientSecret,
      List<String> redirectUris, Collection<String> scopes) {
    return registerClient(provider(provider), clientId, clientSecret, redirectUris, scopes);
  }

  /** {@return what the authorization endpoint does with a valid request} */
  public final ConsentMode consent() {
    return settings().consent();
  }

  /**
   * Switches what the authorization endpoint does with a valid request; see
   * {@link MockSettings#consent(ConsentMode)}.
   *
   * @param mode show a page, approve at once, or deny at once
   */
  public final void consent(ConsentMode mode) {
    settings().consent(mode);
  }

  /**
   * Sets the access token lifetime of every provider without one of its own; see
   * {@link MockSettings#accessTokenLifetime(Duration)}.
   *
   * @param lifetime a positive whole number of seconds
   */
  public final void tokenLifetime(Duration lifetime) {
    settings().accessTokenLifetime(lifetime);
  }

  /**
   * Sets the access token lifetime of one provider; see {@link ProviderSettings}.
   *
   * @param provider a path prefix such as {@code "onna"}
   * @param lifetime a positive whole number of seconds
   */
  public final void tokenLifetime(String provider, Duration lifetime) {
    settings(provider(provider)).accessTokenLifetime(lifetime);
  }

  /**
   * Returns the lifetime of access tokens {@code provider} issues now.
   *
   * @param provider a path prefix such as {@code "onna"}
   * @return the lifetime, which the token response carries as {@code expires_in}
   */
  public final Duration tokenLifetime(String provider) {
    return settings(provider(provider)).accessTokenLifetime();
  }

  /**
   * Sets the refresh token lifetime of every provider without one of its own.
   *
   * @param lifetime a positive whole number of seconds
   */
  public final void refreshTokenLifetime(Duration lifetime) {
    settings().refreshTokenLifetime(lifetime);
  }

  /**
   * Sets the refresh token lifetime of one provider.
   *
   * @param provider a path prefix such as {@code "orangelogic"}
   * @param lifetime a positive whole number of seconds
   */
  public final void refreshTokenLifetime(String provider, Duration lifetime) {
    settings(provider(provider)).refreshTokenLifetime(lifetime);
  }

  /**
   * Turns refresh token rotation on or off for every provider without a setting of its own.
   *
   * @param rotate true to rotate
   */
  public final void rotateRefreshTokens(boolean rotate) {
    settings().rotateRefreshTokens(rotate);
  }

  /**
   * Turns refresh token rotation on or off for one provider.
   *
   * @param provider a path prefix such as {@code "ora"}
   * @param rotate true to rotate
   */
  public final void rotateRefreshTokens(String provider, boolean rotate) {
    settings(provider(provider)).rotateRefreshTokens(rotate);
  }

  /**
   * Returns the requests received so far under a hosted provider's prefix, oldest first.
   *
   * @param provider a path prefix such as {@code "ora"}
   * @return the provider's requests
   */
  public final List<JournalEntry> journal(String provider) {
    return journal(provider(provider));
  }

  /**
   * Returns how many requests reached a hosted provider's token endpoint with a grant type.
   *
   * @param provider a path prefix such as {@code "ora"}
   * @param grantType such as {@code "refresh_token"}, or {@code "none"}
   * @return the count
   */
  public final int tokenRequests(String provider, String grantType) {
    return tokenRequests(provider(provider), grantType);
  }

  /**
   * Returns how many requests reached a hosted provider's token endpoint, any grant type.
   *
   * @param provider a path prefix such as {@code "ora"}
   * @return the count
   */
  public final int tokenRequests(String provider) {
    return tokenRequests(provider(provider));
  }
}
