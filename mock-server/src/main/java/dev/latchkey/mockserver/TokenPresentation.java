package dev.latchkey.mockserver;

import mockwebserver3.RecordedRequest;

/**
 * How a resource request presents its access token: Bearer (RFC 6750), or DPoP (RFC 9449) for
 * providers that bind tokens to keys. One implementation per
 * {@link MockProvider.TokenPresentation}.
 */
interface TokenPresentation {
  /** {@return the access token the request presents, or null when it presents none} */
  String token(RecordedRequest request);

  /** {@return the challenge a 401 carries when the request presented no token} */
  String challenge(MockProvider p);

  /** {@return the challenge a 401 carries when the token {@code request} presents is bad} */
  String invalidTokenChallenge(MockProvider p, RecordedRequest request);

  /**
   * Checks that {@code request} presents the live {@code token} as its binding requires (a
   * DPoP-bound token with a proof of its key); throws the provider's 401 if not.
   */
  void checkBinding(MockProvider p, RecordedRequest request, IssuedToken token)
      throws OAuthError;

  static TokenPresentation of(MockProvider.TokenPresentation kind, DpopPresentation dpop) {
    switch (kind) {
      case DPOP:
        return dpop;
      case BEARER:
      default:
        return BearerPresentation.INSTANCE;
    }
  }
}
