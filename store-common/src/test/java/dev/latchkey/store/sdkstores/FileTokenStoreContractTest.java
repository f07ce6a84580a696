package dev.latchkey.store.sdkstores;

import dev.latchkey.TokenStore;
import dev.latchkey.store.testing.TokenStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TokenStore#file(Path)} keeps the contract every store keeps; each call makes a new store
 * object over the same file, as two processes would. What only a file does (permissions, atomic
 * replacement, corrupt files, other processes) is in the SDK's {@code FileTokenStoreTest}.
 */
final class FileTokenStoreContractTest extends TokenStoreContract {
  @TempDir
  Path directory;

  @Override
  protected TokenStore store() {
    return TokenStore.file(directory.resolve("tokens.json"));
  }
}
