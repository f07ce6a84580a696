package dev.latchkey.mockserver;

import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Lets a resource request through only with a live access token of the same provider, presented
 * the provider's way (and as its binding requires); otherwise answers the provider's kind of 401.
 */
final class ResourceGuard {
  private final EndpointState state;
  private final DpopPresentation dpop;

  ResourceGuard(EndpointState state) {
    this.state = state;
    this.dpop = new DpopPresentation(state);
  }

  /** {@return the token the request presents}; throws the provider's 401 if it is no good */
  IssuedToken check(MockProvider p, RecordedRequest request) throws OAuthError {
    TokenPresentation presentation = TokenPresentation.of(p.presentation, dpop);
    String value = presentation.token(request);
    if (value == null) {
      throw unauthorized(p, "unauthorized", "send Authorization: Bearer <access token> "
          + "(RFC 6750 §2.1)", presentation.challenge(p));
    }
    IssuedToken issued = state.token(value);
    String problem = null;
    if (issued == null || issued.refresh || !issued.grant.provider.id.equals(p.id)) {
      problem = "the access token is unknown";
    } else if (issued.isRevoked()) {
      problem = "the access token was revoked";
    } else if (issued.isExpired(state.now())) {
      problem = "the access token expired";
    }
    if (problem != null) {
      throw unauthorized(p, "invalid_token", problem,
          presentation.invalidTokenChallenge(p, request));
    }
    presentation.checkBinding(p, request, issued);
    String x5t = issued.cnf.x5tS256;
    if (x5t != null && !x5t.equals(ClientCertificates.thumbprint(request))) {
      // RFC 8705 §3: presented without the certificate it is bound to.
      throw unauthorized(p, "invalid_token", "the access token is bound to a client "
          + "certificate; call over mutual TLS with that certificate (RFC 8705 §3)",
          presentation.invalidTokenChallenge(p, request));
    }
    return issued;
  }

  /** {@return the provider's 401: bare, or the JSON error with {@code challenge}} */
  static OAuthError unauthorized(MockProvider p, String error, String description,
      String challenge) {
    if (p.unauthorized == MockProvider.Unauthorized.BARE) {
      return new OAuthError(new MockResponse.Builder().code(401).build());
    }
    return new OAuthError(Wire.error(401, error, description)
        .setHeader("WWW-Authenticate", challenge).build());
  }
}
