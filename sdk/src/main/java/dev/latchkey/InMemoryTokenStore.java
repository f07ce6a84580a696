package dev.latchkey;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Keeps tokens in a concurrent map. Leases are real, so that the sessions of several clients
 * sharing this store (derived with {@code newBuilder()}) renew a key one at a time, as the
 * instances of a fleet do through a shared store.
 */
final class InMemoryTokenStore implements TokenStore {
  private final ConcurrentMap<String, Token> tokens = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Lease> leases = new ConcurrentHashMap<>();

  /** Who holds a key's renewal lease, until when ({@link System#nanoTime()}). */
  private static final class Lease {
    final String owner;
    final long untilNanos;

    Lease(String owner, long untilNanos) {
      this.owner = owner;
      this.untilNanos = untilNanos;
    }
  }

  @Override
  public boolean tryLease(String key, String owner, Duration ttl) {
    return lease(key, owner, ttl, true);
  }

  @Override
  public boolean renewLease(String key, String owner, Duration ttl) {
    return lease(key, owner, ttl, false);
  }

  /** Sets {@code owner}'s lease to last {@code ttl}: if it is free or lapsed only to take it. */
  private boolean lease(String key, String owner, Duration ttl, boolean take) {
    requireNonNull(key, "key == null");
    requireNonNull(owner, "owner == null");
    long now = System.nanoTime();
    Lease mine = new Lease(owner, now + ttl.toNanos());
    Lease held = leases.compute(key, (k, current) -> holds(current, owner, now)
        || (take && (current == null || current.untilNanos - now <= 0)) ? mine : current);
    return held == mine;
  }

  @Override
  public boolean compareAndSetLeased(String key, String owner, Token expected, Token update) {
    requireNonNull(owner, "owner == null");
    boolean[] swapped = {false};
    // Inside compute, so that no takeover of the lease slips between its check and the swap;
    // the save ends the lease it was taken for.
    leases.computeIfPresent(requireNonNull(key, "key == null"), (k, current) -> {
      swapped[0] = holds(current, owner, System.nanoTime())
          && compareAndSet(key, expected, update);
      return swapped[0] ? null : current;
    });
    return swapped[0];
  }

  private static boolean holds(Lease lease, String owner, long now) {
    return lease != null && lease.owner.equals(owner) && lease.untilNanos - now > 0;
  }

  @Override
  public void releaseLease(String key, String owner) {
    leases.computeIfPresent(requireNonNull(key, "key == null"),
        (k, current) -> current.owner.equals(owner) ? null : current);
  }

  @Override
  public Token load(String key) {
    return tokens.get(requireNonNull(key, "key == null"));
  }

  @Override
  public void save(String key, Token token) {
    tokens.put(requireNonNull(key, "key == null"), requireNonNull(token, "token == null"));
  }

  @Override
  public boolean compareAndSet(String key, Token expected, Token update) {
    requireNonNull(key, "key == null");
    if (expected == null) {
      return update == null ? !tokens.containsKey(key) : tokens.putIfAbsent(key, update) == null;
    }
    if (update == null) {
      return tokens.remove(key, expected);
    }
    // Token.equals compares values, which is what replace(key, old, new) needs.
    return tokens.replace(key, expected, update);
  }

  @Override
  public void delete(String key) {
    tokens.remove(requireNonNull(key, "key == null"));
  }

  @Override
  public String toString() {
    return "TokenStore.inMemory(" + tokens.size() + " tokens)";
  }
}
