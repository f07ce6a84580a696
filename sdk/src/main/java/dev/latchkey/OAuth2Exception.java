package dev.latchkey;

import java.io.IOException;

/**
 * Signals that an OAuth2 operation failed. Every Latchkey failure is a subclass, and since this is
 * an {@link IOException} it travels through OkHttp's interceptor chain unchanged.
 *
 * <p>Messages say what happened and what to do; they never contain a client secret, a token, an
 * authorization code or a PKCE verifier.
 */
public class OAuth2Exception extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that is safe to log.
   *
   * @param message what happened and what to do; must not contain secrets
   */
  public OAuth2Exception(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message that is safe to log and the failure that caused it.
   *
   * @param message what happened and what to do; must not contain secrets
   * @param cause the underlying failure
   */
  public OAuth2Exception(String message, Throwable cause) {
    super(message, cause);
  }
}
