package dev.latchkey.mockserver;

import mockwebserver3.RecordedRequest;

/**
 * A DPoP provider's APIs (RFC 9449 §7): a DPoP-bound token only as
 * {@code Authorization: DPoP <token>} with a proof of its key ({@code ath} included), an
 * unbound token as Bearer. A bound token sent as Bearer, without a proof or with another key's
 * proof is refused with a {@code DPoP} challenge naming the error.
 */
final class DpopPresentation implements TokenPresentation {
  private static final String ALGS = "algs=\"" + String.join(" ", DpopVerifier.ALGORITHMS) + "\"";

  private final DpopVerifier verifier;

  DpopPresentation(EndpointState state) {
    this.verifier = new DpopVerifier(state);
  }

  @Override public String token(RecordedRequest request) {
    String dpop = BearerPresentation.credentials(request, "DPoP");
    return dpop != null ? dpop : BearerPresentation.credentials(request, "Bearer");
  }

  @Override public String challenge(MockProvider p) {
    return "Bearer realm=\"" + p.id + "\", DPoP " + ALGS;
  }

  @Override public String invalidTokenChallenge(MockProvider p, RecordedRequest request) {
    return BearerPresentation.credentials(request, "DPoP") != null
        ? "DPoP error=\"invalid_token\", " + ALGS : "Bearer error=\"invalid_token\"";
  }

  @Override public void checkBinding(MockProvider p, RecordedRequest request, IssuedToken token)
      throws OAuthError {
    String presented = BearerPresentation.credentials(request, "DPoP");
    String bound = token.cnf.jkt;
    if (presented == null) {
      if (bound != null) {
        throw refused(p, new Refusal("invalid_token", "the access token is DPoP-bound; present"
            + " it as Authorization: DPoP with a DPoP proof (RFC 9449 §7.1)"));
      }
      return;
    }
    String jkt;
    try {
      jkt = verifier.verify(p, request, presented);
    } catch (Refusal r) {
      throw refused(p, r);
    }
    if (jkt == null) {
      throw refused(p, new Refusal("invalid_dpop_proof", "Authorization: DPoP needs a DPoP "
          + "proof header (RFC 9449 §7.1)"));
    }
    if (bound == null) {
      throw refused(p, new Refusal("invalid_token", "the access token is not DPoP-bound; "
          + "present it as Authorization: Bearer"));
    }
    if (!bound.equals(jkt)) {
      throw refused(p, new Refusal("invalid_token", "the access token is bound to another DPoP"
          + " key than this proof's (RFC 9449 §7.1)"));
    }
  }

  /** RFC 6750 §3: an error_description is printable ASCII without {@code "} or {@code \}. */
  static String headerSafe(String description) {
    StringBuilder sb = new StringBuilder(description.length());
    for (char c : description.replace("§", "section ").toCharArray()) {
      sb.append(c == '"' || c == '\\' ? '\'' : c < 0x20 || c > 0x7e ? '?' : c);
    }
    return sb.toString();
  }

  private static OAuthError refused(MockProvider p, Refusal r) {
    String challenge = "DPoP error=\"" + r.error + "\", error_description=\""
        + headerSafe(r.description) + "\", " + ALGS;
    OAuthError e = ResourceGuard.unauthorized(p, r.error, r.description, challenge);
    if (r.nonce == null || e.response.getCode() != 401) return e;
    return new OAuthError(e.response.newBuilder().setHeader("DPoP-Nonce", r.nonce).build());
  }
}
