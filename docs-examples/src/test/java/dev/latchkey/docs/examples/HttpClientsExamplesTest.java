package dev.latchkey.docs.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.TokenSession;
import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.MockAuthServer;
import dev.latchkey.mockserver.MockAuthServerExtension;
import java.io.IOException;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs every example of docs/http-clients.md against Onna's {@code GET v1/workspaces} on the
 * mock server, with the base URL written with and without its trailing slash: a first call
 * gets a token, a second after the server forgot every token gets a 401, renews and retries.
 */
final class HttpClientsExamplesTest {
  @RegisterExtension
  static MockAuthServerExtension mock = new MockAuthServerExtension();

  /** Calls the API once through one of the examples and returns what it read. */
  interface Example {
    String listWorkspaces(TokenSession app, String baseUrl) throws Exception;
  }

  private static final OkHttpClient OKHTTP = new OkHttpClient();
  private static final HttpClient JDK = HttpClient.newHttpClient();

  private OAuth2Client onna;
  private TokenSession app;

  @BeforeEach
  void setUp() {
    MockAuthServer server = mock.server();
    server.reset();                                  // counters and journal start at zero
    DemoClient demo = server.demoClient("onna");
    onna = OAuth2Client.builder()
        .provider(Provider.onna(server.baseUrl("onna").toString()))
        .clientId(demo.clientId())
        .clientSecret(demo.clientSecret())
        .build();
    app = onna.clientCredentialsSession();
  }

  @AfterEach
  void tearDown() {
    onna.close();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void okHttp(boolean trailingSlash) throws Exception {
    check(trailingSlash, (s, base) -> OkHttpExamples.listWorkspaces(s, OKHTTP, base));
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void retrofit(boolean trailingSlash) throws Exception {
    check(trailingSlash, (s, base) -> {
      List<Map<String, Object>> workspaces =
          OkHttpExamples.listWorkspacesWithRetrofit(s, OKHTTP, base);
      assertEquals(1, workspaces.size());
      return workspaces.get(0).toString();
    });
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void jdkHttpClient(boolean trailingSlash) throws Exception {
    check(trailingSlash, (s, base) -> JdkHttpClientExamples.listWorkspaces(s, JDK, base));
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void springRestClient(boolean trailingSlash) throws Exception {
    check(trailingSlash, SpringExamples::listWorkspacesWithRestClient);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void springWebClient(boolean trailingSlash) throws Exception {
    check(trailingSlash, SpringExamples::listWorkspacesWithWebClient);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void apacheHttpClient5(boolean trailingSlash) throws Exception {
    check(trailingSlash, (s, base) -> {
      try (CloseableHttpClient http = ApacheHttpClientExamples.httpClient(s)) {
        return ApacheHttpClientExamples.listWorkspaces(http, base);
      }
    });
  }

  private void check(boolean trailingSlash, Example example) throws Exception {
    String base = mock.server().baseUrl("onna").toString();
    assertTrue(base.endsWith("/"), base);
    String baseUrl = trailingSlash ? base : base.substring(0, base.length() - 1);

    String first = example.listWorkspaces(app, baseUrl);
    mock.server().expireAllTokens();                 // the API now answers 401 to that token
    String second = example.listWorkspaces(app, baseUrl);

    for (String body : List.of(first, second)) {
      assertTrue(body.contains("ws-demo") && body.contains("onna-demo-client"), body);
    }
    assertEquals(2, mock.server().tokenRequests("onna", "client_credentials"));
    long apiCalls = mock.server().journal("onna").stream()
        .filter(e -> e.method().equals("GET") && e.path().equals("/onna/v1/workspaces"))
        .count();
    assertEquals(3, apiCalls, "a call, then a 401 and its retry");
  }

  /** The shared 401 step renews only when the token sent is still the session's. */
  @Test
  void retryTokenRenewsOnlyATokenStillCurrent() throws IOException {
    String sent = app.accessToken();
    String renewed = Bearer.retryToken(app, sent);
    String again = Bearer.retryToken(app, sent);     // another request that sent the old one

    assertTrue(!renewed.equals(sent));
    assertEquals(renewed, again);
    assertEquals(2, mock.server().tokenRequests("onna", "client_credentials"));
  }
}
