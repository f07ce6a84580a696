package dev.latchkey.mockserver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;

/**
 * {@code grant_type=authorization_code} (RFC 6749 §4.1.3): single-use codes bound to client,
 * redirect URI and PKCE S256 challenge (RFC 7636); a replayed code revokes its grant.
 */
final class AuthorizationCodeGrant implements GrantHandler {
  /** RFC 7636 §4.1: 43 to 128 unreserved characters. */
  private static final Pattern CODE_VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

  private final EndpointState state;
  private final TokenResponder responder;

  AuthorizationCodeGrant(EndpointState state, TokenResponder responder) {
    this.state = state;
    this.responder = responder;
  }

  @Override public MockResponse grant(TokenRequest request, Client client) throws OAuthError {
    MockProvider p = request.provider;
    String code = request.param("code");
    if (code == null) {
      throw OAuthError.badRequest("invalid_request",
          "code is missing; send the authorization code from the redirect");
    }
    AuthorizationCode issued = state.code(code);
    if (issued == null || !issued.grant.provider.id.equals(p.id)) {
      throw OAuthError.badRequest("invalid_grant", "the authorization code is unknown");
    }
    if (!issued.grant.clientId.equals(client.id)) {
      throw OAuthError.badRequest("invalid_grant",
          "the authorization code was issued to another client");
    }
    checkDpopKey(issued, request);
    if (!issued.used.compareAndSet(false, true)) {
      issued.grant.revoked = true;
      throw OAuthError.badRequest("invalid_grant", "the authorization code was already used; "
          + "the tokens issued from it are now revoked (RFC 6749 §4.1.2)");
    }
    if (!state.now().isBefore(issued.expiresAt)) {
      throw OAuthError.badRequest("invalid_grant", "the authorization code expired; codes live "
          + state.settings().codeLifetime.getSeconds() + " s, start the authorization again");
    }
    checkRedirectUri(p, issued, request.param("redirect_uri"));
    checkVerifier(issued, request.param("code_verifier"));
    return responder.respond(request, issued.grant, issued.grant.scopes,
        p.issuesRefreshTokens(), null);
  }

  private static void checkRedirectUri(MockProvider p, AuthorizationCode issued,
      String redirectUri) throws OAuthError {
    if (issued.redirectUri != null) {
      if (redirectUri == null) {
        throw OAuthError.badRequest("invalid_request", "redirect_uri is missing; send the same "
            + "redirect_uri as in the authorization request (RFC 6749 §4.1.3)");
      }
      if (!redirectUri.equals(issued.redirectUri)) {
        throw OAuthError.badRequest("invalid_grant", "redirect_uri does not match the one in "
            + "the authorization request (RFC 6749 §4.1.3): expected " + issued.redirectUri);
      }
    } else if (p.redirectUriRequired && redirectUri == null) {
      throw OAuthError.badRequest("invalid_request", "redirect_uri is missing; " + p.displayName
          + "'s token request carries redirect_uri in " + ProviderMessages.bodyName(p));
    }
  }

  /** RFC 9449 §10: a code bound to a DPoP key is exchanged only with a proof of that key. */
  private static void checkDpopKey(AuthorizationCode issued, TokenRequest request)
      throws OAuthError {
    if (issued.dpopJkt == null) return;
    String jkt = request.accessCnf.jkt;
    if (jkt == null) {
      throw OAuthError.badRequest("invalid_dpop_proof", "the authorization code is bound to a "
          + "DPoP key (dpop_jkt, RFC 9449 §10); send a DPoP proof of that key");
    }
    if (!MessageDigest.isEqual(jkt.getBytes(StandardCharsets.US_ASCII),
        issued.dpopJkt.getBytes(StandardCharsets.US_ASCII))) {
      throw OAuthError.badRequest("invalid_dpop_proof", "the DPoP proof's key is not the one "
          + "the authorization code is bound to (dpop_jkt, RFC 9449 §10)");
    }
  }

  private static void checkVerifier(AuthorizationCode issued, String verifier)
      throws OAuthError {
    if (issued.codeChallenge != null) {
      if (verifier == null) {
        throw OAuthError.badRequest("invalid_grant", "code_verifier is missing; the "
            + "authorization request carried a code_challenge (RFC 7636 §4.5)");
      }
      if (!CODE_VERIFIER.matcher(verifier).matches()) {
        throw OAuthError.badRequest("invalid_request", "code_verifier must be 43 to 128 "
            + "characters of A-Z a-z 0-9 - . _ ~ (RFC 7636 §4.1)");
      }
      if (!MessageDigest.isEqual(s256(verifier).getBytes(StandardCharsets.US_ASCII),
          issued.codeChallenge.getBytes(StandardCharsets.US_ASCII))) {
        throw OAuthError.badRequest("invalid_grant", "code_verifier does not match the "
            + "code_challenge: BASE64URL(SHA256(code_verifier)) must equal it (RFC 7636 §4.6)");
      }
    } else if (verifier != null) {
      throw OAuthError.badRequest("invalid_grant", "code_verifier was sent but the "
          + "authorization request carried no code_challenge (RFC 9700 §2.1.1)");
    }
  }

  static String s256(String verifier) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
