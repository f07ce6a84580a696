package dev.latchkey.spring;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.TokenListener;
import dev.latchkey.TokenStore;
import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * Builds one {@link OAuth2Client} from {@code latchkey.clients.<name>.*}, failing with the
 * property's name at the first wrong value. The SDK's own checks (https except loopback, a
 * redirect URI's form, scope syntax) do the judging; this class says which property they judged.
 */
final class ClientFactory {
  static final String BUILT_IN = "ora, orangelogic, orgapi-basic, orgapi-query, orgo, onna";

  private ClientFactory() {
  }

  /** Returns the provider {@code latchkey.clients.<name>.provider} and its URIs describe. */
  static Provider provider(String name, ClientProperties c, OkHttpClient http) {
    return resolve("latchkey.clients." + name + ".", c, http);
  }

  static OAuth2Client build(String name, ClientProperties c, Provider provider,
      OkHttpClient http, Clock clock, TokenStore store, TokenListener listener) {
    String p = "latchkey.clients." + name + ".";
    OAuth2Client.Builder builder = OAuth2Client.builder()
        .provider(provider)
        .httpClient(http)
        .clock(clock)
        .tokenStore(store)
        .listener(listener);
    String clientId = required(p + "client-id", c.getClientId(), "set the client id the provider"
        + " issued");
    check(p + "client-id", () -> builder.clientId(clientId));
    if (c.getClientSecret() == null || c.getClientSecret().isEmpty()) {
      if (!c.isPublicClient()) {
        throw new LatchkeyConfigurationException(p + "client-secret", "is missing",
            "Set " + p + "client-secret (from an environment variable or a secret store, not a"
                + " committed file), or set " + p + "public-client=true for a public client"
                + " that relies on PKCE", null);
      }
    } else {
      if (c.isPublicClient()) {
        throw new LatchkeyConfigurationException(p + "public-client", "is true, but "
            + p + "client-secret is set", "Remove one of the two", null);
      }
      check(p + "client-secret", () -> builder.clientSecret(c.getClientSecret()));
    }
    check(p + "scopes", () -> builder.scopes(c.getScopes().toArray(new String[0])));
    if (c.getRedirectUri() != null) {
      check(p + "redirect-uri", () -> builder.redirectUri(c.getRedirectUri()));
    }
    if (c.getRenewBefore() != null) {
      check(p + "renew-before", () -> builder.renewBefore(c.getRenewBefore()));
    }
    if (c.getRenewalTimeout() != null) {
      check(p + "renewal-timeout", () -> builder.renewalTimeout(c.getRenewalTimeout()));
    }
    if (c.getAuthorizationRequestLifetime() != null) {
      check(p + "authorization-request-lifetime",
          () -> builder.authorizationRequestLifetime(c.getAuthorizationRequestLifetime()));
    }
    if (c.getMaxRetries() != null) {
      check(p + "max-retries", () -> builder.maxRetries(c.getMaxRetries()));
    }
    for (Integer status : c.getTreatAsExpired()) {
      check(p + "treat-as-expired", () -> builder.treatAsExpired(status));
    }
    return builder.build();
  }

  private static Provider resolve(String p, ClientProperties c, OkHttpClient http) {
    String kind = required(p + "provider", c.getProvider(), "set it to a built-in provider ("
        + BUILT_IN + "), standard or issuer");
    String baseUrl = p + "base-url";
    switch (kind.toLowerCase(Locale.ROOT)) {
      case "ora":
        return check(baseUrl, () -> Provider.ora(required(baseUrl, c.getBaseUrl(), "set the"
            + " server's base URL")));
      case "orangelogic":
        return check(baseUrl, () -> Provider.orangeLogic(required(baseUrl, c.getBaseUrl(),
            "set the server's base URL")));
      case "orgapi-basic":
        return check(baseUrl, () -> Provider.organizationApiBasic(required(baseUrl,
            c.getBaseUrl(), "set the server's base URL")));
      case "orgapi-query":
        return check(baseUrl, () -> Provider.organizationApiQuery(required(baseUrl,
            c.getBaseUrl(), "set the server's base URL")));
      case "orgo":
        return check(baseUrl, () -> Provider.orgo(required(baseUrl, c.getBaseUrl(),
            "set the server's base URL")));
      case "onna":
        return c.getBaseUrl() == null ? Provider.onna()
            : check(baseUrl, () -> Provider.onna(c.getBaseUrl()));
      case "standard":
        return standard(p, c);
      case "issuer":
        String issuer = required(p + "issuer-uri", c.getIssuerUri(), "set the issuer whose"
            + " metadata lists the endpoints");
        return check(p + "issuer-uri", () -> {
          try {
            return Provider.discover(http, issuer);
          } catch (IOException e) {
            throw new LatchkeyConfigurationException(p + "issuer-uri", "discovery at \""
                + issuer + "\" failed: " + e.getMessage(), "Check the issuer URI and that the"
                + " server is reachable at start-up, or configure provider=standard with its"
                + " endpoint URIs", e);
          }
        });
      default:
        throw new LatchkeyConfigurationException(p + "provider", "unknown provider \"" + kind
            + "\"", "Use a built-in provider (" + BUILT_IN + "), standard (with token-uri and"
                + " the other endpoint URIs) or issuer (with issuer-uri)", null);
    }
  }

  private static Provider standard(String p, ClientProperties c) {
    String tokenUri = required(p + "token-uri", c.getTokenUri(), "set the token endpoint URI");
    Provider.Builder builder = Provider.builder().name("standard");
    check(p + "token-uri", () -> builder.tokenEndpoint(tokenUri));
    if (c.getAuthorizationUri() != null) {
      check(p + "authorization-uri", () -> builder.authorizationEndpoint(c.getAuthorizationUri()));
    }
    if (c.getUserinfoUri() != null) {
      check(p + "userinfo-uri", () -> builder.userinfoEndpoint(c.getUserinfoUri()));
    }
    if (c.getRevocationUri() != null) {
      check(p + "revocation-uri", () -> builder.revocationEndpoint(c.getRevocationUri()));
    }
    return check(p + "provider", builder::build);
  }

  private static String required(String property, String value, String action) {
    if (value == null || value.isBlank()) {
      throw new LatchkeyConfigurationException(property, "is missing",
          Character.toUpperCase(action.charAt(0)) + action.substring(1), null);
    }
    return value;
  }

  /** Runs one SDK step; its refusal becomes a failure that names {@code property}. */
  private static <T> T check(String property, Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new LatchkeyConfigurationException(property, e.getMessage(),
          "Fix " + property + " as the message says", e);
    }
  }
}
