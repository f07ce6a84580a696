package dev.latchkey.samples.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.latchkey.Token;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.HttpUrl;

/**
 * Receives the authorization server's redirect on {@code http://127.0.0.1:PORT/callback}, the
 * native-app loopback redirect of RFC 8252 §7.3. Listens on the loopback interface only.
 *
 * <p>Any local program or web page can send a browser to the callback, so a request counts only
 * if its {@code state} is the login's: any other gets a 400 page and the receiver keeps waiting
 * for the real one. The browser's page says "Signed in" only after the code was exchanged.
 */
final class LoopbackReceiver implements AutoCloseable {
  private static final String PAGE = "<!doctype html><html><head><meta charset=\"utf-8\">"
      + "<title>Latchkey</title><style>body{font-family:system-ui,sans-serif;margin:4em auto;"
      + "max-width:32em;color:#222}</style></head><body><h1>%s</h1><p>%s</p></body></html>";

  /** Turns a callback that carries the login's state into a token. */
  interface Completion {
    Token complete(String callbackUri) throws IOException;
  }

  private final HttpServer server;
  private final PrintWriter notices;
  private final CompletableFuture<Token> result = new CompletableFuture<>();
  private volatile byte[] expectedState;
  private volatile Completion completion;

  /** Listens on {@code port} (0: any free one); {@code notices} hears of ignored requests. */
  LoopbackReceiver(int port, PrintWriter notices) throws IOException {
    this.notices = notices;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/callback", this::handle);
    server.start();
  }

  /** The redirect URI to register and send: exactly this string is compared by the server. */
  String redirectUri() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/callback";
  }

  /** Starts accepting the callback of the login whose authorization URL carries {@code state}. */
  void expect(String state, Completion completion) {
    this.completion = completion;
    this.expectedState = state.getBytes(StandardCharsets.UTF_8);
  }

  // The server's one dispatcher thread runs this, so callbacks are handled one at a time.
  private void handle(HttpExchange exchange) throws IOException {
    String query = exchange.getRequestURI().getRawQuery();
    String uri = redirectUri() + (query == null ? "" : "?" + query);
    if (!exchange.getRequestURI().getPath().equals("/callback")) {
      respond(exchange, 404, "Not found", "This address only receives the sign-in redirect.");
      return;
    }
    if (result.isDone()) {
      respond(exchange, 400, "Sign-in already finished",
          "This sign-in has already finished. Return to the terminal.");
      return;
    }
    if (!belongsToThisLogin(uri)) {
      respond(exchange, 400, "Not the sign-in in progress",
          "This response does not belong to the sign-in started in the terminal, so it was"
              + " ignored. Finish signing in from the link the terminal printed.");
      notices.println("latchkey-cli: ignored a request to the loopback redirect: its state does"
          + " not match this login (forged, or from an older login); still waiting");
      notices.flush();
      return;
    }
    Token token;
    try {
      token = completion.complete(uri);
    } catch (IOException | RuntimeException e) {
      try {
        respond(exchange, 200, "Sign-in did not complete",
            "The sign-in failed. Return to the terminal for details.");
      } finally {
        result.completeExceptionally(e);
      }
      return;
    }
    // The page is written before the result is handed over: the receiver closes right after.
    try {
      respond(exchange, 200, "Signed in", "You can close this tab and return to the terminal.");
    } finally {
      result.complete(token);
    }
  }

  private boolean belongsToThisLogin(String uri) {
    byte[] expected = expectedState;
    HttpUrl url = HttpUrl.parse(uri);
    String state = url == null ? null : url.queryParameter("state");
    return expected != null && state != null
        && MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8), expected);
  }

  private static void respond(HttpExchange exchange, int status, String title, String text)
      throws IOException {
    byte[] body = String.format(PAGE, title, text).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Waits for the login's callback and returns the token it was exchanged for. */
  Token await(Duration timeout) throws IOException {
    try {
      return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new LoginTimeoutException("No redirect arrived within " + timeout.getSeconds()
          + " s; open the printed URL in a browser, or raise --timeout");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("Interrupted while waiting for the redirect");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw (IOException) cause;
      }
      throw (RuntimeException) cause;
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
