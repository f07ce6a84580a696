package dev.latchkey.samples.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Receives the authorization server's redirect on {@code http://127.0.0.1:PORT/callback}, the
 * native-app loopback redirect of RFC 8252 §7.3. Listens on the loopback interface only.
 */
final class LoopbackReceiver implements AutoCloseable {
  private static final String PAGE = "<!doctype html><html><head><meta charset=\"utf-8\">"
      + "<title>Latchkey</title><style>body{font-family:system-ui,sans-serif;margin:4em auto;"
      + "max-width:32em;color:#222}</style></head><body><h1>%s</h1><p>%s</p></body></html>";

  private final HttpServer server;
  private final CompletableFuture<String> callback = new CompletableFuture<>();

  LoopbackReceiver(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/callback", this::handle);
    server.start();
  }

  /** The redirect URI to register and send: exactly this string is compared by the server. */
  String redirectUri() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/callback";
  }

  private void handle(HttpExchange exchange) throws IOException {
    String query = exchange.getRequestURI().getRawQuery();
    String uri = redirectUri() + (query == null ? "" : "?" + query);
    boolean error = query != null && (query.startsWith("error=") || query.contains("&error="));
    String page = String.format(PAGE,
        error ? "Sign-in did not complete" : "Signed in",
        error ? "The provider did not grant access. Return to the terminal for details."
            : "You can close this tab and return to the terminal.");
    byte[] body = page.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
    callback.complete(uri);
  }

  /** Waits for the redirect and returns the full callback URI. */
  String await(Duration timeout) throws IOException {
    try {
      return callback.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new LoginTimeoutException("No redirect arrived within " + timeout.getSeconds()
          + " s; open the printed URL in a browser, or raise --timeout");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("Interrupted while waiting for the redirect");
    } catch (ExecutionException e) {
      throw new IOException(e.getCause());
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
