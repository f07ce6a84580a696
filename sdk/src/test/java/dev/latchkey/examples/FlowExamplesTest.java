package dev.latchkey.examples;

import static dev.latchkey.testing.WireTestSupport.HTTP;
import static dev.latchkey.testing.WireTestSupport.body;
import static dev.latchkey.testing.WireTestSupport.form;
import static dev.latchkey.testing.WireTestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link FlowExamples} against MockWebServer: the bundled mock server gains the device and
 * token-exchange endpoints separately, and these move onto it then.
 */
final class FlowExamplesTest {
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String issuer = issuer();
        switch (request.getUrl().encodedPath()) {
          case "/.well-known/oauth-authorization-server":
            return json(200, "{\"issuer\":\"" + issuer + "\",\"token_endpoint\":\"" + issuer
                + "/token\",\"device_authorization_endpoint\":\"" + issuer + "/device\"}");
          case "/device":
            return json(200, "{\"device_code\":\"dc\",\"user_code\":\"WDJB-MJHT\","
                + "\"verification_uri\":\"https://id.example.com/device\",\"expires_in\":600,"
                + "\"interval\":1}");
          case "/token":
            return json(200, "{\"access_token\":\"at-" + form(body(request)).get("grant_type")
                .replaceAll("[^a-z_-]", "") + "\",\"issued_token_type\":"
                + "\"urn:ietf:params:oauth:token-type:access_token\",\"expires_in\":600}");
          case "/orders":
            return json(200, "{\"auth\":\"" + request.getHeaders().get("Authorization") + "\"}");
          default:
            return new MockResponse.Builder().code(404).build();
        }
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String issuer() {
    String root = server.url("/").toString();
    return root.substring(0, root.length() - 1);
  }

  private OAuth2Client client() {
    return OAuth2Client.builder()
        .provider(Provider.standard(null, server.url("/token").toString()))
        .clientId("backend").clientSecret("backend-secret").httpClient(HTTP).build();
  }

  @Test
  void deviceFlowShowsTheCodeAndReturnsTheToken() throws Exception {
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    Token token = FlowExamples.deviceLogin(issuer(), "tv-app",
        new PrintStream(screen, true, StandardCharsets.UTF_8));
    assertEquals("On your phone, open https://id.example.com/device and enter WDJB-MJHT\n",
        screen.toString(StandardCharsets.UTF_8));
    assertEquals("at-urnietfparamsoauthgrant-typedevice_code", token.accessToken());
  }

  @Test
  void exchangedSessionAuthorizesTheDownstreamApi() throws Exception {
    OAuth2Client client = client();
    client.session("alice").save(Token.builder().accessToken("alice-at")
        .issuedAt(java.time.Instant.now()).build());
    OkHttpClient orders = FlowExamples.ordersApi(client, "alice", HTTP);
    try (Response response = orders.newCall(new Request.Builder().url(server.url("/orders"))
        .build()).execute()) {
      assertTrue(response.body().string()
          .contains("Bearer at-urnietfparamsoauthgrant-typetoken-exchange"));
    }
  }

  @Test
  void oneExchangeReportsTheIssuedType() throws Exception {
    assertNotNull(FlowExamples.exchangeOnce(client(), "incoming"));
    assertEquals(1, server.getRequestCount());
    Map<String, String> sent = form(body(server.takeRequest()));
    assertEquals("https://orders.example.com/", sent.get("resource"));
    assertEquals("incoming", sent.get("subject_token"));
  }
}
