package dev.latchkey.examples;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * docs/authorization-code.md, "Native apps and CLIs": a public client (no secret), a loopback
 * redirect on 127.0.0.1 (RFC 8252 §7.3) and PKCE. Uses only java.net, so it runs on Android too.
 */
final class NativeLogin {
  private NativeLogin() {
  }

  static OAuth2Client publicClient(String issuer, String clientId) throws IOException {
    // snippet:native-client
    OAuth2Client client = OAuth2Client.builder()
        .provider(Provider.discover(new OkHttpClient(), issuer)) // RFC 8414 metadata
        .clientId(clientId)                   // no clientSecret: a public client, PKCE protects the code
        .build();
    // end-snippet
    return client;
  }

  // snippet:native-loopback
  /** Signs the user in through their browser; {@code openBrowser} calls Desktop.browse, say. */
  static Token signIn(OAuth2Client client, Consumer<HttpUrl> openBrowser) throws IOException {
    try (ServerSocket receiver = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      String redirectUri = "http://127.0.0.1:" + receiver.getLocalPort() + "/callback";
      AuthorizationRequest request = client.newAuthorizationRequest()
          .redirectUri(redirectUri)                    // a free port, chosen per login
          .build();
      openBrowser.accept(request.url());
      receiver.setSoTimeout((int) Duration.ofMinutes(5).toMillis());
      while (true) {
        try (Socket browser = receiver.accept()) {     // SocketTimeoutException after 5 minutes
          String line = new BufferedReader(new InputStreamReader(browser.getInputStream(),
              StandardCharsets.US_ASCII)).readLine();  // GET /callback?code=…&state=… HTTP/1.1
          String target = line == null ? "" : line.split(" ")[1];
          boolean callback = target.startsWith("/callback?");
          OutputStream out = browser.getOutputStream();
          out.write(((callback ? "HTTP/1.1 200 OK" : "HTTP/1.1 404 Not Found")
              + "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"
              + (callback ? "Signed in. You can close this tab." : ""))
              .getBytes(StandardCharsets.UTF_8));
          if (callback) {
            // Checks state, then exchanges the code with the PKCE verifier.
            return client.exchange(request, "http://127.0.0.1" + target);
          }
        }
      }
    }
  }
  // end-snippet
}
