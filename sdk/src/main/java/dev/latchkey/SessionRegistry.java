package dev.latchkey;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A client's live {@link TokenSession}s, one per key, so that every caller of a key shares one
 * lock-free read and one single-flight renewal: never two live sessions for one key. A session
 * nobody references any more is dropped; a closed one is replaced by a new one.
 */
final class SessionRegistry {
  final TokenStore store;
  final StoreHealth health;
  /** Names this registry's sessions when they hold a shared store's renewal lease. */
  private final String leasePrefix = Secrets.randomUrlSafe(12);
  private final AtomicLong serials = new AtomicLong();
  private final ConcurrentHashMap<String, SessionRef> sessions = new ConcurrentHashMap<>();
  private final ReferenceQueue<TokenSession> dropped = new ReferenceQueue<>();

  SessionRegistry(TokenStore store, TokenListener listener) {
    this.store = store;
    this.health = new StoreHealth(store, listener);
  }

  /** Returns the key's live session, or installs the one {@code factory} makes. */
  TokenSession session(String key, Function<String, TokenSession> factory) {
    purgeDropped();
    while (true) {
      SessionRef ref = sessions.get(key);
      TokenSession existing = ref == null ? null : ref.get();
      if (existing != null && !existing.isClosed()) {
        return existing;
      }
      TokenSession created = factory.apply(key);
      SessionRef createdRef = new SessionRef(key, created, dropped);
      boolean installed = ref == null
          ? sessions.putIfAbsent(key, createdRef) == null
          : sessions.replace(key, ref, createdRef);
      if (installed) {
        return created;
      }
      created.close(); // Lost the race: never leave a second live session behind.
    }
  }

  /** The lease owner id of a new session. */
  String nextLeaseOwner() {
    return leasePrefix + "-" + serials.incrementAndGet();
  }

  /** Forgets a closed session, so that the next call for its key makes a new one. */
  void closed(String key, TokenSession session) {
    SessionRef ref = sessions.get(key);
    if (ref != null && ref.get() == session) {
      sessions.remove(key, ref);
    }
  }

  private void purgeDropped() {
    for (Reference<?> gone; (gone = dropped.poll()) != null; ) {
      SessionRef ref = (SessionRef) gone;
      sessions.remove(ref.key, ref);
    }
  }

  /** A session the app may still hold; the key lets the map entry go when the session does. */
  private static final class SessionRef extends WeakReference<TokenSession> {
    final String key;

    SessionRef(String key, TokenSession session, ReferenceQueue<TokenSession> queue) {
      super(session, queue);
      this.key = key;
    }
  }
}
