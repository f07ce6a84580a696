package dev.latchkey;

/**
 * Hears about a token session's tokens, for metrics and logs. Methods run on the thread that got
 * the token (a caller's or the renewal thread); they must be quick and must not throw. Every
 * method does nothing by default.
 *
 * <pre>{@code
 * OAuth2Client client = OAuth2Client.builder()
 *     ...
 *     .listener(new TokenListener() {
 *       @Override public void renewed(String key, Token token) { renewals.increment(); }
 *     })
 *     .build();
 * }</pre>
 */
public interface TokenListener {
  /**
   * Called when a session receives a token from a grant that is not a renewal: a code exchange
   * saved into it, or its first client_credentials token.
   *
   * @param sessionKey the session's key
   * @param token the new token; never log its secrets
   */
  default void issued(String sessionKey, Token token) {
  }

  /**
   * Called when a session renewed its token, by refresh or by acquiring a new one.
   *
   * @param sessionKey the session's key
   * @param token the new token; never log its secrets
   */
  default void renewed(String sessionKey, Token token) {
  }

  /**
   * Called when a renewal failed. The session tries again on a later call.
   *
   * @param sessionKey the session's key
   * @param failure what went wrong
   */
  default void renewalFailed(String sessionKey, Exception failure) {
  }
}
