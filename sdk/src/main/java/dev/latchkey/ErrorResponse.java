package dev.latchkey;

/**
 * The RFC 6749 error triple, {@code error}, {@code error_description} and {@code error_uri}, as a
 * token endpoint (§5.2) or an authorization callback (§4.1.2.1) sent it. The exceptions that carry
 * one expose it through their accessors.
 */
final class ErrorResponse implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  /** An answer that carried no OAuth2 error at all (an HTML error page, say). */
  static final ErrorResponse NONE = new ErrorResponse(null, null, null);

  /** The {@code error} code as sent, or null. */
  final String error;
  /** The {@code error_description} as sent, or null. */
  final String description;
  /** The {@code error_uri} as sent, or null. */
  final String uri;

  ErrorResponse(String error, String description, String uri) {
    this.error = error;
    this.description = description;
    this.uri = uri;
  }

  ErrorCode code() {
    return ErrorCode.of(error);
  }
}
