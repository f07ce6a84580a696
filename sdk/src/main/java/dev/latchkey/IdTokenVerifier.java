package dev.latchkey;

import java.io.IOException;
import java.util.Map;

/**
 * Validates an OpenID Connect ID token (OpenID Connect Core §3.1.3.7): its signature against the
 * issuer's keys, {@code iss}, {@code aud}, {@code azp}, {@code exp}, {@code iat}, {@code nonce},
 * and {@code at_hash}/{@code c_hash} when present. Latchkey's implementation is
 * {@code dev.latchkey.oidc.OidcVerifier} in the optional {@code latchkey-oidc} module; the sdk
 * itself does no JOSE.
 *
 * <p>Given to {@link OAuth2Client.Builder#idTokenVerifier}, it runs on every token response
 * that carries an {@code id_token}; the claims it returns are then {@link Token#idTokenClaims()}.
 */
public interface IdTokenVerifier {
  /**
   * Validates {@code idToken} and returns its claims.
   *
   * @param client the client the token was issued to: its provider (issuer, JWKS URI), client
   *     id, clock and HTTP client
   * @param idToken the compact JWT
   * @param nonce the nonce the authorization request sent, or null when none was sent (a device
   *     login, a refresh)
   * @param accessToken the access token issued with it, for {@code at_hash}
   * @param code the authorization code exchanged for it, for {@code c_hash}; or null
   * @return the validated claims as JSON values
   * @throws IdTokenException if the token is not valid; the message says which check failed
   * @throws IOException if the issuer's keys cannot be fetched
   */
  Map<String, Object> verify(OAuth2Client client, String idToken, String nonce,
      String accessToken, String code) throws IOException;
}
