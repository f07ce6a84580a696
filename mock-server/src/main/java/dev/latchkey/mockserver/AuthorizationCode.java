package dev.latchkey.mockserver;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A code issued on approval: single use, short-lived, bound to client, redirect, PKCE and
 * perhaps a DPoP key.
 */
final class AuthorizationCode {
  final Grant grant;
  /** The redirect_uri sent on authorize, or null when none was sent. */
  final String redirectUri;
  /** The S256 code_challenge, or null without PKCE. */
  final String codeChallenge;
  /** The DPoP key thumbprint the exchange must prove (RFC 9449 §10), or null. */
  final String dpopJkt;
  final Instant expiresAt;
  final AtomicBoolean used = new AtomicBoolean();

  AuthorizationCode(Grant grant, String redirectUri, String codeChallenge, String dpopJkt,
      Instant expiresAt) {
    this.dpopJkt = dpopJkt;
    this.grant = grant;
    this.redirectUri = redirectUri;
    this.codeChallenge = codeChallenge;
    this.expiresAt = expiresAt;
  }
}
