package dev.latchkey.spring;

import dev.latchkey.TokenSession;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * What the {@code RestClient} and {@code WebClient} glue share: which session a request uses,
 * and the token to retry with after the API rejected one. The OkHttp glue is the SDK's own.
 */
final class SessionBearer {
  private final LatchkeyClients.Configured configured;

  SessionBearer(LatchkeyClients.Configured configured) {
    this.configured = configured;
  }

  /** The application's session, or the user's when the request names one. */
  TokenSession session(Object userKey) {
    return userKey == null ? configured.application()
        : configured.client().session(userKey.toString());
  }

  /**
   * Whether an answer means "renew and retry": 401 or a configured status, unless the challenge
   * says {@code insufficient_scope} (RFC 6750 §3.1), which a new token does not fix.
   */
  boolean shouldRenew(int status, List<String> challenges) {
    if (!configured.expiredStatuses().contains(status)) {
      return false;
    }
    if (challenges != null) {
      for (String challenge : challenges) {
        if (challenge.toLowerCase(Locale.ROOT).replace("\"", "")
            .contains("error=insufficient_scope")) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Returns the token to retry with after the API rejected {@code sent}: the session's current
   * one if another caller already renewed it, else a renewed one.
   */
  String retryToken(TokenSession session, String sent, int status) throws IOException {
    String current = session.accessToken();
    String retry = current.equals(sent) ? session.renew().accessToken() : current;
    configured.state().retriedAfterRejection(session.key(), status);
    return retry;
  }
}
