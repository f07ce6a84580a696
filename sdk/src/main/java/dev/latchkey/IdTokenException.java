package dev.latchkey;

import static java.util.Objects.requireNonNull;

/**
 * Signals that an OpenID Connect ID token was refused (OpenID Connect Core §3.1.3.7), or that
 * the userinfo endpoint answered for another user than the ID token names. {@link #reason()}
 * says which check failed; the message never quotes the token.
 */
public final class IdTokenException extends OAuth2Exception {
  private static final long serialVersionUID = 1L;

  /** Which check an ID token failed. */
  public enum Reason {
    /** The token response to an {@code openid} request carried no {@code id_token}. */
    MISSING,
    /** Not a signed JWT, or its header or claims cannot be parsed. */
    MALFORMED,
    /** Signed with an algorithm that is not allowed ({@code none}, HMAC, ...). */
    ALGORITHM,
    /** No key of the issuer's JWKS has its {@code kid}, or the key does not suit its algorithm. */
    UNKNOWN_KEY,
    /** The signature does not verify. */
    SIGNATURE,
    /** {@code iss} is not the provider's issuer. */
    ISSUER,
    /** {@code aud} does not contain this client's id. */
    AUDIENCE,
    /** {@code azp} is missing where several audiences need it, or names another client. */
    AUTHORIZED_PARTY,
    /** {@code exp} has passed, beyond the leeway. */
    EXPIRED,
    /** {@code iat} is in the future, beyond the leeway, or missing. */
    ISSUED_IN_FUTURE,
    /** {@code nonce} is missing or is not the one the request sent. */
    NONCE,
    /** {@code at_hash} does not match the access token. */
    ACCESS_TOKEN_HASH,
    /** {@code c_hash} does not match the authorization code. */
    CODE_HASH,
    /** The userinfo {@code sub} differs from the ID token's (OpenID Connect Core §5.3.2). */
    SUBJECT_MISMATCH
  }

  /** The check that failed. */
  private final Reason reason;

  /**
   * Creates the exception; for {@link IdTokenVerifier} implementations.
   *
   * @param reason the check that failed
   * @param message what failed and what to do; never the token itself
   */
  public IdTokenException(Reason reason, String message) {
    super(message);
    this.reason = requireNonNull(reason, "reason == null");
  }

  /**
   * Returns the check that failed.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
