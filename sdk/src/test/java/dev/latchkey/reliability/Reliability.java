package dev.latchkey.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.OAuth2Client;
import dev.latchkey.OAuth2Exception;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.JournalEntry;
import dev.latchkey.mockserver.MockAuthServer;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.function.Executable;

/** What the reliability tests share: timeouts, clients against the mock server, the browser. */
final class Reliability {
  /** Every wait in these tests gives up (and fails its test) after this long. */
  static final Duration TIMEOUT = Duration.ofSeconds(20);
  /** A loopback redirect URI, which every demo client of the mock server accepts. */
  static final String REDIRECT_URI = "http://127.0.0.1:8123/callback";

  /**
   * Calls that could hang are bounded: a call that takes longer fails its test instead of
   * wedging the build.
   */
  static final OkHttpClient HTTP = new OkHttpClient.Builder()
      .callTimeout(TIMEOUT)
      // A new connection per request. MockWebServer flushes a response's headers and body
      // apart; on a reused connection the client's delayed ACK then holds each body ~40 ms,
      // which would make these tests slow, not different. The soak pools as apps do.
      .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
      .build();

  private Reliability() {
  }

  /** The built-in {@link Provider} for each of the mock server's path prefixes. */
  static Provider provider(MockAuthServer mock, String id) {
    String base = mock.baseUrl(id).toString();
    switch (id) {
      case "ora":
        return Provider.ora(base);
      case "orangelogic":
        return Provider.orangeLogic(base);
      case "orgapi":
        return Provider.organizationApiBasic(base);
      case "orgo":
        return Provider.orgo(base);
      case "onna":
        return Provider.onna(base);
      case "standard":
        return Provider.standard(base + "authorize", base + "token").newBuilder()
            .userinfoEndpoint(base + "userinfo")
            .revocationEndpoint(base + "revoke")
            .build();
      default:
        throw new IllegalArgumentException("no provider " + id);
    }
  }

  /** A client of {@code id}'s demo registration whose secrets and tokens {@code leaks} watches. */
  static OAuth2Client.Builder client(MockAuthServer mock, String id, LeakGuard leaks) {
    DemoClient demo = mock.demoClient(id);
    leaks.secret(demo.clientSecret());
    return OAuth2Client.builder()
        .provider(provider(mock, id))
        .clientId(demo.clientId())
        .clientSecret(demo.clientSecret())
        .redirectUri(REDIRECT_URI)
        .httpClient(HTTP)
        .listener(leaks.listener());
  }

  /**
   * Plays the browser: follows the authorization URL to the mock server and returns where it
   * redirects back to. Registers the state with {@code leaks}.
   */
  static String authorize(AuthorizationRequest request, LeakGuard leaks) throws IOException {
    leaks.secret(request.url().queryParameter("state"));
    leaks.scan(request);
    OkHttpClient browser = HTTP.newBuilder().followRedirects(false).build();
    try (Response response = browser.newCall(new Request.Builder().url(request.url()).build())
        .execute()) {
      assertEquals(302, response.code(), "the authorization endpoint should redirect back");
      String location = response.header("Location");
      assertNotNull(location);
      leaks.secret(HttpUrl.get(location).queryParameter("code"));
      return location;
    }
  }

  /** Runs the code flow through the mock server and returns the exchanged token. */
  static Token signIn(OAuth2Client client, MockAuthServer mock, LeakGuard leaks)
      throws IOException {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    Token token = client.exchange(request, authorize(request, leaks));
    registerVerifiers(mock, leaks);
    return leaks.token(token);
  }

  /**
   * Registers every PKCE verifier, code, refresh token and bearer token the journal shows was
   * sent, including by other processes using the same mock server.
   */
  static void registerVerifiers(MockAuthServer mock, LeakGuard leaks) {
    for (JournalEntry entry : mock.journal()) {
      String authorization = entry.header("Authorization");
      if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        leaks.secret(authorization.substring(7));
      }
      Map<String, String> form = form(entry.body());
      if (entry.query() != null) {
        form.putAll(form(entry.query()));
      }
      leaks.secret(form.get("code_verifier"));
      leaks.secret(form.get("code"));
      leaks.secret(form.get("refresh_token"));
      leaks.secret(form.get("client_secret"));
    }
  }

  /** Decodes a form-urlencoded string; later duplicates win (good enough for reading journals). */
  static Map<String, String> form(String encoded) {
    Map<String, String> values = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty() || encoded.startsWith("{")) {
      return values;
    }
    for (String pair : encoded.split("&")) {
      int eq = pair.indexOf('=');
      values.put(decode(eq < 0 ? pair : pair.substring(0, eq)),
          eq < 0 ? "" : decode(pair.substring(eq + 1)));
    }
    return values;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, "UTF-8");
    } catch (UnsupportedEncodingException | IllegalArgumentException e) {
      return s;
    }
  }

  /**
   * Runs {@code call} and returns the {@link OAuth2Exception} it must throw: a subclass of
   * {@code type}, with a non-empty message that {@code leaks} then scans. Anything else, such as
   * a {@link NullPointerException} or a success, fails the test.
   */
  static <T extends OAuth2Exception> T assertTyped(Class<T> type, LeakGuard leaks,
      Executable call) {
    try {
      call.execute();
    } catch (Throwable t) {
      leaks.scan(t);
      if (!type.isInstance(t)) {
        throw new AssertionError("expected " + type.getSimpleName() + " but got "
            + LeakGuard.stackTrace(t), t);
      }
      String message = t.getMessage();
      assertNotNull(message, "a typed exception has a message");
      assertFalse(message.isBlank(), "a typed exception has a message");
      return type.cast(t);
    }
    return fail("expected " + type.getSimpleName() + " but the call succeeded");
  }

  static void assertBetween(long low, long high, long actual, String what) {
    assertTrue(actual >= low && actual <= high,
        what + " should be in [" + low + ", " + high + "] but was " + actual);
  }
}
