package dev.latchkey.mockserver;

/**
 * Decides what the authorization endpoint does once a request is valid.
 *
 * <p>Switch it at runtime with {@link MockAuthServer#consent(ConsentMode)} or
 * {@code POST /__admin/consent}.
 */
public enum ConsentMode {
  /** Shows an HTML consent page with "Approve" and "Deny" buttons, for people. */
  PROMPT,
  /** Approves at once and redirects with a code, for CI. */
  AUTO_APPROVE,
  /** Denies at once and redirects with {@code error=access_denied} (RFC 6749 §4.1.2.1). */
  AUTO_DENY
}
