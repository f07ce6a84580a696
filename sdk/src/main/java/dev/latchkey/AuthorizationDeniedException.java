package dev.latchkey;

/**
 * Signals that the authorization server redirected back with {@code error=} instead of a code
 * (RFC 6749 §4.1.2.1): the user pressed Deny, or the request was invalid. The state was checked
 * before this is thrown, so the error really belongs to the request the app started.
 */
public final class AuthorizationDeniedException extends OAuth2Exception {
  private static final long serialVersionUID = 1L;

  /** The {@code error} parameters of the callback. */
  private final ErrorResponse response;

  AuthorizationDeniedException(String message, ErrorResponse response) {
    super(message);
    this.response = response;
  }

  /**
   * Returns the {@code error} parameter, such as {@code access_denied}.
   *
   * @return the raw code, never null
   */
  public String error() {
    return response.error;
  }

  /**
   * Returns the {@code error} parameter as a constant.
   *
   * @return the code, {@link ErrorCode#OTHER} when unknown
   */
  public ErrorCode errorCode() {
    return response.code();
  }

  /**
   * Returns the {@code error_description} parameter.
   *
   * @return the description, or null
   */
  public String errorDescription() {
    return response.description;
  }

  /**
   * Returns the {@code error_uri} parameter.
   *
   * @return the URI, or null
   */
  public String errorUri() {
    return response.uri;
  }
}
