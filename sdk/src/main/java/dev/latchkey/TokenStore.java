package dev.latchkey;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Keeps tokens by key (a user id, or the application's own key for client_credentials) so that
 * they outlive a process or are shared by a fleet.
 *
 * <p>Implementations must be thread-safe. {@link #compareAndSet} is what makes refresh-token
 * rotation safe when several processes share a store: a session saves the rotated token only if
 * the entry is still the one it read, and otherwise adopts what another process saved.
 */
public interface TokenStore {
  /**
   * Returns the token stored under {@code key}.
   *
   * @param key the session key
   * @return the token, or null when there is none
   * @throws IOException if the store cannot be read
   */
  Token load(String key) throws IOException;

  /**
   * Stores {@code token} under {@code key}, replacing any previous token.
   *
   * @param key the session key
   * @param token the token to keep
   * @throws IOException if the store cannot be written
   */
  void save(String key, Token token) throws IOException;

  /**
   * Stores {@code update} under {@code key} only if the entry currently equals {@code expected}.
   *
   * @param key the session key
   * @param expected the token last read, or null for "no entry"
   * @param update the token to keep, or null to delete the entry
   * @return true if the entry was replaced; false if it held something else
   * @throws IOException if the store cannot be read or written
   */
  boolean compareAndSet(String key, Token expected, Token update) throws IOException;

  /**
   * Deletes the token stored under {@code key}, if any.
   *
   * @param key the session key
   * @throws IOException if the store cannot be written
   */
  void delete(String key) throws IOException;

  /**
   * Tries to take the lease to renew {@code key}'s token, so that across the instances sharing
   * this store one renews and the others wait for its result. A lease must end by itself after
   * {@code ttl}, so a crashed holder never blocks the others. Taking a lease the same owner holds
   * succeeds and extends it. Sessions take short leases ({@code OAuth2Client.Builder.renewalLease},
   * 2 s by default) and keep them with {@link #renewLease} while they renew.
   *
   * <p>The default grants every lease: right for stores used by one process, whose sessions
   * already renew single-flight.
   *
   * @param key the session key
   * @param owner an id unique to the caller
   * @param ttl how long the lease lasts unless released
   * @return true if {@code owner} now holds the lease
   * @throws IOException if the store cannot be reached; the session then renews on its own
   */
  default boolean tryLease(String key, String owner, java.time.Duration ttl) throws IOException {
    return true;
  }

  /**
   * Releases a lease taken with {@link #tryLease}, if {@code owner} still holds it.
   *
   * @param key the session key
   * @param owner the id given to {@link #tryLease}
   * @throws IOException if the store cannot be reached; the lease then expires by itself
   */
  default void releaseLease(String key, String owner) throws IOException {
  }

  /**
   * Extends a lease that {@code owner} still holds, so that a holder keeps it for as long as it
   * works: a session calls this every quarter of the lease's time while it renews. Unlike
   * {@link #tryLease} it never takes a lease that has lapsed, even a free one, because another
   * instance may have held it meanwhile: the caller must then stop before it spends a refresh
   * token.
   *
   * <p>The default calls {@link #tryLease}, which takes a lapsed lease again: right for stores
   * written before this method existed, whose holders then lose the check that their lease never
   * lapsed. Override it for a fleet.
   *
   * @param key the session key
   * @param owner the id given to {@link #tryLease}
   * @param ttl how long the lease lasts from now unless extended or released
   * @return true if {@code owner} held the lease and it now lasts {@code ttl}; false if it
   *     lapsed or another owner has it
   * @throws IOException if the store cannot be reached; the session tries again shortly
   */
  default boolean renewLease(String key, String owner, java.time.Duration ttl)
      throws IOException {
    return tryLease(key, owner, ttl);
  }

  /**
   * Stores {@code update} under {@code key} only if the entry equals {@code expected} and
   * {@code owner} still holds the key's lease: the save of a renewal, fenced so that a holder
   * whose lease lapsed (a long pause) and went to another instance cannot write over that
   * instance's work. Sessions give a new owner id to every lease they take, so the id is the
   * lease's generation.
   *
   * <p>A store should end the lease with a successful save, in the same atomic step: the lease
   * was taken for this result, and the instances that the save wakes then find the lease free and
   * the token saved, with no second notification. Sessions call {@link #releaseLease} after the
   * save all the same, which then has nothing to release.
   *
   * <p>The default is {@link #compareAndSet} without the lease check, which still never writes
   * over a newer token.
   *
   * @param key the session key
   * @param owner the id the lease was taken with
   * @param expected the token last read, or null for "no entry"
   * @param update the token to keep
   * @return true if the entry was replaced; false if it held something else or the lease is no
   *     longer {@code owner}'s
   * @throws IOException if the store cannot be read or written
   */
  default boolean compareAndSetLeased(String key, String owner, Token expected, Token update)
      throws IOException {
    return compareAndSet(key, expected, update);
  }

  /**
   * Starts watching {@code key} for a renewal's outcome, so that an instance waiting for
   * another's renewal wakes when its token is saved or its lease released, instead of at its next
   * look at the store. Sessions open a watch before they first read the store while waiting, so
   * that nothing that happens after that read is missed, and still read the store between waits:
   * a lost notification only delays them by one wait.
   *
   * <p>The default returns null: the store cannot notify, and waiting sessions read it at
   * growing intervals (25 ms, 50 ms, ... up to 500 ms).
   *
   * @param key the session key
   * @return a watch to {@link Watch#close() close} when done, or null when the store cannot
   *     notify
   * @throws IOException if the store cannot be reached; sessions then poll
   */
  default Watch watch(String key) throws IOException {
    return null;
  }

  /** A key's notifications, from {@link TokenStore#watch}. Used by one thread at a time. */
  interface Watch extends java.io.Closeable {
    /**
     * Waits until the watched entry may have changed (a token saved, a lease released) since the
     * watch began or since the last call returned true, or until {@code timeoutMillis} passed.
     *
     * @param timeoutMillis the longest wait, in milliseconds
     * @return true if notified, false if the time ran out
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    boolean await(long timeoutMillis) throws InterruptedException;

    /** Stops watching; never fails. */
    @Override
    void close();
  }

  /**
   * Returns a store that keeps tokens in this process's memory; the default.
   *
   * @return a new, empty store
   */
  static TokenStore inMemory() {
    return new InMemoryTokenStore();
  }

  /**
   * Returns a store that keeps tokens in one JSON file, readable only by its owner (POSIX 0600 in
   * a 0700 directory where the file system supports it). Writes replace the file atomically and
   * take a file lock, so two processes (two runs of a CLI) never interleave their writes, and
   * processes sharing the file renew a token one at a time ({@link #tryLease}), so that with
   * refresh-token rotation none spends a refresh token another already used. A corrupt file is
   * reported with its path and never overwritten silently.
   *
   * @param path the file; its parent directory is created if missing
   * @return a store backed by {@code path}
   */
  static TokenStore file(Path path) {
    return new FileTokenStore(path);
  }
}
