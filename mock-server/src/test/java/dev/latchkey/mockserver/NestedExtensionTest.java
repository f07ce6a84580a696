package dev.latchkey.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestClassOrder(org.junit.jupiter.api.ClassOrderer.OrderAnnotation.class)
class NestedExtensionTest {
  @RegisterExtension static MockAuthServerExtension mock = new MockAuthServerExtension();

  static MockAuthServer outer;

  @Test void outerTestStartsTheServer() {
    outer = mock.server();
  }

  @Nested @Order(1) class First {
    @Test void nestedClassSharesTheOuterServer() {
      assertSame(outer, mock.server());
    }
  }

  @Nested @Order(2) class Second {
    @Test void serverSurvivesAnEarlierNestedClass() {
      assertSame(outer, mock.server());
      assertEquals(200, Http.get(Http.url(mock.server().url())).code);
    }
  }

  /** A per-instance registration gets a server per test. */
  @org.junit.jupiter.api.TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  @Nested @Order(3) class PerInstance {
    @RegisterExtension MockAuthServerExtension own = new MockAuthServerExtension();

    @Test void hasItsOwnServer() {
      assertNotSame(mock.server(), own.server());
    }
  }
}
