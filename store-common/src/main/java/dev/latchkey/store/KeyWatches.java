package dev.latchkey.store;

import static java.util.Objects.requireNonNull;

import dev.latchkey.TokenStore;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Hands a shared store's change notifications (a Redis message, a PostgreSQL {@code NOTIFY}) to
 * the {@link TokenStore.Watch}es that sessions wait on, for implementations of
 * {@link TokenStore#watch}: the store calls {@link #changed} from the thread that receives its
 * notifications, and returns {@link #open} from {@code watch}.
 */
public final class KeyWatches {
  private final ConcurrentHashMap<String, Set<KeyWatch>> open = new ConcurrentHashMap<>();

  /** Makes an empty set of watches. */
  public KeyWatches() {
  }

  /**
   * Starts watching {@code key}; close the watch to stop.
   *
   * @param key the session key
   * @return a watch woken by every later {@link #changed} of {@code key}
   */
  public TokenStore.Watch open(String key) {
    requireNonNull(key, "key == null");
    KeyWatch watch = new KeyWatch(key);
    open.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(watch);
    return watch;
  }

  /**
   * Wakes every watch of {@code key}.
   *
   * @param key the session key that a notification named
   */
  public void changed(String key) {
    Set<KeyWatch> watches = open.get(requireNonNull(key, "key == null"));
    if (watches != null) {
      watches.forEach(KeyWatch::wake);
    }
  }

  /**
   * Returns how many watches are open, for a store's tests and its {@code toString()}.
   *
   * @return the number of open watches
   */
  public int size() {
    return open.values().stream().mapToInt(Set::size).sum();
  }

  private final class KeyWatch implements TokenStore.Watch {
    private final String key;
    /** At most one permit: notifications that arrive while nobody waits count once. */
    private final Semaphore woken = new Semaphore(0);

    KeyWatch(String key) {
      this.key = key;
    }

    void wake() {
      if (woken.availablePermits() == 0) {
        woken.release();
      }
    }

    @Override
    public boolean await(long timeoutMillis) throws InterruptedException {
      boolean notified = woken.tryAcquire(Math.max(0, timeoutMillis), TimeUnit.MILLISECONDS);
      woken.drainPermits();
      return notified;
    }

    @Override
    public void close() {
      open.computeIfPresent(key, (k, watches) -> {
        watches.remove(this);
        return watches.isEmpty() ? null : watches;
      });
    }
  }
}
