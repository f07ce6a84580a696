package dev.latchkey;

import java.io.IOException;

/**
 * Runs a {@link TokenExchange} through {@link Grants} (RFC 8693 §2.1), for a one-off exchange
 * and for an exchange session's renewals, and says clearly when the subject itself has ended.
 */
final class TokenExchanges {
  private TokenExchanges() {
  }

  /**
   * Exchanges the subject's current token. {@code sessionKey} names the exchange session that
   * renews, or is null for a one-off exchange.
   */
  static Token exchange(Grants grants, TokenExchange exchange, String sessionKey)
      throws IOException {
    String subject;
    if (exchange.subjectSession != null) {
      try {
        subject = exchange.subjectSession.accessToken();
      } catch (ReauthorizationRequiredException e) {
        if (sessionKey == null) {
          throw e;
        }
        throw new ReauthorizationRequiredException(sessionKey, "The subject of the exchanged"
            + " session \"" + sessionKey + "\" has ended: its session \""
            + exchange.subjectSession.key() + "\" needs a new login, so there is no token to"
            + " exchange. Send the user through login again", e);
      }
    } else {
      subject = exchange.subjectToken;
    }
    try {
      return grants.tokenExchange(exchange.parameters(subject), exchange.scopes);
    } catch (TokenEndpointException e) {
      if (sessionKey != null && e.errorCode() == ErrorCode.INVALID_GRANT) {
        throw new ReauthorizationRequiredException(sessionKey, "The provider no longer accepts"
            + " the subject token of the exchanged session \"" + sessionKey + "\" ("
            + Texts.quote(e.error()) + "): the subject has ended (expired or revoked). Get a new"
            + " subject token, from a new login", e);
      }
      throw e;
    }
  }
}
