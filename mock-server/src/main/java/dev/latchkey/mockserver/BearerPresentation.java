package dev.latchkey.mockserver;

import mockwebserver3.RecordedRequest;

/** {@code Authorization: Bearer <token>} (RFC 6750 §2.1); the scheme name in any case. */
final class BearerPresentation implements TokenPresentation {
  static final BearerPresentation INSTANCE = new BearerPresentation();

  private BearerPresentation() {
  }

  @Override public String token(RecordedRequest request) {
    return credentials(request, "Bearer");
  }

  /** {@return what follows {@code scheme} in the Authorization header, or null} */
  static String credentials(RecordedRequest request, String scheme) {
    String header = request.getHeaders().get("Authorization");
    if (header == null) return null;
    header = header.trim();
    int n = scheme.length() + 1;
    if (header.length() > n && header.regionMatches(true, 0, scheme + " ", 0, n)) {
      return header.substring(n).trim();
    }
    return null;
  }

  @Override public String challenge(MockProvider p) {
    return "Bearer realm=\"" + p.id + "\"";
  }

  @Override public String invalidTokenChallenge(MockProvider p, RecordedRequest request) {
    return "Bearer error=\"invalid_token\"";
  }

  /** Only DPoP providers bind tokens to keys, so a Bearer provider's tokens are all bearer. */
  @Override public void checkBinding(MockProvider p, RecordedRequest request, IssuedToken token) {
  }
}
