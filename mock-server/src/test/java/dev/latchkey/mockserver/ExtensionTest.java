package dev.latchkey.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ExtensionTest {
  static class PerClass {
    static MockAuthServer seen;
  }

  @RegisterExtension static MockAuthServerExtension mock = new MockAuthServerExtension(
      MockAuthServer.builder().consent(ConsentMode.PROMPT));

  @BeforeAll static void serverRunsBeforeAll() {
    PerClass.seen = mock.server();
  }

  @Test void staticRegistrationSharesOneServerPerClass() {
    assertSame(PerClass.seen, mock.server());
    assertEquals(ConsentMode.PROMPT, mock.server().consent());
  }

  @Test void serverIsUnavailableOutsideLifecycle() {
    MockAuthServerExtension unused = new MockAuthServerExtension();
    IllegalStateException e = assertThrows(IllegalStateException.class, unused::server);
    assertEquals("the mock server is not running; register the extension with "
        + "@RegisterExtension or @ExtendWith and call server() from a test", e.getMessage());
  }
}
