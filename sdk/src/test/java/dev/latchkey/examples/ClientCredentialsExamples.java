package dev.latchkey.examples;

import dev.latchkey.Dialect;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenSession;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** docs/client-credentials.md. */
final class ClientCredentialsExamples {
  private ClientCredentialsExamples() {
  }

  static OAuth2Client basic(String serverUrl, String clientId, String clientSecret) {
    // snippet:client-credentials-basic
    OAuth2Client orgApi = OAuth2Client.builder()
        .provider(Provider.organizationApiBasic(serverUrl)) // POST {serverUrl}oauth2/token
        .clientId(clientId)
        .clientSecret(clientSecret)                         // sent as Authorization: Basic …
        .build();
    // end-snippet
    return orgApi;
  }

  static OAuth2Client query(String serverUrl, String clientId, String clientSecret) {
    // snippet:client-credentials-query
    OAuth2Client orgApi = OAuth2Client.builder()
        .provider(Provider.organizationApiQuery(serverUrl)) // every parameter in the URL query
        .clientId(clientId)
        .clientSecret(clientSecret)
        .build();
    // end-snippet
    return orgApi;
  }

  // snippet:client-credentials-session
  /** Reads the organization; the session gets, caches and renews the app's token. */
  static String organization(OAuth2Client orgApi, String serverUrl) throws IOException {
    TokenSession app = orgApi.clientCredentialsSession();  // one per client: keep and share it
    OkHttpClient api = app.authorize(new OkHttpClient());
    HttpUrl organization = HttpUrl.get(serverUrl).newBuilder()
        .addPathSegments("api/organization")                // with or without a trailing slash
        .build();
    Request request = new Request.Builder().url(organization).build();
    try (Response response = api.newCall(request).execute()) {
      return response.body().string();
    }
  }
  // end-snippet

  static Token oneShot(OAuth2Client orgApi) throws IOException {
    // snippet:client-credentials-one-shot
    Token token = orgApi.clientCredentials();       // a new token on every call: no cache
    String header = "Bearer " + token.accessToken(); // for a client that is not OkHttp
    // end-snippet
    return header.equals("Bearer " + token.accessToken()) ? token : null;
  }

  static OAuth2Client scoped(String tokenEndpoint, String clientId, String clientSecret) {
    // snippet:client-credentials-standard
    OAuth2Client reporting = OAuth2Client.builder()
        .provider(Provider.standard(null, tokenEndpoint)) // no authorization endpoint needed
        .clientId(clientId)
        .clientSecret(clientSecret)                       // Basic first, then in the body (AUTO)
        .scopes("read")
        .build();
    // end-snippet
    return reporting;
  }

  static Provider forcedBasic(String tokenEndpoint) {
    // snippet:client-credentials-force-basic
    Provider provider = Provider.standard(null, tokenEndpoint).newBuilder()
        .dialect(Dialect.standard().newBuilder()
            .clientAuthentication(Dialect.ClientAuthentication.BASIC) // never probe
            .build())
        .build();
    // end-snippet
    return provider;
  }
}
