package dev.latchkey.examples;

import dev.latchkey.Dialect;
import dev.latchkey.Provider;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/** docs/providers.md. */
final class ProviderExamples {
  private ProviderExamples() {
  }

  // snippet:provider-custom
  /** A provider that takes JSON bodies and, like Orange Logic, sends the refresh token as code. */
  static Provider acme(String baseUrl) {
    HttpUrl base = HttpUrl.get(baseUrl);                // with or without a trailing slash
    return Provider.builder()
        .name("acme")                                     // for logs and store keys
        .authorizationEndpoint(base.newBuilder().addPathSegments("oauth2/authorize").build())
        .tokenEndpoint(base.newBuilder().addPathSegments("oauth2/token").build())
        .dialect(Dialect.builder()
            .encoding(Dialect.Encoding.JSON)              // FORM (default), JSON or QUERY
            .clientAuthentication(Dialect.ClientAuthentication.PARAMETERS)
            .refreshTokenParameter("code")                // default: refresh_token
            .renewal(Dialect.Renewal.REFRESH)             // or REACQUIRE when it cannot refresh
            .build())
        .build();
  }
  // end-snippet

  static Provider derived(String baseUrl, String gatewayTokenUrl) {
    // snippet:provider-derive
    Provider ora = Provider.ora(baseUrl);
    Provider behindGateway = ora.newBuilder()
        .tokenEndpoint(gatewayTokenUrl)                   // same dialect, another endpoint
        .build();
    // end-snippet
    return behindGateway;
  }

  static Provider discovered(String issuer) throws IOException {
    // snippet:provider-discover
    Provider provider = Provider.discover(new OkHttpClient(), issuer); // "https://id.example.com"
    // Endpoints from the metadata; provider.issuer() is set, so callbacks' iss is checked.
    // end-snippet
    return provider;
  }

  static Provider standard() {
    // snippet:provider-standard
    Provider provider = Provider.standard(
            "https://id.example.com/oauth2/authorize",
            "https://id.example.com/oauth2/token")
        .newBuilder()
        .userinfoEndpoint("https://id.example.com/oauth2/userinfo")
        .revocationEndpoint("https://id.example.com/oauth2/revoke")
        .issuer("https://id.example.com")                 // enables the RFC 9207 iss check
        .build();
    // end-snippet
    return provider;
  }
}
