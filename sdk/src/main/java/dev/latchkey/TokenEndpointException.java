package dev.latchkey;

import java.time.Duration;

/**
 * Signals that the token endpoint refused a request: an RFC 6749 §5.2 error response (a 400 or
 * 401, or a 200 that carries {@code error}), or a non-2xx answer without one. Any other status
 * carries no OAuth2 error, whatever its body: {@link #error()} is null for a framework's 405 or
 * 500 page even when it holds a JSON {@code error}.
 *
 * <p>{@link #errorCode()} tells what to do: {@link ErrorCode#INVALID_CLIENT} means the client id
 * or secret is wrong, {@link ErrorCode#INVALID_GRANT} means the code or refresh token is no longer
 * valid, and so on (see the troubleshooting guide).
 */
public final class TokenEndpointException extends OAuth2Exception {
  private static final long serialVersionUID = 1L;

  /** The RFC 6749 §5.2 error, or {@link ErrorResponse#NONE}. */
  private final ErrorResponse response;
  /** The HTTP status of the answer. */
  private final int httpStatus;
  /** The {@code Retry-After} delay, or null. */
  private final Duration retryAfter;

  TokenEndpointException(String message, ErrorResponse response, int httpStatus,
      Duration retryAfter) {
    super(message);
    this.response = response;
    this.httpStatus = httpStatus;
    this.retryAfter = retryAfter;
  }

  ErrorResponse response() {
    return response;
  }

  /**
   * Returns the {@code error} code as the server sent it (RFC 6749 §5.2).
   *
   * @return the raw code, or null when the answer carried none (an HTML error page, say)
   */
  public String error() {
    return response.error;
  }

  /**
   * Returns the {@code error} code as a constant.
   *
   * @return the code, {@link ErrorCode#OTHER} when unknown or absent
   */
  public ErrorCode errorCode() {
    return response.code();
  }

  /**
   * Returns the human-readable {@code error_description} the server sent, with every secret the
   * request carried, in any encoding it travelled in, replaced by {@code [redacted]}.
   *
   * @return the description, or null
   */
  public String errorDescription() {
    return response.description;
  }

  /**
   * Returns the {@code error_uri} the server sent, a page that explains the error.
   *
   * @return the URI, or null
   */
  public String errorUri() {
    return response.uri;
  }

  /**
   * Returns the HTTP status code of the token endpoint's answer.
   *
   * @return the status, such as 400 or 401
   */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * Returns how long the server asked clients to wait before retrying ({@code Retry-After}).
   *
   * @return the delay, or null when the answer had no usable {@code Retry-After} header
   */
  public Duration retryAfter() {
    return retryAfter;
  }
}
