package dev.latchkey;

/**
 * Signals that a redirect back from the authorization server cannot be trusted or used: its
 * {@code state} is missing, wrong, already used or expired, its {@code iss} names another server
 * (RFC 9207), or it carries no code. Nothing was sent to the token endpoint. The usual fix is to
 * start a new login; {@link #reason()} tells which check failed.
 */
public final class InvalidCallbackException extends OAuth2Exception {
  private static final long serialVersionUID = 1L;

  /** Which check a callback failed. */
  public enum Reason {
    /** The callback has no {@code state} parameter. */
    STATE_MISSING,
    /** The {@code state} does not match the pending request: forged, tampered or from another login. */
    STATE_MISMATCH,
    /** The pending request was already used once; callbacks are single use. */
    STATE_REPLAYED,
    /** The pending request is older than its lifetime. */
    EXPIRED,
    /** The {@code iss} parameter names another authorization server (RFC 9207 mix-up defense). */
    ISSUER_MISMATCH,
    /** The callback has neither {@code code} nor {@code error}. */
    CODE_MISSING,
    /** The callback URI itself cannot be parsed. */
    MALFORMED
  }

  /** The check that failed. */
  private final Reason reason;

  InvalidCallbackException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /**
   * Returns the check that failed.
   *
   * @return the reason, never null
   */
  public Reason reason() {
    return reason;
  }
}
