package dev.latchkey.samples.webapp;

import dev.latchkey.Provider;
import java.io.IOException;
import java.util.logging.Logger;
import okhttp3.OkHttpClient;

/**
 * Turns a provider into an OpenID Connect one where its server offers it: the issuer's metadata
 * lists a {@code jwks_uri}, so the app asks for {@code openid}, validates the ID token, and signs
 * out at the provider's end-session endpoint too.
 */
final class OpenIdConnect {
  private static final Logger LOG = Logger.getLogger(OpenIdConnect.class.getName());

  private OpenIdConnect() {
  }

  /** True when ID tokens of {@code provider} can be validated. */
  static boolean offeredBy(Provider provider) {
    return provider.jwksUri() != null && provider.issuer() != null;
  }

  /**
   * Returns {@code provider} with the issuer, JWKS and end-session endpoint of the metadata at
   * {@code issuer}, or {@code provider} unchanged when the server publishes none (plain OAuth2).
   */
  static Provider upgrade(Provider provider, String issuer, OkHttpClient http) {
    Provider discovered;
    try {
      discovered = Provider.discover(http, issuer);
    } catch (IOException | IllegalArgumentException e) {
      LOG.fine(() -> provider.name() + " publishes no usable metadata; signing in with plain"
          + " OAuth2: " + e.getMessage());
      return provider;
    }
    if (!offeredBy(discovered)) {
      return provider;
    }
    return provider.newBuilder()
        .issuer(discovered.issuer())
        .jwksUri(discovered.jwksUri())
        .endSessionEndpoint(discovered.endSessionEndpoint())
        .build();
  }

  /** The issuer identifier of a base URL: the same URL without its trailing slash. */
  static String issuerOf(String baseUrl) {
    return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }
}
