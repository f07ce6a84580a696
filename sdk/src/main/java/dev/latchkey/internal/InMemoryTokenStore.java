package dev.latchkey.internal;

import static java.util.Objects.requireNonNull;

import dev.latchkey.Token;
import dev.latchkey.TokenStore;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Keeps tokens in a concurrent map. */
public final class InMemoryTokenStore implements TokenStore {
  private final ConcurrentMap<String, Token> tokens = new ConcurrentHashMap<>();

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
