package dev.latchkey.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.DeviceAuthorization;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Token;
import dev.latchkey.interop.server.BrowserLogin;
import dev.latchkey.interop.server.InteropClients;
import dev.latchkey.interop.server.InteropServer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * The device flow (RFC 8628) at SAS: the device polls while Alice approves the code at SAS's
 * verification page, in a browser over HTTP. The sdk waits SAS's polling interval (5 s) before
 * each poll, as §3.5 asks: that is the protocol's pace, so this test takes two intervals.
 */
class DeviceFlowInteropTest {
  private static final String DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code";

  private final InteropServer server = Interop.server();

  @Test
  void pendingUntilAliceApprovesAtTheVerificationPageThenATokenWithARefreshToken()
      throws Exception {
    AtomicReference<DeviceAuthorization> started = new AtomicReference<>();
    AtomicReference<BrowserLogin> approval = new AtomicReference<>();
    // Alice approves right after the device's first poll has been answered "pending", on the
    // polling thread itself: no second thread, no waiting on one.
    OkHttpClient http = Interop.HTTP.newBuilder().addInterceptor(chain -> {
      Response response = chain.proceed(chain.request());
      if (chain.request().url().encodedPath().equals("/oauth2/token")
          && response.code() == 400 && approval.get() == null) {
        approval.set(server.browser()
            .open(started.get().verificationUriComplete().toString()));
      }
      return response;
    }).build();
    try (OAuth2Client device = Interop.client(InteropClients.DEVICE).httpClient(http)
        .scopes("api.read").build()) {
      int before = Interop.grants(InteropClients.DEVICE, DEVICE_CODE);
      DeviceAuthorization authorization = device.startDeviceAuthorization();
      started.set(authorization);
      assertEquals(server.url("/oauth2/device_verification"),
          authorization.verificationUri().toString());
      assertNotNull(authorization.userCode());

      Token token = device.awaitDeviceToken(authorization);

      assertEquals(Set.of("api.read"), token.scopes());
      assertNotNull(token.refreshToken());
      assertEquals(server.url("/?success"), approval.get().finalUrl()); // SAS's success page
      List<InteropServer.Exchange> polls =
          server.exchanges(e -> e.isGrant(InteropClients.DEVICE, DEVICE_CODE));
      assertEquals(List.of("client_secret_basic:400", "client_secret_basic:200"),
          polls.subList(before, polls.size()).stream()
              .map(e -> e.authentication() + ":" + e.status()).toList());
      List<InteropServer.Exchange> starts = server.exchanges(
          e -> e.path().equals("/oauth2/device_authorization")
              && InteropClients.DEVICE.equals(e.clientId()));
      assertEquals(200, starts.get(starts.size() - 1).status());
      assertTrue(device.refresh(token).accessToken() != null, "SAS refreshes a device token");
    }
  }
}
