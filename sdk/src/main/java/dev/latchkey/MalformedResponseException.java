package dev.latchkey;

/**
 * Signals that a server answered with success but the body cannot be used: not JSON (an HTML page
 * from a proxy, say), truncated, larger than the size cap, or a token response without an
 * {@code access_token}. The message names the HTTP status and content type; it never quotes the
 * body, which may hold secrets.
 */
public final class MalformedResponseException extends OAuth2Exception {
  private static final long serialVersionUID = 1L;

  /** The HTTP status of the answer. */
  private final int httpStatus;
  /** The response {@code Content-Type}, or null. */
  private final String contentType;

  MalformedResponseException(String message, int httpStatus, String contentType,
      Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.contentType = contentType;
  }

  /**
   * Returns the HTTP status of the response.
   *
   * @return the status code
   */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * Returns the {@code Content-Type} of the response.
   *
   * @return the content type, or null when the response had none
   */
  public String contentType() {
    return contentType;
  }
}
