package dev.latchkey.docs.examples;

import dev.latchkey.TokenSession;
import java.io.IOException;

/** docs/http-clients.md: what every client's glue does after the API answered 401. */
final class Bearer {
  private Bearer() {
  }

  // snippet:http-clients-retry-token
  /** The token to retry with after the API answered 401 to {@code sent}. */
  static String retryToken(TokenSession session, String sent) throws IOException {
    String current = session.accessToken();
    // Another request may have renewed it already: then use that one, else renew (once for all).
    return current.equals(sent) ? session.renew().accessToken() : current;
  }
  // end-snippet
}
