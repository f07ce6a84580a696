package dev.latchkey.mockserver;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/** What the router needs: the hosted providers, the journal, counters and queued faults. */
interface Traffic {
  URI url();

  Instant now();

  List<MockProvider> providers();

  void record(JournalEntry entry);

  void countTokenRequest(MockProvider p, String grantType);

  /**
   * Takes one use of the first queued fault that applies to {@code p}'s token requests (or its
   * API requests, when {@code api}), or returns null.
   */
  Fault takeFault(MockProvider p, Fault.Target target);
}
