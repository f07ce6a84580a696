package dev.latchkey.mockserver;

import java.time.Instant;
import java.util.List;

/** A validated authorization request, waiting for consent. */
final class AuthorizationRequest {
  final Client client;
  /** Where to send the user back: the redirect_uri sent, or the registered default. */
  final String redirectUri;
  /** Whether redirect_uri was in the request, so the token request must repeat it. */
  final boolean redirectUriSent;
  final String state;
  final List<String> scopes;
  final boolean scopeRequested;
  final String codeChallenge;
  /** OpenID Connect {@code nonce}, echoed in the ID token; or null. */
  final String nonce;
  /** The DPoP key thumbprint the code is bound to ({@code dpop_jkt}, RFC 9449 §10); or null. */
  final String dpopJkt;
  final Instant expiresAt;

  AuthorizationRequest(Client client, String redirectUri, boolean redirectUriSent, String state,
      List<String> scopes, boolean scopeRequested, String codeChallenge, String nonce,
      String dpopJkt, Instant expiresAt) {
    this.dpopJkt = dpopJkt;
    this.nonce = nonce;
    this.client = client;
    this.redirectUri = redirectUri;
    this.redirectUriSent = redirectUriSent;
    this.state = state;
    this.scopes = List.copyOf(scopes);
    this.scopeRequested = scopeRequested;
    this.codeChallenge = codeChallenge;
    this.expiresAt = expiresAt;
  }
}
