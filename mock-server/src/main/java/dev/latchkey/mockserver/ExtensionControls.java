package dev.latchkey.mockserver;

import java.util.Objects;

/**
 * The {@link MockAuthServer} controls of the protocol extensions: one client's switches, ID token
 * key rotation and answering device authorizations as their user.
 */
abstract class ExtensionControls extends PrefixShortcuts {
  /**
   * Returns the switches of one client: its {@code private_key_jwt} keys, DPoP binding and PAR
   * requirement.
   *
   * @param provider a provider the server hosts
   * @param clientId a registered or demo client of it
   * @return its settings handle
   * @throws IllegalArgumentException if there is no such client
   */
  public final ClientSettings client(MockProvider provider, String clientId) {
    Objects.requireNonNull(clientId, "clientId == null");
    MockProvider p = state().hosted(provider);
    if (state().client(p, clientId) == null) {
      throw new IllegalArgumentException("no client \"" + clientId + "\" of " + p.id
          + "; register it first");
    }
    return new ClientSettings(state(), p, clientId);
  }

  /**
   * Rotates an OpenID Connect provider's ID token signing key: new ID tokens are signed with a
   * new key (a new {@code kid}); its JWKS publishes the new key and the one it replaced, which
   * the next rotation drops.
   *
   * @param provider a hosted provider built with {@link MockProvider.Builder#openIdConnect}
   * @return the new key's {@code kid}
   * @throws IllegalArgumentException if the provider is not an OpenID Connect provider
   */
  public final String rotateSigningKey(MockProvider provider) {
    return state().rotateSigningKeys(provider);
  }

  /**
   * Approves a pending device authorization (RFC 8628) as its user would on the verification
   * page; the device's next poll gets the tokens.
   *
   * @param userCode the user code the device shows, in any case, with or without the dash
   * @return false if no pending, unexpired authorization has that code
   */
  public final boolean approveDevice(String userCode) {
    return state().answerDevice(userCode, true);
  }

  /**
   * Denies a pending device authorization as its user would; the device's next poll gets
   * {@code access_denied}.
   *
   * @param userCode the user code the device shows
   * @return false if no pending, unexpired authorization has that code
   */
  public final boolean denyDevice(String userCode) {
    return state().answerDevice(userCode, false);
  }
}
