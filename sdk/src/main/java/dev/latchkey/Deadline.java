package dev.latchkey;

import java.time.Clock;
import java.time.Duration;

/**
 * The one time budget of a renewal or a grant: every attempt, every pause between attempts and
 * any wait for another instance's renewal lease draw from it, on whichever thread runs them.
 * Measured on the client's clock, so tests move it by hand.
 */
final class Deadline {
  private final Clock clock;
  private final long endMillis;
  /** The whole budget, for messages. */
  final Duration budget;

  private Deadline(Clock clock, Duration budget) {
    this.clock = clock;
    this.budget = budget;
    this.endMillis = clock.millis() + budget.toMillis();
  }

  /** Starts a budget of the client's renewal timeout now. */
  static Deadline start(ClientConfig config) {
    return new Deadline(config.clock, config.renewalTimeout);
  }

  /** Milliseconds left; zero or less once the budget is spent. */
  long remainingMillis() {
    return endMillis - clock.millis();
  }

  /** True when an attempt may still start after a pause of {@code pauseMillis}. */
  boolean allowsAttemptAfter(long pauseMillis) {
    return remainingMillis() > pauseMillis;
  }
}
