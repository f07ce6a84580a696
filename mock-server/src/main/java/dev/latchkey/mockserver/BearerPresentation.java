package dev.latchkey.mockserver;

import mockwebserver3.RecordedRequest;

/** {@code Authorization: Bearer <token>} (RFC 6750 §2.1); the scheme name in any case. */
final class BearerPresentation implements TokenPresentation {
  static final BearerPresentation INSTANCE = new BearerPresentation();

  private BearerPresentation() {
  }

  @Override public String token(RecordedRequest request) {
    String header = request.getHeaders().get("Authorization");
    if (header == null) return null;
    header = header.trim();
    if (header.length() > 7 && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).trim();
    }
    return null;
  }

  @Override public String challenge(MockProvider p) {
    return "Bearer realm=\"" + p.id + "\"";
  }

  @Override public String invalidTokenChallenge(MockProvider p) {
    return "Bearer error=\"invalid_token\"";
  }
}
