package dev.latchkey;

import java.util.Locale;

/**
 * Names the error codes of RFC 6749 §4.1.2.1 (authorization errors), §5.2 (token-endpoint errors)
 * RFC 6750 §3.1 (resource errors), RFC 8628 §3.5 (device flow) and RFC 8693 §2.2.2 (token
 * exchange), so that callers can switch on them instead of comparing
 * strings. Codes a server invents map to {@link #OTHER}; the raw string stays available on the
 * exception.
 */
public enum ErrorCode {
  /** {@code invalid_request}: a parameter is missing, repeated or malformed. */
  INVALID_REQUEST("invalid_request"),
  /** {@code invalid_client}: client authentication failed (RFC 6749 §5.2). */
  INVALID_CLIENT("invalid_client"),
  /** {@code invalid_grant}: the code or refresh token is invalid, expired, revoked or reused. */
  INVALID_GRANT("invalid_grant"),
  /** {@code unauthorized_client}: this client may not use this grant type. */
  UNAUTHORIZED_CLIENT("unauthorized_client"),
  /** {@code unsupported_grant_type}: the server does not support this grant type. */
  UNSUPPORTED_GRANT_TYPE("unsupported_grant_type"),
  /** {@code invalid_scope}: a requested scope is unknown or not allowed. */
  INVALID_SCOPE("invalid_scope"),
  /** {@code access_denied}: the user or the server denied the request. */
  ACCESS_DENIED("access_denied"),
  /** {@code unsupported_response_type}: the server does not issue codes this way. */
  UNSUPPORTED_RESPONSE_TYPE("unsupported_response_type"),
  /** {@code server_error}: the authorization server failed. */
  SERVER_ERROR("server_error"),
  /** {@code temporarily_unavailable}: the authorization server is overloaded or down. */
  TEMPORARILY_UNAVAILABLE("temporarily_unavailable"),
  /** {@code invalid_token}: the access token is expired, revoked or malformed (RFC 6750). */
  INVALID_TOKEN("invalid_token"),
  /** {@code insufficient_scope}: the token lacks a scope the resource needs (RFC 6750). */
  INSUFFICIENT_SCOPE("insufficient_scope"),
  /** {@code authorization_pending}: the user has not yet approved the device (RFC 8628 §3.5). */
  AUTHORIZATION_PENDING("authorization_pending"),
  /** {@code slow_down}: poll less often; the interval grows by 5 seconds (RFC 8628 §3.5). */
  SLOW_DOWN("slow_down"),
  /** {@code expired_token}: the device code expired before approval (RFC 8628 §3.5). */
  EXPIRED_TOKEN("expired_token"),
  /** {@code invalid_target}: the audience or resource is unknown or not allowed (RFC 8693). */
  INVALID_TARGET("invalid_target"),
  /** Any code not listed here, or no code at all. */
  OTHER("");

  private final String code;

  ErrorCode(String code) {
    this.code = code;
  }

  /**
   * Returns the wire form of this code, such as {@code invalid_grant}, or an empty string for
   * {@link #OTHER}.
   *
   * @return the code as the RFC spells it
   */
  public String code() {
    return code;
  }

  /**
   * Returns the constant for a wire code, ignoring case; {@link #OTHER} for null or unknown codes.
   *
   * @param code the {@code error} value a server sent, or null
   * @return the matching constant, never null
   */
  public static ErrorCode of(String code) {
    if (code == null) {
      return OTHER;
    }
    String lower = code.trim().toLowerCase(Locale.ROOT);
    for (ErrorCode value : values()) {
      if (value != OTHER && value.code.equals(lower)) {
        return value;
      }
    }
    return OTHER;
  }
}
