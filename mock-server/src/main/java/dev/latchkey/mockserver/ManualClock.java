package dev.latchkey.mockserver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that only moves when told to, for tests of token expiry.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
 * MockAuthServer server = MockAuthServer.builder().clock(clock).build();
 * // ... get a token that lives 1 hour ...
 * clock.advance(Duration.ofHours(1)); // the token is now expired
 * }</pre>
 *
 * <p>Safe to share between threads: reads and updates are atomic.
 */
public final class ManualClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  /** Creates a clock at the current system time, in UTC. */
  public ManualClock() {
    this(Instant.now());
  }

  /**
   * Creates a clock at {@code start}, in UTC.
   *
   * @param start the instant the clock shows until moved
   */
  public ManualClock(Instant start) {
    this(new AtomicReference<>(Objects.requireNonNull(start, "start == null")), ZoneOffset.UTC);
  }

  private ManualClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /**
   * Moves the clock forward (or back, for a negative duration).
   *
   * @param duration how far to move
   * @return the new instant
   */
  public Instant advance(Duration duration) {
    Objects.requireNonNull(duration, "duration == null");
    return now.updateAndGet(i -> i.plus(duration));
  }

  /**
   * Sets the clock to {@code instant}.
   *
   * @param instant the instant the clock shows from now on
   */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant == null"));
  }

  /** {@return the current instant of this clock} */
  @Override public Instant instant() {
    return now.get();
  }

  /** {@return the zone of this clock, UTC unless derived with {@link #withZone}} */
  @Override public ZoneId getZone() {
    return zone;
  }

  /** {@return a clock in {@code zone} that shares this clock's instant (moving one moves both)} */
  @Override public Clock withZone(ZoneId zone) {
    return new ManualClock(now, Objects.requireNonNull(zone, "zone == null"));
  }

  @Override public String toString() {
    return "ManualClock[" + now.get() + "]";
  }
}
