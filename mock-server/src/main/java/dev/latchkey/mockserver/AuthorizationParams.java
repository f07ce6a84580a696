package dev.latchkey.mockserver;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks an authorization request's parameters for a known client (RFC 6749 §4.1.1, RFC 7636),
 * whether they arrive in the URL or are pushed (RFC 9126): the redirect URI first, then
 * {@code response_type}, scopes and PKCE.
 */
final class AuthorizationParams {
  /**
   * RFC 7636 §4.2: BASE64URL(SHA256(verifier)) is 43 characters of the unreserved set; so is
   * an RFC 7638 SHA-256 thumbprint.
   */
  private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

  /** A refused request: with a redirect URI the client can be told there, else only the user. */
  static final class Problem extends Exception {
    private static final long serialVersionUID = 1L;

    final String error;
    final String description;
    /** Where to send the error, or null when the redirect URI itself is the problem. */
    final String redirectUri;
    final String state;

    Problem(String error, String description, String redirectUri, String state) {
      super(description, null, false, false);
      this.error = error;
      this.description = description;
      this.redirectUri = redirectUri;
      this.state = state;
    }
  }

  private AuthorizationParams() {
  }

  static AuthorizationRequest check(EndpointState endpoints, Client client,
      Map<String, String> q) throws Problem {
    String clientId = client.id;
    String redirectUri = q.get("redirect_uri");
    boolean redirectUriSent = redirectUri != null;
    if (redirectUri == null) {
      redirectUri = client.defaultRedirectUri();
      if (redirectUri == null) {
        throw new Problem("invalid_request", "redirect_uri is missing. Send the redirect URI "
            + "registered for " + clientId + (client.anyLoopback ? " (any loopback URI, such "
            + "as http://127.0.0.1:8080/callback)." : "."), null, null);
      }
    } else if (!client.redirectAllowed(redirectUri)) {
      throw new Problem("invalid_request", "redirect_uri \"" + redirectUri + "\" is not "
          + "registered for client " + clientId + ". " + (client.anyLoopback
          ? "Demo clients accept http loopback URIs only (127.0.0.1, localhost or [::1], any "
            + "port, any path)."
          : "It must match a registered redirect URI exactly: " + client.redirectUris + "."),
          null, null);
    }
    String state = q.get("state");
    String responseType = q.get("response_type");
    if (responseType == null) {
      throw new Problem("invalid_request", "response_type is missing; send response_type=code",
          redirectUri, state);
    }
    if (!responseType.equals("code")) {
      throw new Problem("unsupported_response_type", "response_type must be code; got "
          + responseType, redirectUri, state);
    }
    MockProvider p = client.provider;
    String scopeParam = q.get("scope");
    List<String> scopes = Scopes.parse(scopeParam);
    String badScope = Scopes.unknown(p, client, scopes);
    if (badScope != null) {
      throw new Problem("invalid_scope", Scopes.error(p, client, badScope), redirectUri, state);
    }
    String challenge = q.get("code_challenge");
    String method = q.get("code_challenge_method");
    if (challenge == null) {
      if (method != null) {
        throw new Problem("invalid_request", "code_challenge_method was sent without "
            + "code_challenge; send both (RFC 7636 §4.3)", redirectUri, state);
      }
      if (client.isPublic()) {
        throw new Problem("invalid_request", "PKCE is required for public client " + clientId
            + ": send code_challenge and code_challenge_method=S256 (RFC 7636 §4.3)",
            redirectUri, state);
      }
    } else {
      if (!"S256".equals(method)) {
        throw new Problem("invalid_request", "code_challenge_method must be S256 (RFC 7636 "
            + "§4.3); got " + (method == null ? "none, which means plain" : method),
            redirectUri, state);
      }
      if (!S256_CHALLENGE.matcher(challenge).matches()) {
        throw new Problem("invalid_request", "code_challenge must be 43 base64url characters, "
            + "BASE64URL(SHA256(code_verifier)) without padding (RFC 7636 §4.2)", redirectUri,
            state);
      }
    }
    // RFC 9449 §10: a provider without DPoP ignores dpop_jkt, as servers that don't know it do.
    String dpopJkt = p.presentation == MockProvider.TokenPresentation.DPOP ? q.get("dpop_jkt")
        : null;
    if (dpopJkt != null && !S256_CHALLENGE.matcher(dpopJkt).matches()) {
      throw new Problem("invalid_request", "dpop_jkt must be the JWK SHA-256 thumbprint (RFC "
          + "7638) of the DPoP key, 43 base64url characters (RFC 9449 §10)", redirectUri, state);
    }
    return new AuthorizationRequest(client, redirectUri, redirectUriSent, state, scopes,
        scopeParam != null, challenge, q.get("nonce"), dpopJkt,
        endpoints.now().plus(Ledger.CONSENT_LIFETIME));
  }
}
