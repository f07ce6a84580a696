package dev.latchkey.mockserver;

import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Lets a resource request through only with a live access token of the same provider, presented
 * the provider's way; otherwise answers the provider's kind of 401.
 */
final class ResourceGuard {
  private final EndpointState state;

  ResourceGuard(EndpointState state) {
    this.state = state;
  }

  /** {@return the token the request presents}; throws the provider's 401 if it is no good */
  IssuedToken check(MockProvider p, RecordedRequest request) throws OAuthError {
    TokenPresentation presentation = TokenPresentation.of(p.presentation);
    String value = presentation.token(request);
    if (value == null) throw unauthorized(p, null, presentation.challenge(p));
    IssuedToken issued = state.token(value);
    String problem = null;
    if (issued == null || issued.refresh || !issued.grant.provider.id.equals(p.id)) {
      problem = "the access token is unknown";
    } else if (issued.isRevoked()) {
      problem = "the access token was revoked";
    } else if (issued.isExpired(state.now())) {
      problem = "the access token expired";
    }
    if (problem != null) throw unauthorized(p, problem, presentation.invalidTokenChallenge(p));
    return issued;
  }

  private static OAuthError unauthorized(MockProvider p, String problem, String challenge) {
    if (p.unauthorized == MockProvider.Unauthorized.BARE) {
      return new OAuthError(new MockResponse.Builder().code(401).build());
    }
    MockResponse.Builder b = problem == null
        ? Wire.error(401, "unauthorized",
            "send Authorization: Bearer <access token> (RFC 6750 §2.1)")
        : Wire.error(401, "invalid_token", problem);
    return new OAuthError(b.setHeader("WWW-Authenticate", challenge).build());
  }
}
