package dev.latchkey.mockserver;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a stubbed API answers to a request that presents a live access token of its provider;
 * any other request gets that provider's kind of 401. Register one with
 * {@link MockAuthServer#stubApi(MockProvider, String, String, ApiStub)}:
 *
 * <pre>{@code
 * server.stubApi(MockProvider.ONNA, "GET", "/v1/files", ApiStub.json(200, "[]"));
 * }</pre>
 *
 * <p>Immutable.
 */
public final class ApiStub {
  private final int status;
  private final String contentType;
  private final String body;
  private final Map<String, String> headers;

  private ApiStub(int status, String contentType, String body, Map<String, String> headers) {
    this.status = status;
    this.contentType = contentType;
    this.body = body;
    this.headers = headers;
  }

  /**
   * Returns a stub that answers a JSON body.
   *
   * @param status an HTTP status from 200 to 599
   * @param json the body, sent as given with {@code Content-Type: application/json}
   * @return the stub
   */
  public static ApiStub json(int status, String json) {
    return of(status, Wire.JSON, json);
  }

  /**
   * Returns a stub that answers any body.
   *
   * @param status an HTTP status from 200 to 599
   * @param contentType the {@code Content-Type}, or null for none
   * @param body the body, or the empty string for none
   * @return the stub
   */
  public static ApiStub of(int status, String contentType, String body) {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("status must be 200..599: " + status);
    }
    Objects.requireNonNull(body, "body == null");
    return new ApiStub(status, contentType, body, Map.of());
  }

  /**
   * Returns a copy that also sends the header {@code name: value}.
   *
   * @param name a header name
   * @param value its value, without CR or LF
   * @return the copy
   */
  public ApiStub header(String name, String value) {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(value, "value == null");
    if (name.isEmpty() || (name + value).indexOf('\r') >= 0 || (name + value).indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a header name is non-empty and neither part has CR or LF");
    }
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new ApiStub(status, contentType, body, Collections.unmodifiableMap(copy));
  }

  /** {@return the HTTP status answered} */
  public int status() {
    return status;
  }

  /** {@return the {@code Content-Type} answered, or null for none} */
  public String contentType() {
    return contentType;
  }

  /** {@return the body answered} */
  public String body() {
    return body;
  }

  /** {@return the extra headers answered, in the order added} */
  public Map<String, String> headers() {
    return headers;
  }

  @Override public boolean equals(Object o) {
    return o instanceof ApiStub && ((ApiStub) o).status == status
        && Objects.equals(((ApiStub) o).contentType, contentType)
        && ((ApiStub) o).body.equals(body) && ((ApiStub) o).headers.equals(headers);
  }

  @Override public int hashCode() {
    return Objects.hash(status, contentType, body, headers);
  }

  @Override public String toString() {
    return "ApiStub{" + status + (contentType != null ? ", " + contentType : "") + "}";
  }
}
