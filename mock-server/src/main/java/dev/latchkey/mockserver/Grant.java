package dev.latchkey.mockserver;

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
  volatile boolean revoked;

  Grant(MockProvider provider, String clientId, String subject, List<String> scopes,
      boolean scopeRequested) {
    this.provider = provider;
    this.clientId = clientId;
    this.subject = subject;
    this.scopes = List.copyOf(scopes);
    this.scopeRequested = scopeRequested;
  }
}
