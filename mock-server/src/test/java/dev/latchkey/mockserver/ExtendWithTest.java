package dev.latchkey.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MockAuthServerExtension.class)
class ExtendWithTest {
  MockAuthServer first;

  ExtendWithTest(MockAuthServer server) {
    first = server;
  }

  @Test void injectsRunningServer(MockAuthServer server) {
    assertSame(first, server);
    assertEquals(ConsentMode.AUTO_APPROVE, server.consent());
    assertEquals("http://127.0.0.1:" + server.port() + "/ora/",
        Http.url(server.baseUrl("ora")).toString());
    assertEquals(200, Http.get(Http.url(server.baseUrl("standard"))
        .resolve(".well-known/oauth-authorization-server")).code);
  }
}
