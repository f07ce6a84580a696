package dev.latchkey.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Runs {@code login} on a background thread, as a user runs it in a terminal: the test reads the
 * authorization URL it prints, plays the browser, and collects the finished run.
 */
final class BackgroundLogin {
  private static final long WAIT_SECONDS = 10;

  private final CompletableFuture<String> url = new CompletableFuture<>();
  private final StringWriter outText = new StringWriter();
  private final StringWriter errText = new StringWriter();
  private final Future<Integer> exit;

  BackgroundLogin(ExecutorService executor, String... args) {
    Writer out = new Writer() {
      private final StringBuilder line = new StringBuilder();

      @Override
      public void write(char[] chars, int offset, int length) {
        outText.write(chars, offset, length);
        for (int i = offset; i < offset + length; i++) {
          if (chars[i] == '\n') {
            String complete = line.toString().trim();
            if (complete.startsWith("http")) {
              url.complete(complete);
            }
            line.setLength(0);
          } else {
            line.append(chars[i]);
          }
        }
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    exit = executor.submit(
        () -> LatchkeyCli.run(new PrintWriter(out), new PrintWriter(errText), args));
  }

  /**
   * Runs {@code login}, fetches the URL it prints like a browser (the mock server approves or
   * denies at once and redirects to the loopback callback), and returns the finished run.
   */
  static Run approve(ExecutorService executor, String... args) throws Exception {
    BackgroundLogin login = new BackgroundLogin(executor, args);
    try (Response response = new OkHttpClient().newCall(
        new Request.Builder().url(login.authorizationUrl()).build()).execute()) {
      assertEquals(200, response.code());
    }
    return login.finish();
  }

  /** Waits for the authorization URL the login prints. */
  String authorizationUrl() throws Exception {
    return url.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * Fetches the authorization URL without following the redirect, and returns where the server
   * sends the browser back to: the genuine callback, not yet delivered.
   */
  String callbackFromServer() throws Exception {
    OkHttpClient browser = new OkHttpClient.Builder().followRedirects(false).build();
    try (Response response = browser.newCall(
        new Request.Builder().url(authorizationUrl()).build()).execute()) {
      String location = response.header("Location");
      if (!response.isRedirect() || location == null) {
        throw new IOException("the authorization endpoint answered HTTP " + response.code());
      }
      return location;
    }
  }

  /** Waits for the login to end and returns what it printed. */
  Run finish() throws Exception {
    int code = exit.get(WAIT_SECONDS, TimeUnit.SECONDS);
    return new Run(code, outText.toString(), errText.toString());
  }

  /** What the login has printed on stderr so far. */
  String errSoFar() {
    return errText.toString();
  }
}
