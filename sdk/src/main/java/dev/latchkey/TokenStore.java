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
   * succeeds and extends it.
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
