package dev.latchkey.device;

import static dev.latchkey.testing.WireTestSupport.HTTP;
import static dev.latchkey.testing.WireTestSupport.body;
import static dev.latchkey.testing.WireTestSupport.form;
import static dev.latchkey.testing.WireTestSupport.json;
import static dev.latchkey.testing.WireTestSupport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.AuthorizationDeniedException;
import dev.latchkey.DeviceAuthorization;
import dev.latchkey.ErrorCode;
import dev.latchkey.MalformedResponseException;
import dev.latchkey.OAuth2Client;
import dev.latchkey.OAuth2Exception;
import dev.latchkey.Provider;
import dev.latchkey.TestHooks;
import dev.latchkey.Token;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.testing.ManualTestClock;
import dev.latchkey.testing.WireTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The device authorization grant (RFC 8628) on the wire and on a manual clock: every polling
 * state, the pace, expiry and cancellation. No test sleeps: the client's pauses move the clock.
 */
final class DeviceFlowTest {
  private static final String DEVICE_CODE = "GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS";
  private final MockWebServer server = new MockWebServer();
  private final ManualTestClock clock = new ManualTestClock();
  /** Every pause the client took, in milliseconds. */
  private final List<Long> pauses = Collections.synchronizedList(new ArrayList<>());
  /** Runs at each pause, after the clock moved. */
  private final AtomicReference<LongConsumer> onPause = new AtomicReference<>(millis -> { });

  @BeforeEach
  void setUp() throws Exception {
    server.start();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private OAuth2Client client(String secret) {
    Provider provider = Provider.standard(null, server.url("/token").toString()).newBuilder()
        .deviceAuthorizationEndpoint(server.url("/device").toString())
        .build();
    return TestHooks.pauses(OAuth2Client.builder()
        .provider(provider)
        .clientId("tv-app")
        .clientSecret(secret)
        .scopes("profile")
        .httpClient(HTTP)
        .clock(clock), millis -> {
          pauses.add(millis);
          clock.advance(Duration.ofMillis(millis));
          onPause.get().accept(millis);
        }).build();
  }

  private static MockResponse started(String extra) {
    return json(200, "{\"device_code\":\"" + DEVICE_CODE + "\",\"user_code\":\"WDJB-MJHT\","
        + "\"verification_uri\":\"https://id.example.com/device\",\"expires_in\":1800"
        + (extra.isEmpty() ? "" : "," + extra) + "}");
  }

  private static MockResponse error(String code) {
    return json(400, "{\"error\":\"" + code + "\"}");
  }

  private RecordedRequest take() throws InterruptedException {
    return server.takeRequest();
  }

  @Test
  void publicClientStartsWithClientIdAndScopeAndGetsWhatToShow() throws Exception {
    server.enqueue(started("\"verification_uri_complete\":"
        + "\"https://id.example.com/device?user_code=WDJB-MJHT\",\"interval\":7"));
    DeviceAuthorization device = client(null).startDeviceAuthorization();

    RecordedRequest request = take();
    assertEquals("/device", request.getTarget());
    assertEquals("POST", request.getMethod());
    assertNull(request.getHeaders().get("Authorization"));
    assertEquals(Map.of("scope", "profile", "client_id", "tv-app"), form(body(request)));
    assertEquals("WDJB-MJHT", device.userCode());
    assertEquals("https://id.example.com/device", device.verificationUri().toString());
    assertEquals("https://id.example.com/device?user_code=WDJB-MJHT",
        device.verificationUriComplete().toString());
    assertEquals(ManualTestClock.START.plusSeconds(1800), device.expiresAt());
    assertEquals(Duration.ofSeconds(7), device.interval());
    assertFalse(device.toString().contains(DEVICE_CODE));
    assertFalse(device.toString().contains("WDJB-MJHT"));
  }

  @Test
  void confidentialClientAuthenticatesWithBasicAndPassedScopes() throws Exception {
    server.enqueue(started(""));
    server.enqueue(token("device-at"));
    OAuth2Client client = client("s3cret-value");
    DeviceAuthorization device = client.startDeviceAuthorization("email", "groups");
    RecordedRequest start = take();
    assertEquals("tv-app:s3cret-value", WireTestSupport.basicPair(start));
    assertEquals(Map.of("scope", "email groups"), form(body(start)));

    Token token = client.awaitDeviceToken(device);
    RecordedRequest poll = take();
    assertEquals("tv-app:s3cret-value", WireTestSupport.basicPair(poll));
    assertEquals(Map.of("grant_type", "urn:ietf:params:oauth:grant-type:device_code",
        "device_code", DEVICE_CODE), form(body(poll)));
    assertEquals("device-at", token.accessToken());
    assertEquals(Arrays.asList("email", "groups"), new ArrayList<>(token.scopes()));
  }

  @Test
  void pendingPollsAgainAfterTheIntervalUntilApproved() throws Exception {
    server.enqueue(started("\"interval\":5"));
    server.enqueue(error("authorization_pending"));
    server.enqueue(error("authorization_pending"));
    server.enqueue(token("device-at"));
    OAuth2Client client = client(null);
    DeviceAuthorization device = client.startDeviceAuthorization();
    take();

    Token token = client.awaitDeviceToken(device);

    assertEquals("device-at", token.accessToken());
    assertEquals(Arrays.asList(5000L, 5000L, 5000L), pauses);
    assertEquals(4, server.getRequestCount());
    assertEquals(ManualTestClock.START.plusSeconds(15), token.issuedAt());
    assertEquals(Map.of("grant_type", "urn:ietf:params:oauth:grant-type:device_code",
        "device_code", DEVICE_CODE, "client_id", "tv-app"), form(body(take())));
  }

  @Test
  void slowDownAddsFiveSecondsForThisAndEveryLaterPoll() throws Exception {
    server.enqueue(started("\"interval\":5"));
    server.enqueue(error("slow_down"));
    server.enqueue(error("authorization_pending"));
    server.enqueue(error("slow_down"));
    server.enqueue(token("device-at"));
    OAuth2Client client = client(null);
    DeviceAuthorization device = client.startDeviceAuthorization();

    client.awaitDeviceToken(device);

    assertEquals(Arrays.asList(5000L, 10000L, 10000L, 15000L), pauses);
    assertEquals(5, server.getRequestCount());
  }

  @Test
  void missingIntervalMeansFiveSecondsAndZeroIsRaisedToOne() throws Exception {
    server.enqueue(started(""));
    server.enqueue(started("\"interval\":0"));
    OAuth2Client client = client(null);
    assertEquals(Duration.ofSeconds(5), client.startDeviceAuthorization().interval());
    assertEquals(Duration.ofSeconds(1), client.startDeviceAuthorization().interval());
  }

  @Test
  void accessDeniedEndsTheWaitAsADenial() throws Exception {
    server.enqueue(started(""));
    server.enqueue(error("authorization_pending"));
    server.enqueue(error("access_denied"));
    OAuth2Client client = client(null);
    DeviceAuthorization device = client.startDeviceAuthorization();

    AuthorizationDeniedException e = assertThrows(AuthorizationDeniedException.class,
        () -> client.awaitDeviceToken(device));

    assertEquals(ErrorCode.ACCESS_DENIED, e.errorCode());
    assertEquals("The user denied the device login at standard; start the device flow again if"
        + " that was a mistake", e.getMessage());
    assertEquals(3, server.getRequestCount());
  }

  @Test
  void expiredTokenFromTheServerEndsTheWait() throws Exception {
    server.enqueue(started(""));
    server.enqueue(json(400, "{\"error\":\"expired_token\",\"error_description\":\"code "
        + DEVICE_CODE + " expired\"}"));
    OAuth2Client client = client(null);
    DeviceAuthorization device = client.startDeviceAuthorization();

    TokenEndpointException e = assertThrows(TokenEndpointException.class,
        () -> client.awaitDeviceToken(device));

    assertEquals(ErrorCode.EXPIRED_TOKEN, e.errorCode());
    assertEquals("The token endpoint of standard refused the device_code request:"
        + " expired_token (HTTP 400): code [redacted] expired. The device code expired"
        + " before the user approved it; start the device flow again", e.getMessage());
  }

  @Test
  void codeExpiringByTheClientsClockStopsPollingWithoutAnotherRequest() throws Exception {
    server.enqueue(json(200, "{\"device_code\":\"" + DEVICE_CODE + "\",\"user_code\":\"ABCD\","
        + "\"verification_uri\":\"https://id.example.com/device\",\"expires_in\":12}"));
    server.enqueue(error("authorization_pending"));
    server.enqueue(error("authorization_pending"));
    OAuth2Client client = client(null);
    DeviceAuthorization device = client.startDeviceAuthorization();

    OAuth2Exception e = assertThrows(OAuth2Exception.class,
        () -> client.awaitDeviceToken(device));

    assertEquals("The user did not approve the device login at https://id.example.com/device"
        + " before its code expired at 2030-01-01T00:00:12Z; start the device flow again",
        e.getMessage());
    assertEquals(Arrays.asList(5000L, 5000L, 2000L), pauses);
    assertEquals(3, server.getRequestCount());
  }

  @Test
  void cancelFromAnotherThreadEndsTheWaitWithoutAnotherPoll() throws Exception {
    server.enqueue(started(""));
    server.enqueue(error("authorization_pending"));
    OAuth2Client client = client(null);
    DeviceAuthorization device = client.startDeviceAuthorization();
    onPause.set(millis -> {
      if (pauses.size() == 2) {
        device.cancel();
      }
    });

    OAuth2Exception e = assertThrows(OAuth2Exception.class,
        () -> client.awaitDeviceToken(device));

    assertEquals("The device login was cancelled before the user approved it", e.getMessage());
    assertTrue(device.isCancelled());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void serverOverloadDuringPollingIsRetriedThenPollingGoesOn() throws Exception {
    server.enqueue(started(""));
    server.enqueue(json(503, "{\"error\":\"temporarily_unavailable\"}"));
    server.enqueue(error("authorization_pending"));
    server.enqueue(token("device-at"));
    OAuth2Client client = client(null);

    Token token = client.awaitDeviceToken(client.startDeviceAuthorization());

    assertEquals("device-at", token.accessToken());
    assertEquals(4, server.getRequestCount());
  }

  @Test
  void insecureVerificationUriIsRefused() throws Exception {
    server.enqueue(json(200, "{\"device_code\":\"d\",\"user_code\":\"ABCD\","
        + "\"verification_uri\":\"http://evil.example.com/device\",\"expires_in\":600}"));
    MalformedResponseException e = assertThrows(MalformedResponseException.class,
        () -> client(null).startDeviceAuthorization());
    assertTrue(e.getMessage().startsWith("The device authorization response from "
        + server.url("/device") + " has an unusable verification_uri"), e.getMessage());
  }

  @Test
  void answerWithoutDeviceCodeIsRefused() throws Exception {
    server.enqueue(json(200, "{\"user_code\":\"ABCD\","
        + "\"verification_uri\":\"https://id.example.com/device\",\"expires_in\":600}"));
    MalformedResponseException e = assertThrows(MalformedResponseException.class,
        () -> client(null).startDeviceAuthorization());
    assertEquals("The device authorization response from " + server.url("/device")
        + " has no device_code (RFC 8628 §3.2); the server did not start a device login",
        e.getMessage());
  }

  @Test
  void userCodeWithControlCharactersIsRefused() throws Exception {
    server.enqueue(json(200, "{\"device_code\":\"d\",\"user_code\":\"AB\\u001b[2JCD\","
        + "\"verification_uri\":\"https://id.example.com/device\",\"expires_in\":600}"));
    assertThrows(MalformedResponseException.class, () -> client(null).startDeviceAuthorization());
  }

  @Test
  void refusedStartNamesTheDeviceAuthorizationRequest() throws Exception {
    server.enqueue(json(400, "{\"error\":\"unauthorized_client\"}"));
    TokenEndpointException e = assertThrows(TokenEndpointException.class,
        () -> client(null).startDeviceAuthorization());
    assertEquals("The token endpoint of standard refused the device authorization request:"
        + " unauthorized_client (HTTP 400). This client is not allowed to use device"
        + " authorization; check its registration", e.getMessage());
  }

  @Test
  void providerWithoutDeviceEndpointSaysHowToGetOne() {
    OAuth2Client client = OAuth2Client.builder()
        .provider(Provider.standard(null, server.url("/token").toString()))
        .clientId("tv-app").build();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        client::startDeviceAuthorization);
    assertTrue(e.getMessage().startsWith("Provider standard has no device authorization"
        + " endpoint"), e.getMessage());
  }

  @Test
  void expiryIsOnTheClientsClock() throws Exception {
    clock.set(Instant.parse("2031-05-05T10:00:00Z"));
    server.enqueue(started(""));
    assertEquals(Instant.parse("2031-05-05T10:30:00Z"),
        client(null).startDeviceAuthorization().expiresAt());
  }
}
