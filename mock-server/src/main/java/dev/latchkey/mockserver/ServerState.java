package dev.latchkey.mockserver;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.HttpUrl;

/**
 * Everything the server remembers. Concurrent maps and atomics only: no lock on the hot path,
 * so hundreds of clients can run at once.
 */
final class ServerState {
  /** The journal keeps the newest entries only, so a long-running server stays small. */
  static final int JOURNAL_LIMIT = 10_000;
  static final java.time.Duration CONSENT_LIFETIME = java.time.Duration.ofMinutes(10);

  private static final SecureRandom RANDOM = new SecureRandom();
  /** A power of two: every this many tokens issued, forget what ended long ago. */
  private static final int PURGE_EVERY = 1024;
  /** Long enough that tests still get "expired" rather than "unknown" for recent tokens. */
  static final java.time.Duration PURGE_AFTER = java.time.Duration.ofDays(1);

  private final java.util.concurrent.atomic.AtomicLong issued =
      new java.util.concurrent.atomic.AtomicLong();

  final Clock clock;
  final Settings initial;
  final Settings settings;
  final Map<String, Client> clients = new ConcurrentHashMap<>();
  final Map<String, IssuedToken> tokens = new ConcurrentHashMap<>();
  final Map<String, AuthorizationCode> codes = new ConcurrentHashMap<>();
  final Map<String, AuthorizationRequest> consents = new ConcurrentHashMap<>();
  final ConcurrentLinkedQueue<QueuedFault> faults = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<JournalEntry> journal = new ConcurrentLinkedQueue<>();
  private final AtomicInteger journalSize = new AtomicInteger();
  final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  volatile HttpUrl url;

  ServerState(Clock clock, Settings initial) {
    this.clock = clock;
    this.initial = initial.copy();
    this.settings = initial.copy();
    registerDemoClients();
  }

  Instant now() {
    return clock.instant();
  }

  static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  // Clients.

  private void registerDemoClients() {
    for (DemoClient c : DemoClients.all()) register(Client.demo(c));
  }

  void register(Client client) {
    clients.put(key(client.provider, client.id), client);
  }

  Client client(Provider p, String id) {
    return id == null ? null : clients.get(key(p, id));
  }

  private static String key(Provider p, String id) {
    return p.id + ' ' + id;
  }

  // Tokens.

  IssuedToken issue(Grant grant, boolean refresh, List<String> scopes) {
    if ((issued.incrementAndGet() & (PURGE_EVERY - 1)) == 0) purge();
    Provider p = grant.provider;
    Instant expiresAt = now().plus(refresh ? settings.refreshLifetime(p) : settings.accessLifetime(p));
    IssuedToken token = new IssuedToken(randomToken(), refresh, grant, scopes, expiresAt);
    tokens.put(token.value, token);
    return token;
  }

  /** Forgets tokens, codes and consents that ended more than {@link #PURGE_AFTER} ago. */
  void purge() {
    Instant cutoff = now().minus(PURGE_AFTER);
    tokens.values().removeIf(t -> t.expiresAt.isBefore(cutoff));
    codes.values().removeIf(c -> c.expiresAt.isBefore(cutoff));
    consents.values().removeIf(c -> c.expiresAt.isBefore(cutoff));
  }

  /** Revokes a token; a refresh token takes its whole grant with it (RFC 7009 §2.1). */
  boolean revoke(String value) {
    IssuedToken token = tokens.get(value);
    if (token == null) return false;
    token.revoked = true;
    if (token.refresh) token.grant.revoked = true;
    return true;
  }

  int expireTokens(boolean refreshToo) {
    Instant now = now();
    int count = 0;
    for (IssuedToken t : tokens.values()) {
      if ((refreshToo || !t.refresh) && !t.isRevoked() && !t.isExpired(now)) {
        t.expiresAt = now;
        count++;
      }
    }
    return count;
  }

  // Faults.

  static final class QueuedFault {
    final Fault fault;
    final AtomicInteger remaining;

    QueuedFault(Fault fault, int times) {
      this.fault = fault;
      this.remaining = new AtomicInteger(times);
    }
  }

  /** Takes one use of the first queued fault that applies to {@code p}, or returns null. */
  Fault takeFault(Provider p) {
    for (Iterator<QueuedFault> i = faults.iterator(); i.hasNext(); ) {
      QueuedFault q = i.next();
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

  // Journal and counters.

  void record(JournalEntry entry) {
    journal.add(entry);
    if (journalSize.incrementAndGet() > JOURNAL_LIMIT) {
      if (journal.poll() != null) journalSize.decrementAndGet();
    }
  }

  void clearJournal() {
    journal.clear();
    journalSize.set(0);
  }

  void countTokenRequest(Provider p, String grantType) {
    counters.computeIfAbsent(p.id + ' ' + grantType, k -> new LongAdder()).increment();
  }

  int tokenRequests(Provider p, String grantType) {
    LongAdder adder = counters.get(p.id + ' ' + grantType);
    return adder == null ? 0 : adder.intValue();
  }

  int tokenRequests(Provider p) {
    int sum = 0;
    for (Map.Entry<String, LongAdder> e : counters.entrySet()) {
      if (e.getKey().startsWith(p.id + ' ')) sum += e.getValue().intValue();
    }
    return sum;
  }

  /** {@return counters as {@code {provider: {grant_type: count}}}, for the admin API} */
  Map<String, Map<String, Integer>> countersByProvider() {
    Map<String, Map<String, Integer>> result = new LinkedHashMap<>();
    for (Provider p : Provider.values()) {
      Map<String, Integer> grants = new LinkedHashMap<>();
      List<String> keys = new ArrayList<>(counters.keySet());
      java.util.Collections.sort(keys);
      for (String k : keys) {
        if (k.startsWith(p.id + ' ')) {
          grants.put(k.substring(p.id.length() + 1), counters.get(k).intValue());
        }
      }
      result.put(p.id, grants);
    }
    return result;
  }

  /** Forgets every token, code, fault, journal entry, counter and added client. */
  void reset() {
    settings.copyFrom(initial);
    tokens.clear();
    codes.clear();
    consents.clear();
    faults.clear();
    clearJournal();
    counters.clear();
    clients.clear();
    registerDemoClients();
  }
}
