package dev.latchkey.examples;

import static dev.latchkey.testing.WireTestSupport.HTTP;
import static dev.latchkey.testing.WireTestSupport.json;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.DeviceAuthorization;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.TestHooks;
import dev.latchkey.Token;
import dev.latchkey.TokenExchange;
import dev.latchkey.TokenSession;
import dev.latchkey.testing.ManualTestClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * As {@link TroubleshootingMessagesTest}, for the device flow and token exchange, on
 * MockWebServer until the bundled mock server offers them: docs/troubleshooting.md quotes each
 * message exactly, with the server's URL written "…/" and instants "…".
 */
final class FlowTroubleshootingMessagesTest {
  private final MockWebServer server = new MockWebServer();
  private final ManualTestClock clock = new ManualTestClock();
  private String page;

  @BeforeEach
  void start() throws Exception {
    server.start();
    page = new String(Files.readAllBytes(DocsSnippetsTest.repositoryRoot()
        .resolve("docs/troubleshooting.md")), StandardCharsets.UTF_8);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void assertQuoted(Executable failing) {
    Throwable e = assertThrows(Throwable.class, failing);
    String message = e.getMessage().replace(server.url("/").toString(), "…/")
        .replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ", "…");
    assertTrue(page.contains(message), "docs/troubleshooting.md should quote "
        + e.getClass().getSimpleName() + "'s message exactly:\n" + message);
  }

  private OAuth2Client client(boolean withDevice) {
    Provider.Builder provider = Provider.standard(null, server.url("/token").toString())
        .newBuilder();
    if (withDevice) {
      provider.deviceAuthorizationEndpoint(server.url("/device").toString());
    }
    return TestHooks.pauses(OAuth2Client.builder().provider(provider.build())
        .clientId("tv-app").httpClient(HTTP).clock(clock).maxRetries(0),
        millis -> clock.advance(Duration.ofMillis(millis))).build();
  }

  private static MockResponse started(int expiresIn) {
    return json(200, "{\"device_code\":\"dc\",\"user_code\":\"WDJB-MJHT\","
        + "\"verification_uri\":\"https://id.example.com/device\",\"expires_in\":" + expiresIn
        + "}");
  }

  private static MockResponse error(String code) {
    return json(400, "{\"error\":\"" + code + "\"}");
  }

  @Test
  void deviceFlowMessages() throws Exception {
    assertQuoted(() -> client(false).startDeviceAuthorization());
    OAuth2Client client = client(true);
    server.enqueue(json(200, "{\"user_code\":\"A\",\"verification_uri\":"
        + "\"https://id.example.com/device\",\"expires_in\":600}"));
    assertQuoted(client::startDeviceAuthorization);

    server.enqueue(started(600));
    server.enqueue(error("access_denied"));
    DeviceAuthorization denied = client.startDeviceAuthorization();
    assertQuoted(() -> client.awaitDeviceToken(denied));

    server.enqueue(started(600));
    server.enqueue(error("expired_token"));
    DeviceAuthorization expired = client.startDeviceAuthorization();
    assertQuoted(() -> client.awaitDeviceToken(expired));

    server.enqueue(started(4));
    DeviceAuthorization late = client.startDeviceAuthorization();
    assertQuoted(() -> client.awaitDeviceToken(late));

    server.enqueue(started(600));
    DeviceAuthorization cancelled = client.startDeviceAuthorization();
    cancelled.cancel();
    assertQuoted(() -> client.awaitDeviceToken(cancelled));
  }

  @Test
  void tokenExchangeMessages() throws Exception {
    OAuth2Client client = client(false);
    TokenSession alice = client.session("alice");
    alice.save(Token.builder().accessToken("alice-at").issuedAt(clock.instant())
        .expiresAt(clock.instant().plusSeconds(30)).build());
    server.enqueue(error("invalid_target"));
    assertQuoted(() -> client.newTokenExchange().subject(alice).audience("payroll").build()
        .execute());

    TokenSession orders = client.newTokenExchange().subject(alice).audience("orders-api")
        .build().session();
    server.enqueue(json(200, "{\"access_token\":\"o1\",\"expires_in\":60}"));
    orders.accessToken();
    clock.advance(Duration.ofSeconds(61));
    assertQuoted(orders::accessToken);

    TokenSession incoming = client.newTokenExchange()
        .subjectToken("incoming", TokenExchange.ACCESS_TOKEN_TYPE).audience("orders-api")
        .build().session();
    server.enqueue(error("invalid_grant"));
    assertQuoted(incoming::accessToken);
  }
}
