package dev.latchkey.store.sdkstores;

import dev.latchkey.TokenStore;
import dev.latchkey.store.testing.TokenStoreContract;

/** {@link TokenStore#inMemory()} keeps the contract every store keeps. */
final class InMemoryTokenStoreContractTest extends TokenStoreContract {
  private final TokenStore store = TokenStore.inMemory();

  @Override
  protected TokenStore store() {
    return store;
  }
}
