package dev.latchkey.store;

import java.io.IOException;

/**
 * Reports that a shared token store could not be reached or refused an operation: the server is
 * down, a timeout ran out, a table is missing. Sessions treat it as an outage of the store: they
 * log one warning, keep their tokens in memory and renew on their own until the store works again.
 *
 * <p>The message names the store, the operation and the session key, and never contains a token.
 */
public final class TokenStoreException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what failed and what to do; never a token
   * @param cause the client library's exception, or null when its message could carry stored data
   */
  public TokenStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
