package dev.latchkey.mockserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts a {@link MockAuthServer} for a JUnit 5 test class and closes it afterwards.
 *
 * <pre>{@code
 * class LoginTest {
 *   @RegisterExtension
 *   static MockAuthServerExtension mock = new MockAuthServerExtension();
 *
 *   @Test void logsIn() {
 *     HttpUrl ora = mock.server().baseUrl("ora");
 *   }
 * }
 * }</pre>
 *
 * <p>Or {@code @ExtendWith(MockAuthServerExtension.class)} and take a {@link MockAuthServer}
 * parameter in a test, lifecycle method or constructor. Registered on a static field or with
 * {@code @ExtendWith}, one server serves the whole class; registered on an instance field, each
 * test gets its own. The server keeps its state between tests: call
 * {@link MockAuthServer#reset()} in a {@code @BeforeEach} for a clean slate.
 */
public final class MockAuthServerExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
    ParameterResolver {
  private final MockAuthServer.Builder builder;
  private volatile MockAuthServer server;
  /** Class lifecycles open on this extension; nested test classes inherit it and nest. */
  private int classDepth;

  /** Creates an extension whose server has the embedded defaults (auto-approve, free port). */
  public MockAuthServerExtension() {
    this(MockAuthServer.builder());
  }

  /**
   * Creates an extension whose server is built by {@code builder}.
   *
   * @param builder a configured builder, such as {@code MockAuthServer.builder().clock(clock)}
   */
  public MockAuthServerExtension(MockAuthServer.Builder builder) {
    this.builder = Objects.requireNonNull(builder, "builder == null");
  }

  /**
   * Returns the running server.
   *
   * @return the server of the current test class (or test)
   * @throws IllegalStateException outside a test's lifecycle
   */
  public MockAuthServer server() {
    MockAuthServer s = server;
    if (s == null) {
      throw new IllegalStateException("the mock server is not running; register the extension "
          + "with @RegisterExtension or @ExtendWith and call server() from a test");
    }
    return s;
  }

  /** Starts the class's server. */
  @Override public synchronized void beforeAll(ExtensionContext context) {
    classDepth++;
    startIfNeeded();
  }

  /** Starts a server for the test when the extension is registered per instance. */
  @Override public void beforeEach(ExtensionContext context) {
    startIfNeeded();
  }

  /** Closes the test's server when the extension is registered per instance. */
  @Override public synchronized void afterEach(ExtensionContext context) {
    if (classDepth == 0) stop();
  }

  /** Closes the class's server. */
  @Override public synchronized void afterAll(ExtensionContext context) {
    if (--classDepth == 0) stop();
  }

  /** {@return true for parameters of type {@link MockAuthServer}} */
  @Override public boolean supportsParameter(ParameterContext parameterContext,
      ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == MockAuthServer.class;
  }

  /** {@return the running server, starting it first if a constructor asks for it} */
  @Override public Object resolveParameter(ParameterContext parameterContext,
      ExtensionContext extensionContext) {
    return startIfNeeded();
  }

  private synchronized MockAuthServer startIfNeeded() {
    if (server == null) {
      MockAuthServer s = builder.build();
      try {
        s.start();
      } catch (IOException e) {
        throw new UncheckedIOException("the mock server could not start", e);
      }
      server = s;
    }
    return server;
  }

  private synchronized void stop() {
    MockAuthServer s = server;
    server = null;
    if (s != null) s.close();
  }
}
