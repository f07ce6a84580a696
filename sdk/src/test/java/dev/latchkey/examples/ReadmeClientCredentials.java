package dev.latchkey.examples;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.TokenSession;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** README.md, "Client credentials in a few lines". */
final class ReadmeClientCredentials {
  private ReadmeClientCredentials() {
  }

  /** Prints a new workspace; {@code baseUrl} is https://api.onna.com/ in production. */
  static void printNewWorkspace(String baseUrl, String clientId, String clientSecret)
      throws IOException {
    // snippet:readme-client-credentials
    OAuth2Client onna = OAuth2Client.builder()
        .provider(Provider.onna(baseUrl))                // baseUrl = "https://api.onna.com/"
        .clientId(clientId)
        .clientSecret(clientSecret)
        .build();

    TokenSession app = onna.clientCredentialsSession();  // acquires, renews, re-acquires
    OkHttpClient api = app.authorize(new OkHttpClient()); // adds "Authorization: Bearer …"

    HttpUrl workspaces = HttpUrl.get(baseUrl).newBuilder()
        .addPathSegments("v1/workspaces")              // with or without a trailing slash
        .build();
    Request request = new Request.Builder()
        .url(workspaces)
        .post(RequestBody.create("{}", MediaType.get("application/json")))
        .build();
    try (Response response = api.newCall(request).execute()) {
      System.out.println(response.body().string());
    }
    // end-snippet
    onna.close();
  }
}
