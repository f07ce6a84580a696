package dev.latchkey;

/** The grants Latchkey sends to a token endpoint (RFC 6749 §4.1.3, §4.4, §6). */
enum GrantType {
  AUTHORIZATION_CODE("authorization_code", true),
  CLIENT_CREDENTIALS("client_credentials", false),
  REFRESH_TOKEN("refresh_token", false);

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
