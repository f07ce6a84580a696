package dev.latchkey;

import java.util.Locale;
import okhttp3.Response;

/** Decides from a token response's {@code token_type} whether its token is DPoP-bound (RFC 9449 §5). */
final class DpopBinding {
  static final String DPOP = "DPoP";

  private DpopBinding() {
  }

  /**
   * Binds {@code token} to {@code key} when the server issued a DPoP token; a bearer answer to a
   * request with a proof stays a bearer token (the server does not do DPoP, RFC 9449 §5).
   *
   * @throws MalformedResponseException for a DPoP token when no proof was sent
   */
  static Token bind(Token token, DpopKey key, Response response)
      throws MalformedResponseException {
    if (!DPOP.toLowerCase(Locale.ROOT).equals(token.tokenType().toLowerCase(Locale.ROOT))) {
      return token;
    }
    if (key == null) {
      throw new MalformedResponseException("The token response has token_type DPoP, but this"
          + " client sent no DPoP proof; a DPoP-bound token cannot be used without its key."
          + " Turn DPoP on with OAuth2Client.Builder.dpop()", response.code(),
          response.header("Content-Type"), null);
    }
    return token.newBuilder().tokenType(DPOP).dpopKey(key).build();
  }
}
