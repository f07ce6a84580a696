package dev.latchkey;

/**
 * Signals that a user's token session cannot get a new access token by itself: there is no stored
 * token, or the refresh token was rejected ({@code invalid_grant}: expired, revoked, or unused for
 * too long, such as Orange Logic's 30 days). The stored token has been deleted; send the user
 * through the authorization-code flow again.
 */
public final class ReauthorizationRequiredException extends OAuth2Exception {
  private static final long serialVersionUID = 1L;

  /** The key of the session that needs a new login. */
  private final String sessionKey;

  ReauthorizationRequiredException(String sessionKey, String message, Throwable cause) {
    super(message, cause);
    this.sessionKey = sessionKey;
  }

  /**
   * Returns the key of the session that needs a new login.
   *
   * @return the session key
   */
  public String sessionKey() {
    return sessionKey;
  }
}
