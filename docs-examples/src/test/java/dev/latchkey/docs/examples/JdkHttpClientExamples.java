package dev.latchkey.docs.examples;

// snippet:http-clients-jdk-imports
import dev.latchkey.TokenSession;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
// end-snippet

/** docs/http-clients.md, "The JDK's HttpClient". */
final class JdkHttpClientExamples {
  private JdkHttpClientExamples() {
  }

  // snippet:http-clients-jdk
  static String listWorkspaces(TokenSession app, HttpClient http, String baseUrl)
      throws IOException, InterruptedException {
    URI workspaces = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/")
        .resolve("v1/workspaces");
    String token = app.accessToken();                // renewed ahead of its expiry
    HttpResponse<String> response = http.send(get(workspaces, token),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 401) {              // revoked, or expired early: renew, once
      response = http.send(get(workspaces, Bearer.retryToken(app, token)),
          HttpResponse.BodyHandlers.ofString());
    }
    return response.body();
  }

  static HttpRequest get(URI uri, String token) {
    return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).GET().build();
  }
  // end-snippet
}
