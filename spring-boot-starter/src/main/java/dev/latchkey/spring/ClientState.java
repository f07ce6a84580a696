package dev.latchkey.spring;

import dev.latchkey.Token;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.TokenListener;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Remembers how the application session's last renewal went and when its token expires, for the
 * health contributor, and passes every event on to the client's other listener (the meters, when
 * the app has them).
 */
final class ClientState implements TokenListener {
  /** What health reads; replaced whole, by compare-and-set, so readers see one consistent value. */
  private final AtomicReference<Snapshot> snapshot =
      new AtomicReference<>(new Snapshot(null, null));
  private final TokenListener next;
  private final Clock clock;

  /** One renewal's result, without the token itself. */
  record LastRenewal(Instant at, String failure) {
  }

  /** The last renewal (null before one) and the application token's expiry (null if unknown). */
  private record Snapshot(LastRenewal last, Instant expiresAt) {
  }

  ClientState(TokenListener next, Clock clock) {
    this.next = next;
    this.clock = clock;
  }

  /** Returns the last application renewal, or null when the application session has not renewed. */
  LastRenewal lastRenewal() {
    return snapshot.get().last();
  }

  /**
   * Returns the seconds until the application token expires, or null until the application
   * session holds one (renewed, or taken up from the store).
   */
  Long secondsToExpiry() {
    Instant expiresAt = snapshot.get().expiresAt();
    return expiresAt == null ? null : Duration.between(clock.instant(), expiresAt).getSeconds();
  }

  @Override
  public void renewalFinished(Renewal renewal) {
    if (renewal.isApplication()) {
      Token token = renewal.token();
      LastRenewal last = new LastRenewal(clock.instant(),
          token != null ? null : describe(renewal.failure()));
      snapshot.updateAndGet(s -> new Snapshot(last, token != null ? token.expiresAt()
          : s.expiresAt()));
    }
    next.renewalFinished(renewal);
  }

  @Override
  public void loaded(String sessionKey, boolean application, Token token) {
    if (application) {
      snapshot.updateAndGet(s -> new Snapshot(s.last(), token.expiresAt()));
    }
    next.loaded(sessionKey, application, token);
  }

  /** A failure in words fit for a health detail: the RFC 6749 code or the exception's class. */
  private static String describe(Exception failure) {
    if (failure instanceof TokenEndpointException) {
      TokenEndpointException e = (TokenEndpointException) failure;
      if (e.error() != null) {
        return e.errorCode().code().isEmpty() ? "other_error" : e.errorCode().code();
      }
      return "HTTP " + e.httpStatus();
    }
    return failure.getClass().getSimpleName();
  }

  @Override
  public void issued(String sessionKey, Token token) {
    next.issued(sessionKey, token);
  }

  @Override
  public void renewed(String sessionKey, Token token) {
    next.renewed(sessionKey, token);
  }

  @Override
  public void renewalFailed(String sessionKey, Exception failure) {
    next.renewalFailed(sessionKey, failure);
  }

  @Override
  public void tokenRequestFinished(String grant, int attempts, Duration duration,
      IOException failure) {
    next.tokenRequestFinished(grant, attempts, duration, failure);
  }

  @Override
  public void retriedAfterRejection(String sessionKey, int status) {
    next.retriedAfterRejection(sessionKey, status);
  }

  @Override
  public void storeFailed(Exception failure) {
    next.storeFailed(failure);
  }
}
