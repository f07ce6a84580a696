package dev.latchkey.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.InvalidCallbackException;
import dev.latchkey.InvalidCallbackException.Reason;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.testing.ManualTestClock;
import dev.latchkey.testing.WireTestSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The requests a client keeps for {@code exchange(callbackUri)}: only when asked, at most 64,
 * oldest and expired first out, never an expired one handed out.
 */
final class PendingLoginsTest {
  private final ManualTestClock clock = new ManualTestClock();
  /** Every code exchange gets a token, without a network. */
  private final OAuth2Client client = OAuth2Client.builder()
      .provider(Provider.orgo("http://127.0.0.1:9/"))
      .clientId("app")
      .redirectUri("https://app.example/callback")
      .clock(clock)
      .httpClient(new OkHttpClient.Builder().addInterceptor(chain -> new Response.Builder()
          .request(chain.request()).protocol(Protocol.HTTP_1_1).code(200).message("OK")
          .body(ResponseBody.create("{\"access_token\":\"at\",\"token_type\":\"Bearer\"}",
              okhttp3.MediaType.get("application/json")))
          .build()).build())
      .build();

  @AfterEach
  void tearDown() {
    client.close();
  }

  private static String callback(AuthorizationRequest request) {
    return WireTestSupport.okCallback(request, "code");
  }

  private Reason refused(AuthorizationRequest request) {
    return assertThrows(InvalidCallbackException.class,
        () -> client.exchange(callback(request))).reason();
  }

  @Test
  void keptRequestIsExchangedOnce() throws Exception {
    AuthorizationRequest request = client.newAuthorizationRequest().keepInClient().build();

    assertEquals("at", client.exchange(callback(request)).accessToken());
    assertEquals(Reason.STATE_MISMATCH, refused(request));
  }

  @Test
  void pastTheCapTheOldestGoesFirst() throws Exception {
    List<AuthorizationRequest> requests = new ArrayList<>();
    for (int i = 0; i < 65; i++) {
      requests.add(client.newAuthorizationRequest().keepInClient().build());
    }

    assertEquals(Reason.STATE_MISMATCH, refused(requests.get(0)));
    assertEquals("at", client.exchange(callback(requests.get(1))).accessToken());
    assertEquals("at", client.exchange(callback(requests.get(64))).accessToken());
  }

  @Test
  void anExpiredRequestIsNeverHandedOut() {
    AuthorizationRequest request = client.newAuthorizationRequest().keepInClient().build();
    clock.advance(OAuth2Client.DEFAULT_AUTHORIZATION_REQUEST_LIFETIME);

    assertEquals(Reason.EXPIRED, refused(request));
    assertEquals(Reason.STATE_MISMATCH, refused(request), "and it is gone");
  }

  @Test
  void expiredRequestsLeaveRoomBeforeLiveOnesAreEvicted() throws Exception {
    for (int i = 0; i < 64; i++) {
      client.newAuthorizationRequest().keepInClient().build();
    }
    clock.advance(OAuth2Client.DEFAULT_AUTHORIZATION_REQUEST_LIFETIME);
    List<AuthorizationRequest> live = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      live.add(client.newAuthorizationRequest().keepInClient().build());
    }

    for (AuthorizationRequest request : live) {
      assertEquals("at", client.exchange(callback(request)).accessToken());
    }
  }

  @Test
  void aRequestUsedThroughItsOwnerIsForgottenByTheClient() throws Exception {
    AuthorizationRequest request = client.newAuthorizationRequest().keepInClient().build();
    client.exchange(request, callback(request));

    assertEquals(Reason.STATE_MISMATCH, refused(request));
  }

  @Test
  void aFloodOfSignInsLeavesNothingBehind() {
    List<AuthorizationRequest> requests = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      requests.add(client.newAuthorizationRequest().build());
    }
    clock.advance(Duration.ofSeconds(1));

    assertEquals(Reason.STATE_MISMATCH, refused(requests.get(4_999)));
  }
}
