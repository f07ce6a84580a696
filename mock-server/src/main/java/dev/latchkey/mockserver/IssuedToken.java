package dev.latchkey.mockserver;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** An access or refresh token the server issued. */
final class IssuedToken {
  final String value;
  final boolean refresh;
  final Grant grant;
  final List<String> scopes;
  /** What the token is bound to; {@link Confirmation#NONE} for a bearer token. */
  final Confirmation cnf;
  volatile Instant expiresAt;
  volatile boolean revoked;
  /** Set once a rotating refresh token has been exchanged for a new one. */
  final AtomicBoolean rotated = new AtomicBoolean();

  IssuedToken(String value, boolean refresh, Grant grant, List<String> scopes,
      Confirmation cnf, Instant expiresAt) {
    this.cnf = cnf;
    this.value = value;
    this.refresh = refresh;
    this.grant = grant;
    this.scopes = List.copyOf(scopes);
    this.expiresAt = expiresAt;
  }

  boolean isRevoked() {
    return revoked || grant.revoked;
  }

  boolean isExpired(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
