package dev.latchkey.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PurgeTest {
  @Test void purgeForgetsOnlyTokensThatEndedLongAgo() {
    ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    Ledger state = new Ledger(clock, new Settings());
    Grant grant = new Grant(MockProvider.ORGANIZATION_API, "orgapi-demo-client", "orgapi-demo-client",
        List.of(), false);
    IssuedToken old = state.issue(grant, false, List.of(), Confirmation.NONE, null);
    clock.advance(Duration.ofDays(1).plusHours(2));
    IssuedToken fresh = state.issue(grant, false, List.of(), Confirmation.NONE, null);
    state.purge();
    assertEquals(null, state.token(old.value));
    assertEquals(fresh, state.token(fresh.value));
  }
}
