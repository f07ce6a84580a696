package dev.latchkey;

/** The grants Latchkey sends to a token endpoint (RFC 6749 §4.1.3, §4.4, §6; RFC 8628; RFC 8693). */
enum GrantType {
  AUTHORIZATION_CODE("authorization_code", true),
  CLIENT_CREDENTIALS("client_credentials", false),
  REFRESH_TOKEN("refresh_token", false),
  /** RFC 8628 §3.4: polled until the user approves; the device code is not spent by a poll. */
  DEVICE_CODE("urn:ietf:params:oauth:grant-type:device_code", false),
  /** RFC 8693 §2.1. */
  TOKEN_EXCHANGE("urn:ietf:params:oauth:grant-type:token-exchange", false);

  /** The {@code grant_type} value. */
  final String value;
  /**
   * True when what the grant carries can be spent once (a code): such a request is sent exactly
   * once, never retried and never used to probe how the client authenticates.
   */
  final boolean singleUse;

  GrantType(String value, boolean singleUse) {
    this.value = value;
    this.singleUse = singleUse;
  }

  @Override
  public String toString() {
    return value;
  }
}
