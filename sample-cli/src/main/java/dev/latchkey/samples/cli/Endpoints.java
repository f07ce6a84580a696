package dev.latchkey.samples.cli;

import dev.latchkey.Provider;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * The endpoints a provider command talks to, and where each came from: the metadata of
 * {@code --issuer} (RFC 8414, then OpenID discovery), the paths {@code --base-url} implies, or an
 * endpoint flag, which overrides both. {@code -v} prints them.
 */
final class Endpoints {
  /** The RFC 9207 §3 metadata field saying that every authorization response carries iss. */
  static final String ISS_PARAMETER_SUPPORTED = "authorization_response_iss_parameter_supported";

  final Provider provider;
  /** Where each endpoint came from, by endpoint name, in the order -v prints them. */
  private final Map<String, String> origins;

  private Endpoints(Provider provider, Map<String, String> origins) {
    this.provider = provider;
    this.origins = origins;
  }

  /**
   * Resolves the endpoints from the options. {@code baseUrl} is {@code --base-url}, or the
   * embedded mock server's base; {@code http} fetches the issuer's metadata.
   */
  static Endpoints resolve(ProviderKind kind, ProviderOptions options, String baseUrl,
      boolean embedded, OkHttpClient http) throws IOException {
    Map<String, String> origins = new LinkedHashMap<>();
    Provider.Builder builder;
    if (options.issuer != null) {
      if (baseUrl != null) {
        throw new IllegalArgumentException("--issuer and --base-url both name the server; give"
            + " one of them (endpoint flags override either)");
      }
      MetadataRecorder metadata = new MetadataRecorder();
      Provider discovered = Provider.discover(http.newBuilder().addInterceptor(metadata).build(),
          options.issuer);
      builder = kind == ProviderKind.STANDARD ? discovered.newBuilder()
          // Another kind keeps its dialect; only the endpoints and issuer come from the metadata.
          : kind.provider(discovered.tokenEndpoint().toString()).newBuilder()
              .authorizationEndpoint(discovered.authorizationEndpoint())
              .tokenEndpoint(discovered.tokenEndpoint())
              .userinfoEndpoint(discovered.userinfoEndpoint())
              .revocationEndpoint(discovered.revocationEndpoint())
              .deviceAuthorizationEndpoint(discovered.deviceAuthorizationEndpoint())
              .jwksUri(discovered.jwksUri())
              .endSessionEndpoint(discovered.endSessionEndpoint())
              .issuer(discovered.issuer())
              .issuerParameterRequired(discovered.issuerParameterRequired());
      originOf(discovered, metadata.source(), origins);
    } else if (baseUrl != null) {
      Provider derived = kind.provider(baseUrl);
      builder = derived.newBuilder();
      originOf(derived, embedded ? "the embedded mock server" : "derived from --base-url",
          origins);
    } else if (options.tokenUrl != null) {
      // A placeholder base supplies the dialect; every endpoint it derives is replaced below.
      builder = kind.provider(options.tokenUrl).newBuilder()
          .authorizationEndpoint((String) null).userinfoEndpoint((String) null)
          .revocationEndpoint((String) null);
    } else {
      throw new IllegalArgumentException("--token-url is required when neither --issuer nor"
          + " --base-url is given");
    }
    if (options.authorizeUrl != null) {
      builder.authorizationEndpoint(options.authorizeUrl);
      origins.put("authorization", "from --authorize-url");
    }
    if (options.tokenUrl != null) {
      builder.tokenEndpoint(options.tokenUrl);
      origins.put("token", "from --token-url");
    }
    if (options.userinfoUrl != null) {
      builder.userinfoEndpoint(options.userinfoUrl);
      origins.put("userinfo", "from --userinfo-url");
    }
    if (options.revokeUrl != null) {
      builder.revocationEndpoint(options.revokeUrl);
      origins.put("revocation", "from --revoke-url");
    }
    Provider provider = builder.build();
    // The name is part of the application's token key: tokens of one server never go to another.
    provider = provider.newBuilder().name(kind.cliName + " at " + provider.tokenEndpoint()).build();
    return new Endpoints(provider, origins);
  }

  private static void originOf(Provider provider, String origin, Map<String, String> origins) {
    if (provider.authorizationEndpoint() != null) {
      origins.put("authorization", origin);
    }
    origins.put("token", origin);
    if (provider.userinfoEndpoint() != null) {
      origins.put("userinfo", origin);
    }
    if (provider.revocationEndpoint() != null) {
      origins.put("revocation", origin);
    }
  }

  /** Prints, for {@code -v}, each endpoint and where it came from, and how iss is checked. */
  void describe(PrintWriter err) {
    err.println("latchkey-cli: endpoints of " + provider.name() + ":");
    row(err, "authorization", provider.authorizationEndpoint());
    row(err, "token", provider.tokenEndpoint());
    row(err, "userinfo", provider.userinfoEndpoint());
    row(err, "revocation", provider.revocationEndpoint());
    String issuer = provider.issuer();
    err.printf("  %-14s %s%n", "issuer", issuer == null ? "(none: a callback's iss is not checked)"
        : TerminalText.line(issuer) + (provider.issuerParameterRequired()
            ? " (a callback must carry this iss: the metadata says " + ISS_PARAMETER_SUPPORTED + ")"
            : " (a callback's iss, when present, must equal it)"));
    err.flush();
  }

  private void row(PrintWriter err, String name, HttpUrl url) {
    err.printf("  %-14s %s%n", name, url == null ? "(none)"
        : shown(url) + " (" + origins.get(name) + ")");
  }

  /** Returns {@code url} as it is safe to print: without credentials, query or fragment. */
  static String shown(HttpUrl url) {
    return url.newBuilder().username("").password("").query(null).fragment(null).build()
        .toString();
  }

  /** Notes which metadata document discovery used (the first 200, as the SDK takes). */
  private static final class MetadataRecorder implements Interceptor {
    HttpUrl url;

    @Override
    public Response intercept(Chain chain) throws IOException {
      Response response = chain.proceed(chain.request());
      if (response.code() == 200 && url == null) {
        url = response.request().url();
      }
      return response;
    }

    String source() {
      String kind = url.encodedPath().endsWith("/openid-configuration")
          ? "OpenID discovery" : "RFC 8414 metadata";
      return "from " + kind + " at " + shown(url);
    }
  }
}
