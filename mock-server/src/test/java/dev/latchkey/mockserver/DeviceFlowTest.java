package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.Http.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The device authorization grant (RFC 8628) on the server's clock: every polling state. */
class DeviceFlowTest {
  static final ManualClock clock = new ManualClock(TestRequests.START);
  @RegisterExtension static MockAuthServerExtension mock =
      new MockAuthServerExtension(MockAuthServer.builder().clock(clock));
  static final String GRANT = "urn:ietf:params:oauth:grant-type:device_code";
  static final String PUBLIC = "standard-public-client";

  @AfterEach void reset() {
    mock.server().reset();
  }

  HttpUrl url(String path) {
    return Http.url(mock.server().baseUrl(MockProvider.STANDARD)).resolve(path);
  }

  Map<String, Object> start(String scope) {
    Http.Result r = Http.form(url("device_authorization"), "client_id", PUBLIC, "scope", scope);
    assertEquals(200, r.code, r.body);
    return r.json();
  }

  Http.Result poll(String deviceCode) {
    return Http.form(url("token"), "grant_type", GRANT, "device_code", deviceCode,
        "client_id", PUBLIC);
  }

  @Test void theStartNamesTheCodesThePageTheExpiryAndTheInterval() {
    Map<String, Object> start = start("profile");
    String userCode = (String) start.get("user_code");
    assertTrue(userCode.matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}"), userCode);
    assertEquals(url("device").toString(), start.get("verification_uri"));
    assertEquals(url("device") + "?user_code=" + userCode, start.get("verification_uri_complete"));
    assertEquals(600.0, start.get("expires_in"));
    assertEquals(5.0, start.get("interval"));
  }

  @Test void pendingThenSlowDownThenTokensOnceApprovedOnThePage() {
    Map<String, Object> start = start("openid profile");
    String device = (String) start.get("device_code");
    String userCode = (String) start.get("user_code");
    assertError(poll(device), 400, "authorization_pending", "the user has not yet approved or "
        + "denied the request; poll again after the interval");
    clock.advance(Duration.ofSeconds(4));
    assertError(poll(device), 400, "slow_down", "polled sooner than the interval; wait 10 s "
        + "between polls from now on (RFC 8628 §3.5)");
    clock.advance(Duration.ofSeconds(9));
    assertError(poll(device), 400, "slow_down", "polled sooner than the interval; wait 15 s "
        + "between polls from now on (RFC 8628 §3.5)");
    clock.advance(Duration.ofSeconds(15));
    assertEquals("authorization_pending", poll(device).string("error"));

    Http.Result page = Http.get(HttpUrl.get((String) start.get("verification_uri_complete")));
    assertEquals(200, page.code);
    assertTrue(page.body.contains("value=\"" + userCode + "\""), page.body);
    Http.Result approved = Http.form(url("device"), "user_code",
        userCode.toLowerCase(java.util.Locale.ROOT).replace("-", ""), "decision", "approve");
    assertEquals(200, approved.code, approved.body);
    assertTrue(approved.body.contains("Approved"), approved.body);

    clock.advance(Duration.ofSeconds(15));
    Http.Result token = poll(device);
    assertEquals(200, token.code, token.body);
    assertEquals("openid profile", token.string("scope"));
    assertTrue(token.json().containsKey("refresh_token"));
    assertTrue(token.json().containsKey("id_token"));
    clock.advance(Duration.ofSeconds(15));
    assertError(poll(device), 400, "invalid_grant", "the device_code was already exchanged");
  }

  @Test void aDenialIsAccessDenied() {
    Map<String, Object> start = start("profile");
    assertTrue(mock.server().denyDevice((String) start.get("user_code")));
    assertFalse(mock.server().approveDevice((String) start.get("user_code")));
    assertError(poll((String) start.get("device_code")), 400, "access_denied",
        "the user denied the request");
  }

  @Test void theAdminApiApproves() {
    Map<String, Object> start = start("profile");
    Http.Result r = Http.json(Http.url(mock.server().url()).resolve("__admin/device"),
        "{\"user_code\":\"" + start.get("user_code") + "\",\"decision\":\"approve\"}");
    assertEquals(true, r.json().get("answered"));
    assertEquals(200, poll((String) start.get("device_code")).code);
  }

  @Test void anExpiredCodeIsExpiredTokenAndCannotBeApproved() {
    Map<String, Object> start = start("profile");
    clock.advance(ProviderExtensions.DEVICE_CODE_LIFETIME);
    assertFalse(mock.server().approveDevice((String) start.get("user_code")));
    Http.Result late = Http.form(url("device"), "user_code", (String) start.get("user_code"),
        "decision", "approve");
    assertEquals(400, late.code);
    assertTrue(late.body.contains("That code is unknown, expired or already used."));
    assertError(poll((String) start.get("device_code")), 400, "expired_token",
        "the device_code expired; start a new device authorization (RFC 8628 §3.5)");
  }

  @Test void aDeviceCodeIsTheClientsAlone() {
    Map<String, Object> start = start("profile");
    Http.Result other = Http.formBasic(url("token"), "standard-demo-client",
        "standard-demo-secret", "grant_type", GRANT, "device_code",
        (String) start.get("device_code"));
    assertError(other, 400, "invalid_grant", "the device_code was issued to another client");
    assertError(Http.form(url("token"), "grant_type", GRANT, "client_id", PUBLIC), 400,
        "invalid_request", "device_code is missing; send the device_code from the device "
        + "authorization response (RFC 8628 §3.4)");
    assertError(poll("nope"), 400, "invalid_grant", "the device_code is unknown");
  }

  @Test void aConfidentialClientAuthenticatesAtTheStart() {
    Http.Result wrong = Http.formBasic(url("device_authorization"), "standard-demo-client",
        "wrong");
    assertEquals(401, wrong.code);
    assertEquals("invalid_client", wrong.string("error"));
    assertError(Http.form(url("device_authorization"), "client_id", PUBLIC, "scope", "admin"),
        400, "invalid_scope", "unknown scope \"admin\"; Standard (RFC 6749) supports: email "
        + "profile read write");
  }
}
