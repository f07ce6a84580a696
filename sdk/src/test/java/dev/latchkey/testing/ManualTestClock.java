package dev.latchkey.testing;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one manual clock of the SDK's tests: it moves only when a test says so, and can be shared
 * with the mock server (which takes any {@link Clock}).
 */
public final class ManualTestClock extends Clock {
  public static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

  private final AtomicReference<Instant> now;

  public ManualTestClock() {
    this(START);
  }

  public ManualTestClock(Instant start) {
    this.now = new AtomicReference<>(requireNonNull(start, "start == null"));
  }

  /** Moves the clock forward. */
  public void advance(Duration duration) {
    requireNonNull(duration, "duration == null");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a clock only moves forward: " + duration);
    }
    now.updateAndGet(instant -> instant.plus(duration));
  }

  /** Sets the clock to {@code instant}, forward or back. */
  public void set(Instant instant) {
    now.set(requireNonNull(instant, "instant == null"));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public long millis() {
    return now.get().toEpochMilli();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a manual test clock stays in UTC");
  }

  @Override
  public String toString() {
    return "ManualTestClock{" + now.get() + "}";
  }
}
