package dev.latchkey.mockserver;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One device authorization (RFC 8628 §3.2) from its start to its one token response. Its
 * mutable parts change under its own lock: polls come from one device, approval from a browser.
 */
final class DeviceAuthorization {
  enum Status { PENDING, APPROVED, DENIED, USED }

  final Client client;
  final String deviceCode;
  final String userCode;
  final List<String> scopes;
  final boolean scopeRequested;
  final Instant expiresAt;
  private Status status = Status.PENDING;
  private Instant approvedAt;
  private Instant lastPoll;
  private Duration interval;

  DeviceAuthorization(Client client, String deviceCode, String userCode, List<String> scopes,
      boolean scopeRequested, Instant expiresAt, Duration interval) {
    this.client = client;
    this.deviceCode = deviceCode;
    this.userCode = userCode;
    this.scopes = List.copyOf(scopes);
    this.scopeRequested = scopeRequested;
    this.expiresAt = expiresAt;
    this.interval = interval;
  }

  /** {@return whether the user's answer was taken: only a pending, live one can be answered} */
  synchronized boolean answer(boolean approve, Instant now) {
    if (status != Status.PENDING || !now.isBefore(expiresAt)) return false;
    status = approve ? Status.APPROVED : Status.DENIED;
    approvedAt = now;
    return true;
  }

  synchronized Status status() {
    return status;
  }

  synchronized Instant approvedAt() {
    return approvedAt;
  }

  /**
   * Records a poll at {@code now}. {@return true when it came sooner than the interval allows},
   * in which case the interval grows by 5 seconds for this and every later poll (RFC 8628 §3.5).
   */
  synchronized boolean pollTooSoon(Instant now) {
    boolean tooSoon = lastPoll != null && now.isBefore(lastPoll.plus(interval));
    if (tooSoon) interval = interval.plusSeconds(5);
    lastPoll = now;
    return tooSoon;
  }

  synchronized Duration interval() {
    return interval;
  }

  /** {@return true once, for the poll that gets the tokens} */
  synchronized boolean use() {
    if (status != Status.APPROVED) return false;
    status = Status.USED;
    return true;
  }
}
