package dev.latchkey.mockserver;

import mockwebserver3.MockResponse;

/** Thrown by a handler to answer with an error response it has built. */
final class OAuthError extends Exception {
  private static final long serialVersionUID = 1L;

  final transient MockResponse response;

  OAuthError(MockResponse response) {
    super(null, null, false, false);
    this.response = response;
  }

  /** An RFC 6749 §5.2 error with status 400. */
  static OAuthError badRequest(String error, String description) {
    return new OAuthError(Wire.error(400, error, description).build());
  }

  /** An {@code invalid_client} error with status 401, optionally with a Basic challenge. */
  static OAuthError invalidClient(String description, String basicRealm) {
    MockResponse.Builder b = Wire.error(401, "invalid_client", description);
    if (basicRealm != null) b.setHeader("WWW-Authenticate", "Basic realm=\"" + basicRealm + "\"");
    return new OAuthError(b.build());
  }
}
