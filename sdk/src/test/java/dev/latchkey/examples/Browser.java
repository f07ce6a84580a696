package dev.latchkey.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Token;
import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** Test helper that plays the user's browser against the mock server (which auto-approves). */
final class Browser {
  private static final OkHttpClient HTTP = new OkHttpClient.Builder()
      .followRedirects(false).build();

  private Browser() {
  }

  /** Fetches {@code url} and returns the Location the server redirects to. */
  static String follow(String url) throws IOException {
    try (Response response = HTTP.newCall(new Request.Builder().url(url).build()).execute()) {
      assertEquals(302, response.code(), "the authorization endpoint should redirect back");
      return response.header("Location");
    }
  }

  /** Runs a whole sign-in: authorization request, approval, code exchange. */
  static Token signIn(OAuth2Client client) throws IOException {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    return client.exchange(request, follow(request.url().toString()));
  }
}
