package dev.latchkey.flows;

import static dev.latchkey.flows.MockFlows.REDIRECT_URI;
import static dev.latchkey.flows.MockFlows.authorize;
import static dev.latchkey.flows.MockFlows.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.AuthorizationDeniedException;
import dev.latchkey.AuthorizationRequest;
import dev.latchkey.DeviceAuthorization;
import dev.latchkey.ErrorCode;
import dev.latchkey.OAuth2Client;
import dev.latchkey.ReauthorizationRequiredException;
import dev.latchkey.TestHooks;
import dev.latchkey.Token;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.TokenExchange;
import dev.latchkey.TokenSession;
import dev.latchkey.mockserver.ApiStub;
import dev.latchkey.mockserver.DemoClients;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The device flow (RFC 8628), answered through the mock server's Java API as its user would,
 * and token exchange (RFC 8693) under the mock's per-client audience policy: whole flows on a
 * manual clock, the device flow's pauses advancing it instead of sleeping.
 */
final class DeviceAndExchangeFlowsTest extends StandardProviderFlows {
  private static final String DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code";
  private static final String TOKEN_EXCHANGE =
      "urn:ietf:params:oauth:grant-type:token-exchange";

  private final AtomicInteger pauses = new AtomicInteger();

  /**
   * A client of the discovered standard provider whose pauses advance the clock; before the
   * second poll the user answers with {@code user}.
   */
  private OAuth2Client client(String clientId, String secret, AtomicReference<String> userCode,
      Consumer<String> user) throws IOException {
    OAuth2Client.Builder builder = OAuth2Client.builder()
        .provider(MockFlows.discoverStandard(mock, http))
        .clientId(clientId)
        .clientSecret(secret)
        .redirectUri(REDIRECT_URI)
        .scopes("profile")
        .renewBefore(Duration.ZERO)
        .clock(clock)
        .httpClient(http);
    return TestHooks.pauses(builder, millis -> {
      if (pauses.incrementAndGet() == 2) {
        user.accept(userCode.get());
      }
      clock.advance(Duration.ofMillis(millis));
    }).build();
  }

  @Test
  void aPublicClientsDeviceLoginApprovedByTheUserBecomesASession() throws IOException {
    AtomicReference<String> userCode = new AtomicReference<>();
    OAuth2Client tv = client(DemoClients.STANDARD_PUBLIC.clientId(), null, userCode,
        code -> assertTrue(mock.approveDevice(code)));
    DeviceAuthorization device = tv.startDeviceAuthorization();
    userCode.set(device.userCode());
    assertTrue(device.verificationUri().toString().startsWith(base() + "device"));

    Token token = tv.awaitDeviceToken(device);
    assertEquals(2, mock.tokenRequests(STANDARD, DEVICE_CODE), "pending, then the token");
    assertEquals(2, pauses.get(), "one interval before each poll");
    TokenSession session = tv.session("living-room");
    session.save(token);
    assertEquals("demo-user-1", session.userInfo().get("sub"));
    assertEquals(200, get(session.authorize(http), base() + "userinfo"));
  }

  @Test
  void aDeviceLoginTheUserDeniesEndsTheWait() throws IOException {
    AtomicReference<String> userCode = new AtomicReference<>();
    OAuth2Client tv = client(demo.clientId(), demo.clientSecret(), userCode,
        code -> assertTrue(mock.denyDevice(code)));
    DeviceAuthorization device = tv.startDeviceAuthorization();
    userCode.set(device.userCode());
    AuthorizationDeniedException e = assertThrows(AuthorizationDeniedException.class,
        () -> tv.awaitDeviceToken(device));
    assertEquals(ErrorCode.ACCESS_DENIED, e.errorCode());
    assertEquals(2, mock.tokenRequests(STANDARD, DEVICE_CODE));
  }

  private TokenSession signedIn(OAuth2Client client) throws IOException {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    TokenSession user = client.session("user-1");
    user.save(client.exchange(request, authorize(http, request)));
    return user;
  }

  @Test
  void anExchangedSessionCallsTheApiAndExchangesAgainAfterExpiry() throws IOException {
    mock.client(STANDARD, demo.clientId()).tokenExchangeAudiences(List.of("orders-api"));
    mock.stubApi(STANDARD, "GET", "/v1/orders", ApiStub.json(200, "[]"));
    OAuth2Client client = client(demo.clientId(), demo.clientSecret(), new AtomicReference<>(),
        code -> { });
    TokenSession user = signedIn(client);
    TokenSession orders = client.newTokenExchange().subject(user).audience("orders-api")
        .build().session();
    String ordersUrl = base() + "v1/orders";
    assertEquals(200, get(orders.authorize(http), ordersUrl));
    assertEquals(TokenExchange.ACCESS_TOKEN_TYPE, orders.token().issuedTokenType());
    assertNotEquals(user.accessToken(), orders.accessToken());
    String first = orders.accessToken();

    // Both tokens end: the subject is refreshed, then exchanged again.
    clock.advance(Duration.ofSeconds(61));
    assertEquals(200, get(orders.authorize(http), ordersUrl));
    assertNotEquals(first, orders.accessToken());
    assertEquals(2, mock.tokenRequests(STANDARD, TOKEN_EXCHANGE));
    assertEquals(1, mock.tokenRequests(STANDARD, "refresh_token"));

    // The user's grant is revoked: the exchanged session says the subject has ended.
    mock.revoke(user.token().refreshToken());
    clock.advance(Duration.ofSeconds(61));
    assertThrows(ReauthorizationRequiredException.class, orders::accessToken);
  }

  @Test
  void anAudienceOutsideTheClientsPolicyIsInvalidTarget() throws IOException {
    mock.client(STANDARD, demo.clientId()).tokenExchangeAudiences(List.of("orders-api"));
    OAuth2Client client = client(demo.clientId(), demo.clientSecret(), new AtomicReference<>(),
        code -> { });
    TokenSession user = signedIn(client);
    TokenEndpointException e = assertThrows(TokenEndpointException.class,
        () -> client.newTokenExchange().subject(user).audience("billing-api").build().execute());
    assertEquals(ErrorCode.INVALID_TARGET, e.errorCode());
    assertEquals(1, mock.tokenRequests(STANDARD, TOKEN_EXCHANGE));
  }
}
