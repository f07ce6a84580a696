package dev.latchkey;

import java.time.Duration;

/**
 * Signals that the token endpoint refused a request: an RFC 6749 §5.2 error response (any HTTP
 * status, including a 200 that carries {@code error}), or a non-2xx answer without one.
 *
 * <p>{@link #errorCode()} tells what to do: {@link ErrorCode#INVALID_CLIENT} means the client id
 * or secret is wrong, {@link ErrorCode#INVALID_GRANT} means the code or refresh token is no longer
 * valid, and so on (see the troubleshooting guide).
 */
public final class TokenEndpointException extends OAuth2Exception {
  private static final long serialVersionUID = 1L;

  /** The {@code error} code as sent. */
  private final String error;
  /** The {@code error_description} as sent, or null. */
  private final String errorDescription;
  /** The {@code error_uri} as sent, or null. */
  private final String errorUri;
  /** The HTTP status of the answer. */
  private final int httpStatus;
  /** The {@code Retry-After} delay, or null. */
  private final Duration retryAfter;

  /**
   * Creates an exception from a token-endpoint answer.
   *
   * @param message what happened and what to do; must not contain secrets
   * @param error the {@code error} code, or null when the server sent none
   * @param errorDescription the {@code error_description}, or null
   * @param errorUri the {@code error_uri}, or null
   * @param httpStatus the HTTP status code of the answer
   * @param retryAfter the delay from a {@code Retry-After} header, or null
   */
  public TokenEndpointException(String message, String error, String errorDescription,
      String errorUri, int httpStatus, Duration retryAfter) {
    super(message);
    this.error = error;
    this.errorDescription = errorDescription;
    this.errorUri = errorUri;
    this.httpStatus = httpStatus;
    this.retryAfter = retryAfter;
  }

  /**
   * Returns the {@code error} code as the server sent it (RFC 6749 §5.2).
   *
   * @return the raw code, or null when the answer carried none (an HTML error page, say)
   */
  public String error() {
    return error;
  }

  /**
   * Returns the {@code error} code as a constant.
   *
   * @return the code, {@link ErrorCode#OTHER} when unknown or absent
   */
  public ErrorCode errorCode() {
    return ErrorCode.of(error);
  }

  /**
   * Returns the human-readable {@code error_description} the server sent.
   *
   * @return the description, or null
   */
  public String errorDescription() {
    return errorDescription;
  }

  /**
   * Returns the {@code error_uri} the server sent, a page that explains the error.
   *
   * @return the URI, or null
   */
  public String errorUri() {
    return errorUri;
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
