package dev.latchkey.mockserver;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
  /** Kept as received; copied into a map only when asked, so journaling costs no copy. */
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

  /**
   * Returns the request headers: each name (looked up in any case) with its values in the order
   * received.
   *
   * @return an unmodifiable map, ordered by name ignoring case
   */
  public Map<String, List<String>> headers() {
    Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0, size = headers.size(); i < size; i++) {
      map.computeIfAbsent(headers.name(i), k -> new ArrayList<>()).add(headers.value(i));
    }
    map.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(map);
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
