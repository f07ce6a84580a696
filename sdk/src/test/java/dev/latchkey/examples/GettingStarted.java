package dev.latchkey.examples;

// snippet:getting-started-imports
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenSession;
import dev.latchkey.mockserver.MockAuthServer;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
// end-snippet

/** docs/getting-started.md: a first token and a first API call, against the mock server. */
public final class GettingStarted {
  private GettingStarted() {
  }

  /** Runs the whole page against the bundled mock server. */
  public static void main(String[] args) throws IOException {
    // snippet:getting-started-mock
    try (MockAuthServer mock = MockAuthServer.builder().build()) {
      mock.start();
      String baseUrl = mock.baseUrl("onna").toString();             // http://127.0.0.1:PORT/onna/
      String clientId = mock.demoClient("onna").clientId();         // onna-demo-client
      String clientSecret = mock.demoClient("onna").clientSecret(); // onna-demo-secret

      System.out.println(firstToken(baseUrl, clientId, clientSecret));
      System.out.println(createWorkspace(baseUrl, clientId, clientSecret));
    }
    // end-snippet
  }

  /** Runs the page against the real Onna; not run by the tests (it needs credentials). */
  static void againstOnna() throws IOException {
    // snippet:getting-started-real
    String baseUrl = "https://api.onna.com/";                 // Provider.onna(baseUrl) == Provider.onna()
    String clientId = System.getenv("ONNA_CLIENT_ID");
    String clientSecret = System.getenv("ONNA_CLIENT_SECRET");

    System.out.println(firstToken(baseUrl, clientId, clientSecret));
    System.out.println(createWorkspace(baseUrl, clientId, clientSecret));
    // end-snippet
  }

  // snippet:getting-started-token
  static Token firstToken(String baseUrl, String clientId, String clientSecret)
      throws IOException {
    try (OAuth2Client onna = OAuth2Client.builder()
        .provider(Provider.onna(baseUrl))          // token endpoint: {baseUrl}v1/oauth/token
        .clientId(clientId)
        .clientSecret(clientSecret)
        .build()) {
      return onna.clientCredentials();             // one token request, no caching, no renewal
    }
  }
  // end-snippet

  // snippet:getting-started-call
  static String createWorkspace(String baseUrl, String clientId, String clientSecret)
      throws IOException {
    try (OAuth2Client onna = OAuth2Client.builder()
        .provider(Provider.onna(baseUrl))
        .clientId(clientId)
        .clientSecret(clientSecret)
        .build()) {
      TokenSession app = onna.clientCredentialsSession();  // gets and renews the app's token
      OkHttpClient api = app.authorize(new OkHttpClient()); // adds "Authorization: Bearer …"

      HttpUrl workspaces = HttpUrl.get(baseUrl).newBuilder()
          .addPathSegments("v1/workspaces")                // with or without a trailing slash
          .build();
      Request request = new Request.Builder()
          .url(workspaces)
          .post(RequestBody.create("{\"name\": \"Getting started\"}",
              MediaType.get("application/json")))
          .build();
      try (Response response = api.newCall(request).execute()) {
        if (!response.isSuccessful()) {
          throw new IOException("Onna answered HTTP " + response.code());
        }
        return response.body().string();
      }
    }
  }
  // end-snippet
}
