package dev.latchkey;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything about a {@link TokenSession} that changes, in one immutable value that the session
 * replaces by compare-and-set. The methods below are the only transitions, and every writer goes
 * through them: a save, a renewal's result, a token adopted from the store, a sign-out, a close.
 *
 * <p>The rules that keep a newer state from being undone: a renewal's result (or failure) applies
 * only while the session still holds the token that renewal started from, so a renewal finishing
 * after a save or a sign-out is discarded; a closed state is final.
 */
final class SessionState {
  private static final long NEVER = Long.MIN_VALUE;

  /** Nothing read from the store yet: the next call loads it. */
  static final SessionState UNLOADED =
      new SessionState(null, null, NEVER, NEVER, 0, NEVER, null, null, false, false);

  final Token token;
  /** {@code "Bearer " + token}, made once so that reads allocate nothing. */
  final String header;
  /** Before this instant (epoch millis) the token is handed out without a second look. */
  final long renewAtMillis;
  final long expiresAtMillis;
  /** Failed renewals in a row, and when a background renewal may be tried again. */
  final int failures;
  final long retryAtMillis;
  /** The token whose refresh token the provider rejected; it is never sent again. */
  final Token rejected;
  /** The renewal in flight, or null. */
  final Renewal renewal;
  final boolean loaded;
  final boolean closed;

  private SessionState(Token token, String header, long renewAtMillis, long expiresAtMillis,
      int failures, long retryAtMillis, Token rejected, Renewal renewal, boolean loaded,
      boolean closed) {
    this.token = token;
    this.header = header;
    this.renewAtMillis = renewAtMillis;
    this.expiresAtMillis = expiresAtMillis;
    this.failures = failures;
    this.retryAtMillis = retryAtMillis;
    this.rejected = rejected;
    this.renewal = renewal;
    this.loaded = loaded;
    this.closed = closed;
  }

  /** One renewal of {@link #from}; callers that need its result wait on {@link #result}. */
  static final class Renewal {
    final Token from;
    final CompletableFuture<SessionState> result = new CompletableFuture<>();
    /** Callers blocked on {@link #result}; tests read it instead of inspecting thread stacks. */
    final AtomicInteger waiters = new AtomicInteger();

    Renewal(Token from) {
      this.from = from;
    }

    /**
     * Waits for {@code future} at most {@code timeout}; counted among this renewal's
     * {@link #waiters} when it is this renewal's result ({@code counted} non-null).
     */
    static SessionState await(CompletableFuture<SessionState> future, Renewal counted,
        Duration timeout, String key) throws IOException {
      if (counted != null) {
        counted.waiters.incrementAndGet();
      }
      try {
        return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        InterruptedIOException interrupted = new InterruptedIOException(
            "Interrupted while waiting for the token of session " + key);
        interrupted.initCause(e);
        throw interrupted;
      } catch (TimeoutException e) {
        throw new OAuth2Exception("Timed out after " + timeout.toMillis() + " ms waiting for the"
            + " token renewal of session " + key + "; the token endpoint is slow or unreachable");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IOException) {
          throw (IOException) cause;
        }
        if (cause instanceof RuntimeException) {
          throw (RuntimeException) cause;
        }
        throw new OAuth2Exception("Token renewal of session " + key + " failed", cause);
      } finally {
        if (counted != null) {
          counted.waiters.decrementAndGet();
        }
      }
    }
  }

  /** The store's token (or none) becomes the session's; only from {@link #UNLOADED}. */
  SessionState loaded(Token stored, long renewBeforeMillis) {
    if (closed) {
      return this;
    }
    return stored == null
        ? new SessionState(null, null, NEVER, NEVER, 0, NEVER, null, renewal, true, false)
        : withToken(stored, renewBeforeMillis, rejected, renewal);
  }

  /** A new login (or any token the app hands over) replaces whatever the session held. */
  SessionState saved(Token token, long renewBeforeMillis) {
    if (closed) {
      return this;
    }
    return withToken(token, renewBeforeMillis, null, renewal);
  }

  /** Claims the renewal of the current token. */
  SessionState renewing(Renewal claimed) {
    if (closed) {
      return this;
    }
    return new SessionState(token, header, renewAtMillis, expiresAtMillis, failures,
        retryAtMillis, rejected, claimed, loaded, false);
  }

  /**
   * The one rule for a renewal's outcome (token, failure or rejection): it applies only while
   * this renewal is still the session's and the session still holds the token it started from.
   * Returns the state to keep when it does not apply, or null when it does.
   */
  private SessionState discardedOutcome(Renewal done) {
    if (closed || renewal != done) {
      return this;
    }
    if (token != done.from) {
      return withoutRenewal(); // A save or a sign-out came first: it is newer.
    }
    return null;
  }

  /** A renewal's token (renewed here or adopted from the store), unless the session moved on. */
  SessionState renewed(Renewal done, Token fresh, long renewBeforeMillis) {
    SessionState discarded = discardedOutcome(done);
    if (discarded != null) {
      return discarded;
    }
    return withToken(fresh, renewBeforeMillis, rejected, null);
  }

  /** A renewal failed; background renewals back off until {@code retryAtMillis}. */
  SessionState failed(Renewal done, long retryAt) {
    SessionState discarded = discardedOutcome(done);
    if (discarded != null) {
      return discarded;
    }
    return new SessionState(token, header, renewAtMillis, expiresAtMillis, failures + 1, retryAt,
        rejected, null, loaded, false);
  }

  /** The provider rejected the refresh token of {@code done.from}: the session has no token. */
  SessionState refreshRejected(Renewal done) {
    SessionState discarded = discardedOutcome(done);
    if (discarded != null) {
      return discarded;
    }
    return new SessionState(null, null, NEVER, NEVER, 0, NEVER, done.from, null, true, false);
  }

  /** Signed out or forgotten: no token, and a renewal in flight will be discarded. */
  SessionState cleared() {
    if (closed) {
      return this;
    }
    return new SessionState(null, null, NEVER, NEVER, 0, NEVER, null, renewal, true, false);
  }

  /** A renewal that never ran (the client is closed): callers renew when the token expires. */
  SessionState abandoned(Renewal done) {
    return renewal == done ? withoutRenewal() : this;
  }

  /** Final: every read takes the slow path, which refuses a closed session. */
  SessionState closed() {
    return new SessionState(null, null, NEVER, NEVER, 0, NEVER, null, null, true, true);
  }

  private SessionState withoutRenewal() {
    return new SessionState(token, header, renewAtMillis, expiresAtMillis, failures,
        retryAtMillis, rejected, null, loaded, false);
  }

  private static SessionState withToken(Token token, long renewBeforeMillis, Token rejected,
      Renewal renewal) {
    String header = (token.dpopKey != null ? "DPoP " : "Bearer ") + token.accessToken();
    Instant expiresAt = token.expiresAt();
    if (expiresAt == null) {
      return new SessionState(token, header, Long.MAX_VALUE, Long.MAX_VALUE, 0, NEVER, rejected,
          renewal, true, false);
    }
    long expires = expiresAt.toEpochMilli();
    long lifetime = Math.max(0, expires - token.issuedAt().toEpochMilli());
    // Renew in the last tenth of the token's life at most, so short tokens are not renewed early.
    long window = Math.min(renewBeforeMillis, lifetime / 10);
    return new SessionState(token, header, expires - window, expires, 0, NEVER, rejected, renewal,
        true, false);
  }
}
