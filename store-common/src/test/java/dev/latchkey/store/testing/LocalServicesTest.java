package dev.latchkey.store.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

final class LocalServicesTest {
  @Test
  void anInstalledServerRuns() {
    Assumptions.assumeFalse(Boolean.getBoolean(LocalServices.SKIP_PROPERTY));
    assertNull(LocalServices.skipReason(Path.of("/bin/sh"), "sh"));
  }

  @Test
  void aMissingServerFailsWhenServicesAreRequired() {
    Assumptions.assumeFalse(Boolean.getBoolean(LocalServices.SKIP_PROPERTY));
    String previous = System.setProperty(LocalServices.REQUIRE_PROPERTY, "true");
    try {
      AssertionFailedError e = assertThrows(AssertionFailedError.class,
          () -> LocalServices.skipReason(null, "redis-server"));
      assertEquals("redis-server is not installed, and the store tests run against a real server;"
          + " run .ci/install-deps (as root: it apt-installs redis-server and postgresql), or skip"
          + " these tests with -Dlatchkey.skipFleetTests=true", e.getMessage());
    } finally {
      restore(LocalServices.REQUIRE_PROPERTY, previous);
    }
  }

  @Test
  void aMissingServerIsASkipOnADevelopersMachine() {
    Assumptions.assumeFalse("true".equals(System.getenv("CI")));
    Assumptions.assumeFalse(Boolean.getBoolean(LocalServices.REQUIRE_PROPERTY));
    Assumptions.assumeFalse(Boolean.getBoolean(LocalServices.SKIP_PROPERTY));
    assertEquals("redis-server is not installed, and the store tests run against a real server;"
        + " run .ci/install-deps (as root: it apt-installs redis-server and postgresql), or skip"
        + " these tests with -Dlatchkey.skipFleetTests=true",
        LocalServices.skipReason(null, "redis-server"));
  }

  @Test
  void theSkipPropertySkipsEvenWhenInstalled() {
    String previous = System.setProperty(LocalServices.SKIP_PROPERTY, "true");
    try {
      assertEquals("redis-server tests skipped: -Dlatchkey.skipFleetTests=true",
          LocalServices.skipReason(Path.of("/bin/sh"), "redis-server"));
    } finally {
      restore(LocalServices.SKIP_PROPERTY, previous);
    }
  }

  private static void restore(String name, String previous) {
    if (previous == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, previous);
    }
  }
}
