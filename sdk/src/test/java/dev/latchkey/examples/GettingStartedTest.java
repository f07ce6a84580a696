package dev.latchkey.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.Provider;
import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.MockAuthServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class GettingStartedTest {
  @Test
  void mainCreatesAWorkspaceAgainstTheMockServer() throws IOException {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      GettingStarted.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("Token{type=bearer"), out);
    assertTrue(out.contains("\"name\":\"Getting started\""), out);
    assertTrue(out.contains("\"owner\":\"onna-demo-client\""), out);
  }

  @Test
  void createWorkspaceReturnsTheApiResponse() throws IOException {
    try (MockAuthServer mock = MockAuthServer.builder().build()) {
      mock.start();
      DemoClient demo = mock.demoClient("onna");
      String body = GettingStarted.createWorkspace(mock.baseUrl("onna").toString(),
          demo.clientId(), demo.clientSecret());
      assertTrue(body.startsWith("{\"id\":\"ws-"), body);
      assertEquals(1, mock.tokenRequests("onna", "client_credentials"));
    }
  }

  /** Users write base URLs both ways; the page's code must not need the trailing slash. */
  @Test
  void createWorkspaceWorksWithoutTheTrailingSlash() throws IOException {
    try (MockAuthServer mock = MockAuthServer.builder().build()) {
      mock.start();
      DemoClient demo = mock.demoClient("onna");
      String withSlash = mock.baseUrl("onna").toString();
      String withoutSlash = withSlash.substring(0, withSlash.length() - 1);
      assertTrue(withSlash.endsWith("/onna/"), withSlash);

      String body = GettingStarted.createWorkspace(withoutSlash, demo.clientId(),
          demo.clientSecret());

      assertTrue(body.startsWith("{\"id\":\"ws-"), body);
      assertEquals(1, mock.tokenRequests("onna", "client_credentials"));
      assertEquals("/onna/v1/workspaces", mock.journal("onna").get(1).path());
    }
  }

  /** The real-provider snippet only changes the base URL: it must give Provider.onna(). */
  @Test
  void realBaseUrlIsWhatProviderOnnaUses() {
    assertEquals(Provider.onna().tokenEndpoint(),
        Provider.onna("https://api.onna.com/").tokenEndpoint());
    assertEquals("https://api.onna.com/v1/oauth/token", Provider.onna().tokenEndpoint().toString());
  }
}
