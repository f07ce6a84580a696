package dev.latchkey.mockserver;

/**
 * What a token is bound to (the {@code cnf} claim, RFC 7800): a DPoP key's JWK thumbprint
 * ({@code jkt}, RFC 9449 §6) or a client certificate's SHA-256 thumbprint ({@code x5t#S256},
 * RFC 8705 §3.1). An unbound token has neither.
 */
final class Confirmation {
  static final Confirmation NONE = new Confirmation(null, null);

  /** The RFC 7638 SHA-256 thumbprint of the DPoP public key, base64url; or null. */
  final String jkt;
  /** The SHA-256 thumbprint of the client certificate, base64url; or null. */
  final String x5tS256;

  private Confirmation(String jkt, String x5tS256) {
    this.jkt = jkt;
    this.x5tS256 = x5tS256;
  }

  static Confirmation dpop(String jkt) {
    return new Confirmation(jkt, null);
  }

  /** {@return this binding, also bound to the certificate with thumbprint {@code x5tS256}} */
  Confirmation withCertificate(String x5tS256) {
    return new Confirmation(jkt, x5tS256);
  }

  boolean isBound() {
    return jkt != null || x5tS256 != null;
  }
}
