package dev.latchkey.samples.cli;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.OAuth2Client;
import dev.latchkey.OAuth2Exception;
import dev.latchkey.Token;
import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Completes an authorization-code login without a browser, for the embedded mock server in
 * auto-approve (or auto-deny) mode: it fetches the authorization URL and reads the redirect the
 * server answers with. Real providers need a person: use {@code login}.
 */
final class HeadlessLogin {
  /** Any loopback port and path is registered for the mock server's demo clients (RFC 8252 §7.3). */
  static final String REDIRECT_URI = "http://127.0.0.1/callback";

  private HeadlessLogin() {
  }

  static Token login(OAuth2Client client, boolean par) throws IOException {
    AuthorizationRequest request = SecurityOptions.start(
        client.newAuthorizationRequest().redirectUri(REDIRECT_URI), par);
    OkHttpClient browser = client.httpClient().newBuilder().followRedirects(false).build();
    try (Response response = browser.newCall(new Request.Builder().url(request.url()).build())
        .execute()) {
      String location = response.header("Location");
      if (!response.isRedirect() || location == null) {
        throw new OAuth2Exception("The authorization endpoint answered HTTP " + response.code()
            + " instead of redirecting back; is the mock server in auto-approve mode?");
      }
      return client.exchange(request, location);
    }
  }
}
