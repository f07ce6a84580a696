package dev.latchkey.mockserver;

import java.time.Instant;
import okhttp3.Headers;

/**
 * One request the server received, as recorded in its journal ({@link MockAuthServer#journal()}).
 *
 * <p>The body is kept verbatim, secrets included: the journal exists so tests can assert on
 * exactly what a client sent.
 */
public final class JournalEntry {
  private final Instant time;
  private final String method;
  private final String path;
  private final String query;
  private final Headers headers;
  private final String body;
  private final String provider;

  JournalEntry(Instant time, String method, String path, String query, Headers headers,
      String body, String provider) {
    this.time = time;
    this.method = method;
    this.path = path;
    this.query = query;
    this.headers = headers;
    this.body = body;
    this.provider = provider;
  }

  /** {@return when the request arrived, by the server's clock} */
  public Instant time() {
    return time;
  }

  /** {@return the request method, such as {@code POST}} */
  public String method() {
    return method;
  }

  /** {@return the encoded path, such as {@code /ora/oauth/token}} */
  public String path() {
    return path;
  }

  /** {@return the encoded query without the {@code ?}, or null when the URL had none} */
  public String query() {
    return query;
  }

  /** {@return the request headers} */
  public Headers headers() {
    return headers;
  }

  /**
   * Returns the value of the last header named {@code name}, or null.
   *
   * @param name a header name, case-insensitive
   * @return the header's value, or null when absent
   */
  public String header(String name) {
    return headers.get(name);
  }

  /** {@return the request body decoded as UTF-8; empty when there was none} */
  public String body() {
    return body;
  }

  /** {@return the provider the path belongs to, such as {@code "ora"}, or null} */
  public String provider() {
    return provider;
  }

  @Override public String toString() {
    return method + " " + path + (query != null ? "?" + query : "");
  }
}
