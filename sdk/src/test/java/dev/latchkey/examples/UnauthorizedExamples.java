package dev.latchkey.examples;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.TokenSession;
import java.time.Duration;
import okhttp3.OkHttpClient;

/** docs/401-handling.md. */
final class UnauthorizedExamples {
  private UnauthorizedExamples() {
  }

  static OkHttpClient shared(OkHttpClient appClient, TokenSession user) {
    // snippet:401-authorize-existing-client
    // Your app's client, with its timeouts, interceptors and connection pool:
    OkHttpClient base = appClient.newBuilder()
        .callTimeout(Duration.ofSeconds(20))
        .build();
    // One derived client per session; they all share base's connection pool.
    OkHttpClient api = user.authorize(base);
    // end-snippet
    return api;
  }

  static OAuth2Client treatAsExpired(String baseUrl, String clientId, String clientSecret) {
    // snippet:401-treat-as-expired
    OAuth2Client ora = OAuth2Client.builder()
        .provider(Provider.ora(baseUrl))
        .clientId(clientId)
        .clientSecret(clientSecret)
        .treatAsExpired(419)        // this gateway answers 419 for "token expired"
        .build();
    // end-snippet
    return ora;
  }
}
