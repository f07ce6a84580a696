package dev.latchkey.testing;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Credentials;

/**
 * A MockWebServer for token-session tests: routes by path, records every request per path, and
 * lets a handler block (on a latch) to hold a token response while callers pile up. A handler
 * that throws fails the test when the server is closed.
 */
public final class TokenSessionServer implements AutoCloseable {
  public static final String CLIENT_ID = "app";
  public static final String CLIENT_SECRET = "s3cret";
  public static final String BASIC = Credentials.basic(CLIENT_ID, CLIENT_SECRET);
  public static final String FORM = "application/x-www-form-urlencoded";

  /** Answers one request; may block. */
  public interface Handler {
    MockResponse handle(RecordedRequest request) throws Exception;
  }

  private final MockWebServer server = new MockWebServer();
  private final Map<String, Handler> routes = new ConcurrentHashMap<>();
  private final Map<String, List<RecordedRequest>> received = new ConcurrentHashMap<>();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();

  public TokenSessionServer() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        String path = request.getUrl().encodedPath();
        received.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(request);
        Handler handler = routes.get(path);
        if (handler == null) {
          failures.add(new AssertionError("unexpected request " + request.getRequestLine()));
          return new MockResponse.Builder().code(404).build();
        }
        try {
          return handler.handle(request);
        } catch (InterruptedException e) {
          throw e;
        } catch (Exception | AssertionError e) {
          failures.add(e);
          return new MockResponse.Builder().code(500).body("handler failed: " + e).build();
        }
      }
    });
    server.start();
  }

  /** Routes {@code path} to {@code handler}. */
  public TokenSessionServer on(String path, Handler handler) {
    routes.put(path, handler);
    return this;
  }

  /** Answers successive requests to {@code path} with {@code responses}, repeating the last. */
  public TokenSessionServer on(String path, MockResponse... responses) {
    AtomicInteger next = new AtomicInteger();
    return on(path, request -> responses[Math.min(next.getAndIncrement(), responses.length - 1)]);
  }

  /** The base URL, such as {@code http://localhost:1234/}. */
  public String baseUrl() {
    return server.url("/").toString();
  }

  public String url(String path) {
    return server.url(path).toString();
  }

  public List<RecordedRequest> requests(String path) {
    return received.getOrDefault(path, List.of());
  }

  public int count(String path) {
    return requests(path).size();
  }

  public int totalCount() {
    return server.getRequestCount();
  }

  public static MockResponse token(String accessToken, String refreshToken, long expiresIn) {
    return json(200, "{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\","
        + "\"expires_in\":" + expiresIn
        + (refreshToken == null ? "" : ",\"refresh_token\":\"" + refreshToken + "\"") + "}");
  }

  public static MockResponse oauthError(int code, String error) {
    return json(code, "{\"error\":\"" + error + "\"}");
  }

  public static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .setHeader("Cache-Control", "no-store")
        .body(body)
        .build();
  }

  public static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).build();
  }

  public static String body(RecordedRequest request) {
    return request.getBody() == null ? "" : request.getBody().utf8();
  }

  @Override
  public void close() {
    server.close();
    if (!failures.isEmpty()) {
      AssertionError error = new AssertionError("the mock server saw failures: " + failures);
      failures.forEach(error::addSuppressed);
      throw error;
    }
  }
}
