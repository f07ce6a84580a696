package dev.latchkey.mockserver;

/**
 * Why a DPoP proof or a token's presentation is refused, before the endpoint turns it into its
 * kind of answer (400 at the token endpoint, 401 with a challenge at APIs).
 */
final class Refusal extends Exception {
  private static final long serialVersionUID = 1L;

  /** {@code invalid_dpop_proof}, {@code use_dpop_nonce} or {@code invalid_token}. */
  final String error;
  final String description;
  /** A fresh nonce the answer carries in {@code DPoP-Nonce}, or null. */
  final String nonce;

  Refusal(String error, String description, String nonce) {
    super(description, null, false, false);
    this.error = error;
    this.description = description;
    this.nonce = nonce;
  }

  Refusal(String error, String description) {
    this(error, description, null);
  }
}
