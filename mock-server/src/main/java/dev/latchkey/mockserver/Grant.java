package dev.latchkey.mockserver;

import java.time.Instant;
import java.util.List;

/**
 * One authorization: what a user (or a client, for client_credentials) granted. Every code and
 * token issued from it belongs to it, so revoking it revokes them all (RFC 6749 §4.1.2,
 * RFC 7009 §2.1).
 */
final class Grant {
  final MockProvider provider;
  final String clientId;
  final String subject;
  final List<String> scopes;
  /** Whether the client asked for scopes; the token response carries {@code scope} only then. */
  final boolean scopeRequested;
  /** When the user authorized (OpenID Connect {@code auth_time}); null for client_credentials. */
  final Instant authTime;
  /** The authorization request's OpenID Connect {@code nonce}, or null. */
  final String nonce;
  volatile boolean revoked;

  Grant(MockProvider provider, String clientId, String subject, List<String> scopes,
      boolean scopeRequested) {
    this(provider, clientId, subject, scopes, scopeRequested, null, null);
  }

  Grant(MockProvider provider, String clientId, String subject, List<String> scopes,
      boolean scopeRequested, Instant authTime, String nonce) {
    this.authTime = authTime;
    this.nonce = nonce;
    this.provider = provider;
    this.clientId = clientId;
    this.subject = subject;
    this.scopes = List.copyOf(scopes);
    this.scopeRequested = scopeRequested;
  }
}
