package dev.latchkey.spring;

import dev.latchkey.Token;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.TokenListener;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Remembers how the application session's last renewal went, for the health contributor, and
 * passes every event on to the client's other listener (the meters, when the app has them).
 */
final class ClientState implements TokenListener {
  /** The last application renewal; replaced whole, so readers see one consistent value. */
  private volatile LastRenewal last;
  private final TokenListener next;
  private final Clock clock;

  /** One renewal's result, without the token itself. */
  record LastRenewal(Instant at, String failure, Instant expiresAt) {
  }

  ClientState(TokenListener next, Clock clock) {
    this.next = next;
    this.clock = clock;
  }

  /** Returns the last application renewal, or null when the application session has not renewed. */
  LastRenewal lastRenewal() {
    return last;
  }

  /** Returns the seconds until the application token expires, or null when unknown. */
  Long secondsToExpiry() {
    LastRenewal l = last;
    if (l == null || l.expiresAt() == null) {
      return null;
    }
    return Duration.between(clock.instant(), l.expiresAt()).getSeconds();
  }

  @Override
  public void renewalFinished(Renewal renewal) {
    if (renewal.isApplication()) {
      LastRenewal previous = last;
      Token token = renewal.token();
      last = token != null
          ? new LastRenewal(clock.instant(), null, token.expiresAt())
          : new LastRenewal(clock.instant(), describe(renewal.failure()),
              previous == null ? null : previous.expiresAt());
    }
    next.renewalFinished(renewal);
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
