package dev.latchkey.mockserver;

import mockwebserver3.RecordedRequest;

/**
 * How a resource request presents its access token. Bearer (RFC 6750) is the one so far; a
 * proof-of-possession presentation (DPoP, RFC 9449) is another implementation and another
 * {@link MockProvider.TokenPresentation}.
 */
interface TokenPresentation {
  /** {@return the access token the request presents, or null when it presents none} */
  String token(RecordedRequest request);

  /** {@return the challenge a 401 carries when the request presented no token} */
  String challenge(MockProvider p);

  /** {@return the challenge a 401 carries when the token is bad} */
  String invalidTokenChallenge(MockProvider p);

  static TokenPresentation of(MockProvider.TokenPresentation kind) {
    switch (kind) {
      case BEARER:
      default:
        return BearerPresentation.INSTANCE;
    }
  }
}
