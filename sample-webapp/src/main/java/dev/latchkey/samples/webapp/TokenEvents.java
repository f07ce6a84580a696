package dev.latchkey.samples.webapp;

import dev.latchkey.Token;
import dev.latchkey.TokenListener;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Records, per token session key, how many tokens a session was issued and renewed and when it
 * last renewed, so pages can show the SDK's background work. One per {@code OAuth2Client}.
 *
 * <p>The SDK calls these methods on a request thread or on its renewal thread: they are quick,
 * thread-safe and never throw. They log the session key, never a token.
 */
final class TokenEvents implements TokenListener {
  private static final Logger LOG = Logger.getLogger(TokenEvents.class.getName());

  /** What happened to one session's tokens so far. */
  record Stats(int issued, int renewed, Instant lastRenewedAt, int failures) {
    static final Stats NONE = new Stats(0, 0, null, 0);

    /** Returns how many tokens the session got in all: the first one and every renewal. */
    int acquisitions() {
      return issued + renewed;
    }
  }

  private final String provider;
  private final Clock clock;
  private final Map<String, Stats> stats = new ConcurrentHashMap<>();

  TokenEvents(String provider, Clock clock) {
    this.provider = provider;
    this.clock = clock;
  }

  @Override
  public void issued(String sessionKey, Token token) {
    stats.merge(sessionKey, new Stats(1, 0, null, 0),
        (old, one) -> new Stats(old.issued + 1, old.renewed, old.lastRenewedAt, old.failures));
  }

  @Override
  public void renewed(String sessionKey, Token token) {
    Instant now = clock.instant();
    stats.merge(sessionKey, new Stats(0, 1, now, 0),
        (old, one) -> new Stats(old.issued, old.renewed + 1, now, old.failures));
    LOG.fine(() -> provider + ": renewed the token of session " + sessionKey);
  }

  @Override
  public void renewalFailed(String sessionKey, Exception failure) {
    stats.merge(sessionKey, new Stats(0, 0, null, 1),
        (old, one) -> new Stats(old.issued, old.renewed, old.lastRenewedAt, old.failures + 1));
    // SDK messages never contain a token, a code or a secret.
    LOG.warning(provider + ": renewing the token of session " + sessionKey + " failed: "
        + failure.getMessage());
  }

  /** Returns what happened to the session {@code sessionKey} so far. */
  Stats of(String sessionKey) {
    return stats.getOrDefault(sessionKey, Stats.NONE);
  }

  /** Forgets a session, after its user signed out. */
  void forget(String sessionKey) {
    stats.remove(sessionKey);
  }
}
