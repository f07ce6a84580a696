package dev.latchkey.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okio.Buffer;
import okio.ByteString;

/** Requests and server state for testing one handler without a socket. */
final class TestRequests {
  static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

  private TestRequests() {
  }

  /** {@return a server state at {@link #START} hosting the built-ins and {@code extra}} */
  static ServerState state(ManualClock clock, MockProvider... extra) {
    List<MockProvider> providers = new ArrayList<>(MockProvider.builtIns());
    providers.addAll(List.of(extra));
    return new ServerState(clock, new Settings(), providers);
  }

  static ServerState state(MockProvider... extra) {
    return state(new ManualClock(START), extra);
  }

  /** {@return a request as MockWebServer would record it; headers as name, value pairs} */
  static RecordedRequest request(String method, String url, String body, String... headers) {
    HttpUrl parsed = HttpUrl.get(url.startsWith("http") ? url : "http://127.0.0.1:1" + url);
    ByteString bytes = body == null ? null : ByteString.encodeUtf8(body);
    String target = parsed.encodedPath()
        + (parsed.encodedQuery() != null ? "?" + parsed.encodedQuery() : "");
    return new RecordedRequest(0, 0, null, List.of(), method, target, "HTTP/1.1", parsed,
        Headers.of(headers), bytes, bytes == null ? 0 : bytes.size(), List.of(), null);
  }

  static RecordedRequest form(String url, String body, String... headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "Content-Type";
    all[1] = "application/x-www-form-urlencoded";
    System.arraycopy(headers, 0, all, 2, headers.length);
    return request("POST", url, body, all);
  }

  /** {@return the request read as {@code p}'s token endpoint reads it} */
  static TokenRequest read(MockProvider p, RecordedRequest request) throws OAuthError {
    return TokenRequest.read(p, request);
  }

  static String basic(String id, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret)
        .getBytes(StandardCharsets.UTF_8));
  }

  /** {@return the response body as text; empty when there is none} */
  static String body(MockResponse response) {
    if (response.getBody() == null) return "";
    Buffer buffer = new Buffer();
    try {
      response.getBody().writeTo(buffer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8();
  }

  /** {@return the response body as a JSON object} */
  static Map<String, Object> json(MockResponse response) {
    try {
      return Wire.parseJsonObject(body(response));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asserts an RFC 6749 §5.2 error: status, error code and exact description. */
  static void assertError(MockResponse response, int code, String error, String description) {
    assertEquals(code, response.getCode(), () -> body(response));
    assertEquals(error, json(response).get("error"));
    assertEquals(description, json(response).get("error_description"));
  }
}
