package dev.latchkey.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ManualClockTest {
  static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

  @Test void advanceAndSetMoveTheClock() {
    ManualClock clock = new ManualClock(START);
    assertEquals(START, clock.instant());
    assertEquals(START.plusSeconds(90), clock.advance(Duration.ofSeconds(90)));
    clock.set(START.minusSeconds(5));
    assertEquals(START.minusSeconds(5), clock.instant());
    assertEquals(ZoneOffset.UTC, clock.getZone());
  }

  @Test void withZoneSharesTheInstant() {
    ManualClock clock = new ManualClock(START);
    Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));
    clock.advance(Duration.ofMinutes(1));
    assertEquals(START.plusSeconds(60), paris.instant());
    assertEquals(ZoneId.of("Europe/Paris"), paris.getZone());
  }

  @Test void concurrentAdvancesAllCount() throws Exception {
    ManualClock clock = new ManualClock(START);
    Concurrently.call(8, 8, () -> {
      for (int j = 0; j < 1000; j++) clock.advance(Duration.ofMillis(1));
      return null;
    });
    assertEquals(START.plusSeconds(8), clock.instant());
  }
}
