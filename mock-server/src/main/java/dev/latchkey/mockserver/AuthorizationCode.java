package dev.latchkey.mockserver;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/** A code issued on approval: single use, short-lived, bound to client, redirect and PKCE. */
final class AuthorizationCode {
  final Grant grant;
  /** The redirect_uri sent on authorize, or null when none was sent. */
  final String redirectUri;
  /** The S256 code_challenge, or null without PKCE. */
  final String codeChallenge;
  final Instant expiresAt;
  final AtomicBoolean used = new AtomicBoolean();

  AuthorizationCode(Grant grant, String redirectUri, String codeChallenge, Instant expiresAt) {
    this.grant = grant;
    this.redirectUri = redirectUri;
    this.codeChallenge = codeChallenge;
    this.expiresAt = expiresAt;
  }
}
