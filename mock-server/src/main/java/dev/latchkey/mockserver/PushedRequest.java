package dev.latchkey.mockserver;

import java.time.Instant;

/** An authorization request pushed to the PAR endpoint (RFC 9126), waiting for its request_uri. */
final class PushedRequest {
  final Client client;
  final AuthorizationRequest request;
  final Instant expiresAt;

  PushedRequest(Client client, AuthorizationRequest request, Instant expiresAt) {
    this.client = client;
    this.request = request;
    this.expiresAt = expiresAt;
  }
}
