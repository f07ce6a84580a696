package dev.latchkey;

/**
 * Signals that the authorization server redirected back with {@code error=} instead of a code
 * (RFC 6749 §4.1.2.1): the user pressed Deny, or the request was invalid. The state was checked
 * before this is thrown, so the error really belongs to the request the app started.
 */
public final class AuthorizationDeniedException extends OAuth2Exception {
  private static final long serialVersionUID = 1L;

  /** The {@code error} code as sent. */
  private final String error;
  /** The {@code error_description} as sent, or null. */
  private final String errorDescription;
  /** The {@code error_uri} as sent, or null. */
  private final String errorUri;

  /**
   * Creates an exception for an {@code error=} callback.
   *
   * @param message what happened and what to do
   * @param error the {@code error} parameter
   * @param errorDescription the {@code error_description} parameter, or null
   * @param errorUri the {@code error_uri} parameter, or null
   */
  public AuthorizationDeniedException(String message, String error, String errorDescription,
      String errorUri) {
    super(message);
    this.error = error;
    this.errorDescription = errorDescription;
    this.errorUri = errorUri;
  }

  /**
   * Returns the {@code error} parameter, such as {@code access_denied}.
   *
   * @return the raw code, never null
   */
  public String error() {
    return error;
  }

  /**
   * Returns the {@code error} parameter as a constant.
   *
   * @return the code, {@link ErrorCode#OTHER} when unknown
   */
  public ErrorCode errorCode() {
    return ErrorCode.of(error);
  }

  /**
   * Returns the {@code error_description} parameter.
   *
   * @return the description, or null
   */
  public String errorDescription() {
    return errorDescription;
  }

  /**
   * Returns the {@code error_uri} parameter.
   *
   * @return the URI, or null
   */
  public String errorUri() {
    return errorUri;
  }
}
