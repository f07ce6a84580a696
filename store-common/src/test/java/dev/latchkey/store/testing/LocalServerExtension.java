package dev.latchkey.store.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts one local server of a kind for the whole test run, kept in JUnit's root store (which
 * closes it when the run ends), and skips each test when the server is not installed or
 * {@value LocalServices#SKIP_PROPERTY} is set (or fails in CI; see
 * {@link LocalServices#skipReason}).
 *
 * @param <S> the running server
 */
public abstract class LocalServerExtension<S extends AutoCloseable>
    implements BeforeAllCallback, BeforeEachCallback {
  private final String what;
  private final Class<S> type;
  private S server;
  private String skipReason;

  protected LocalServerExtension(String what, Class<S> type) {
    this.what = what;
    this.type = type;
  }

  /** Returns the server binary (or its directory), or null when it is not installed. */
  protected abstract Path find();

  /** Starts the server from what {@link #find} returned. */
  protected abstract S start(Path found);

  @Override
  public void beforeAll(ExtensionContext context) {
    Path found = find();
    skipReason = LocalServices.skipReason(found, what);
    if (skipReason == null) {
      server = context.getRoot().getStore(ExtensionContext.Namespace.create(getClass()))
          .getOrComputeIfAbsent(type, k -> start(found), type);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Assumptions.assumeTrue(skipReason == null, skipReason);
  }

  /** Returns the server shared by the test run. */
  public S server() {
    return server;
  }
}
