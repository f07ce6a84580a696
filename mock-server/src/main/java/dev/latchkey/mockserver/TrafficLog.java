package dev.latchkey.mockserver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The journal, the token request counters and the fault queue. Lock-free; owned by {@link ServerState}. */
final class TrafficLog {
  /** The journal keeps the newest entries only, so a long-running server stays small. */
  static final int JOURNAL_LIMIT = 10_000;

  /** A fault and how many more requests it answers. */
  static final class QueuedFault {
    final Fault fault;
    final AtomicInteger remaining;

    QueuedFault(Fault fault, int times) {
      this.fault = fault;
      this.remaining = new AtomicInteger(times);
    }
  }

  private final ConcurrentLinkedQueue<QueuedFault> faults = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<JournalEntry> journal = new ConcurrentLinkedQueue<>();
  private final AtomicInteger journalSize = new AtomicInteger();
  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

  void enqueue(Fault fault, int times) {
    faults.add(new QueuedFault(fault, times));
  }

  List<QueuedFault> faults() {
    List<QueuedFault> result = new ArrayList<>();
    for (QueuedFault q : faults) {
      if (q.remaining.get() > 0) result.add(q);
    }
    return result;
  }

  Fault takeFault(MockProvider p, Fault.Target target) {
    for (Iterator<QueuedFault> i = faults.iterator(); i.hasNext(); ) {
      QueuedFault q = i.next();
      if (q.fault.target() != target) continue;
      if (q.fault.provider() != null && !q.fault.provider().equals(p.id)) continue;
      while (true) {
        int left = q.remaining.get();
        if (left <= 0) {
          i.remove();
          break;
        }
        if (q.remaining.compareAndSet(left, left - 1)) {
          if (left == 1) faults.remove(q);
          return q.fault;
        }
      }
    }
    return null;
  }

  void clearFaults() {
    faults.clear();
  }

  void record(JournalEntry entry) {
    journal.add(entry);
    if (journalSize.incrementAndGet() > JOURNAL_LIMIT) {
      if (journal.poll() != null) journalSize.decrementAndGet();
    }
  }

  List<JournalEntry> journal() {
    return new ArrayList<>(journal);
  }

  void clearJournal() {
    journal.clear();
    journalSize.set(0);
  }

  void increment(MockProvider p, String grantType) {
    counters.computeIfAbsent(p.id + ' ' + grantType, k -> new LongAdder()).increment();
  }

  int count(MockProvider p, String grantType) {
    LongAdder adder = counters.get(p.id + ' ' + grantType);
    return adder == null ? 0 : adder.intValue();
  }

  int count(MockProvider p) {
    int sum = 0;
    for (Map.Entry<String, LongAdder> e : counters.entrySet()) {
      if (e.getKey().startsWith(p.id + ' ')) sum += e.getValue().intValue();
    }
    return sum;
  }

  /** {@return counters as {@code {provider: {grant_type: count}}}, for the admin API} */
  Map<String, Map<String, Integer>> byProvider(List<MockProvider> providers) {
    List<String> keys = new ArrayList<>(counters.keySet());
    Collections.sort(keys);
    Map<String, Map<String, Integer>> result = new LinkedHashMap<>();
    for (MockProvider p : providers) {
      Map<String, Integer> grants = new LinkedHashMap<>();
      for (String k : keys) {
        if (k.startsWith(p.id + ' ')) {
          grants.put(k.substring(p.id.length() + 1), counters.get(k).intValue());
        }
      }
      result.put(p.id, grants);
    }
    return result;
  }

  void clear() {
    clearFaults();
    clearJournal();
    counters.clear();
  }
}
