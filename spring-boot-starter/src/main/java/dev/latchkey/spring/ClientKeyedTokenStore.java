package dev.latchkey.spring;

import dev.latchkey.Token;
import dev.latchkey.TokenStore;
import java.io.IOException;
import java.time.Duration;

/**
 * One client's view of the shared store: its keys start with the client's name, so that user
 * "alice" of one client and user "alice" of another never share an entry.
 */
final class ClientKeyedTokenStore implements TokenStore {
  private final TokenStore store;
  private final String prefix;

  ClientKeyedTokenStore(TokenStore store, String clientName) {
    this.store = store;
    this.prefix = clientName + ":";
  }

  @Override
  public Token load(String key) throws IOException {
    return store.load(prefix + key);
  }

  @Override
  public void save(String key, Token token) throws IOException {
    store.save(prefix + key, token);
  }

  @Override
  public boolean compareAndSet(String key, Token expected, Token update) throws IOException {
    return store.compareAndSet(prefix + key, expected, update);
  }

  @Override
  public void delete(String key) throws IOException {
    store.delete(prefix + key);
  }

  @Override
  public boolean tryLease(String key, String owner, Duration ttl) throws IOException {
    return store.tryLease(prefix + key, owner, ttl);
  }

  @Override
  public boolean renewLease(String key, String owner, Duration ttl) throws IOException {
    return store.renewLease(prefix + key, owner, ttl);
  }

  @Override
  public boolean compareAndSetLeased(String key, String owner, Token expected, Token update)
      throws IOException {
    return store.compareAndSetLeased(prefix + key, owner, expected, update);
  }

  @Override
  public void releaseLease(String key, String owner) throws IOException {
    store.releaseLease(prefix + key, owner);
  }

  @Override
  public Watch watch(String key) throws IOException {
    return store.watch(prefix + key);
  }

  @Override
  public String toString() {
    return store.toString();
  }
}
