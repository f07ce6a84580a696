package dev.latchkey.testing;

import dev.latchkey.Token;
import dev.latchkey.TokenStore;
import java.io.IOException;
import java.time.Duration;

/** Delegates every call, leases included; tests override what they observe or break. */
public class ForwardingTokenStore implements TokenStore {
  private final TokenStore delegate;

  public ForwardingTokenStore(TokenStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public Token load(String key) throws IOException {
    return delegate.load(key);
  }

  @Override
  public void save(String key, Token token) throws IOException {
    delegate.save(key, token);
  }

  @Override
  public boolean compareAndSet(String key, Token expected, Token update) throws IOException {
    return delegate.compareAndSet(key, expected, update);
  }

  @Override
  public void delete(String key) throws IOException {
    delegate.delete(key);
  }

  @Override
  public boolean tryLease(String key, String owner, Duration ttl) throws IOException {
    return delegate.tryLease(key, owner, ttl);
  }

  @Override
  public boolean renewLease(String key, String owner, Duration ttl) throws IOException {
    return delegate.renewLease(key, owner, ttl);
  }

  @Override
  public boolean compareAndSetLeased(String key, String owner, Token expected, Token update)
      throws IOException {
    return delegate.compareAndSetLeased(key, owner, expected, update);
  }

  @Override
  public Watch watch(String key) throws IOException {
    return delegate.watch(key);
  }

  @Override
  public void releaseLease(String key, String owner) throws IOException {
    delegate.releaseLease(key, owner);
  }
}
