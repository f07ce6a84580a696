package dev.latchkey.mockserver;

import mockwebserver3.MockResponse;

/**
 * DPoP at the token endpoint (RFC 9449 §5): a request with a valid proof gets tokens bound to
 * its key; one with a bad proof, or without one where the provider or client requires it, is
 * refused with {@code invalid_dpop_proof}, or {@code use_dpop_nonce} and a fresh
 * {@code DPoP-Nonce}. A provider without DPoP ignores the header, as servers that don't know it do.
 */
final class DpopBinding {
  private final DpopVerifier verifier;

  DpopBinding(EndpointState state) {
    this.verifier = new DpopVerifier(state);
  }

  /** {@return the request bound to its proof's key, or as it was when it carries none} */
  TokenRequest bind(TokenRequest request, Client client) throws OAuthError {
    MockProvider p = request.provider;
    if (p.presentation != MockProvider.TokenPresentation.DPOP) return request;
    String jkt;
    try {
      jkt = verifier.verify(p, request.raw, null);
    } catch (Refusal r) {
      throw error(r);
    }
    if (jkt == null) {
      if (p.extensions.requireDpop || client.dpopBound) {
        throw OAuthError.badRequest("invalid_dpop_proof", (p.extensions.requireDpop ? p.displayName
            : "client " + client.id) + " requires DPoP: send a DPoP proof header with every "
            + "token request (RFC 9449 §5)");
      }
      return request;
    }
    // RFC 9449 §5: a confidential client's refresh token is bound by its authentication already.
    Confirmation cnf = Confirmation.dpop(jkt);
    return request.bound(cnf, client.isPublic() ? cnf : Confirmation.NONE);
  }

  static OAuthError error(Refusal r) {
    MockResponse.Builder b = Wire.error(400, r.error, r.description);
    if (r.nonce != null) b.setHeader("DPoP-Nonce", r.nonce);
    return new OAuthError(b.setHeader("Cache-Control", "no-store").build());
  }
}
