package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.Http.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The device flow's code lifetime and polling interval as settings, on the server's clock. */
class DeviceSettingsTest {
  static final ManualClock clock = new ManualClock(TestRequests.START);
  static final MockProvider QUICK = MockProvider.STANDARD.newBuilder().id("quick")
      .deviceCodeLifetime(Duration.ofSeconds(90)).devicePollingInterval(Duration.ofSeconds(2))
      .build();
  @RegisterExtension static MockAuthServerExtension mock =
      new MockAuthServerExtension(MockAuthServer.builder().clock(clock).provider(QUICK));
  static final String GRANT = "urn:ietf:params:oauth:grant-type:device_code";

  @AfterEach void reset() {
    mock.server().reset();
  }

  HttpUrl url(MockProvider p, String path) {
    return Http.url(mock.server().baseUrl(p)).resolve(path);
  }

  Http.Result poll(MockProvider p, Object deviceCode) {
    DemoClient demo = mock.server().demoClient(p);
    return Http.formBasic(url(p, "token"), demo.clientId(), demo.clientSecret(), "grant_type",
        GRANT, "device_code", (String) deviceCode);
  }

  Map<String, Object> startConfidential(MockProvider p) {
    DemoClient demo = mock.server().demoClient(p);
    Http.Result r = Http.formBasic(url(p, "device_authorization"), demo.clientId(),
        demo.clientSecret(), "scope", "profile");
    assertEquals(200, r.code, r.body);
    return r.json();
  }

  @Test void theProviderValueSetsLifetimeAndInterval() {
    Map<String, Object> start = startConfidential(QUICK);
    assertEquals(90.0, start.get("expires_in"));
    assertEquals(2.0, start.get("interval"));
    assertError(poll(QUICK, start.get("device_code")), 400, "authorization_pending",
        "the user has not yet approved or denied the request; poll again after the interval");
    clock.advance(Duration.ofSeconds(1));
    assertError(poll(QUICK, start.get("device_code")), 400, "slow_down", "polled sooner than "
        + "the interval; wait 7 s between polls from now on (RFC 8628 §3.5)");
    clock.advance(Duration.ofSeconds(89));
    assertError(poll(QUICK, start.get("device_code")), 400, "expired_token",
        "the device_code expired; start a new device authorization (RFC 8628 §3.5)");
  }

  @Test void theSettingsHandleChangesThemForCodesIssuedFromNowOn() {
    Map<String, Object> before = startConfidential(MockProvider.STANDARD);
    ProviderSettings settings = mock.server().settings(MockProvider.STANDARD)
        .deviceCodeLifetime(Duration.ofSeconds(30)).devicePollingInterval(Duration.ofSeconds(1));
    assertEquals(Duration.ofSeconds(30), settings.deviceCodeLifetime());
    assertEquals(Duration.ofSeconds(1), settings.devicePollingInterval());
    Map<String, Object> after = startConfidential(MockProvider.STANDARD);
    assertEquals(600.0, before.get("expires_in"));
    assertEquals(30.0, after.get("expires_in"));
    assertEquals(1.0, after.get("interval"));
    clock.advance(Duration.ofSeconds(30));
    assertError(poll(MockProvider.STANDARD, after.get("device_code")), 400, "expired_token",
        "the device_code expired; start a new device authorization (RFC 8628 §3.5)");
    assertError(poll(MockProvider.STANDARD, before.get("device_code")), 400,
        "authorization_pending", "the user has not yet approved or denied the request; poll "
        + "again after the interval");
    mock.server().reset();
    assertEquals(Duration.ofMinutes(10),
        mock.server().settings(MockProvider.STANDARD).deviceCodeLifetime());
  }

  @Test void theSettingsHandleRefusesBadValuesAndProvidersWithoutTheGrant() {
    ProviderSettings standard = mock.server().settings(MockProvider.STANDARD);
    assertEquals("lifetime must be a positive whole number of seconds: PT0S",
        assertThrows(IllegalArgumentException.class,
            () -> standard.deviceCodeLifetime(Duration.ZERO)).getMessage());
    assertEquals("interval must be a positive whole number of seconds: PT0.5S",
        assertThrows(IllegalArgumentException.class,
            () -> standard.devicePollingInterval(Duration.ofMillis(500))).getMessage());
    assertEquals("onna has no device authorization grant; build it with grants(..., "
        + "DEVICE_CODE)", assertThrows(IllegalStateException.class,
            () -> mock.server().settings(MockProvider.ONNA)
                .devicePollingInterval(Duration.ofSeconds(1))).getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> MockProvider.builder("x").deviceCodeLifetime(Duration.ofSeconds(-1)));
  }

  @Test void theAdminApiSetsShowsAndRefusesThem() {
    HttpUrl settings = Http.url(mock.server().url()).resolve("__admin/settings");
    Http.Result r = Http.json(settings, "{\"provider\":\"standard\",\"device_code_seconds\":120,"
        + "\"device_polling_interval_seconds\":3}");
    assertEquals(200, r.code, r.body);
    Map<?, ?> standard = (Map<?, ?>) r.json().get("standard");
    assertEquals(120.0, standard.get("device_code_seconds"));
    assertEquals(3.0, standard.get("device_polling_interval_seconds"));
    assertEquals(Duration.ofSeconds(3),
        mock.server().settings(MockProvider.STANDARD).devicePollingInterval());
    assertEquals(Map.of("dpop_nonce", false), Http.get(settings).json().get("onna"));
    assertError(Http.json(settings, "{\"provider\":\"standard\",\"device_code_seconds\":0}"),
        400, "invalid_request", "lifetime must be a positive whole number of seconds: PT0S");
    assertError(Http.json(settings, "{\"provider\":\"onna\","
        + "\"device_polling_interval_seconds\":2}"), 400, "invalid_request",
        "onna has no device authorization grant; build it with grants(..., DEVICE_CODE)");
    Http.Result provider = Http.json(Http.url(mock.server().url()).resolve("__admin/providers"),
        "{\"id\":\"dev\",\"grants\":[\"client_credentials\","
        + "\"urn:ietf:params:oauth:grant-type:device_code\"],\"device_code_seconds\":45,"
        + "\"device_polling_interval_seconds\":4}");
    assertEquals(201, provider.code, provider.body);
    assertEquals(45.0, provider.json().get("device_code_seconds"));
    assertEquals(4.0, provider.json().get("device_polling_interval_seconds"));
    Map<String, Object> start = startConfidential(mock.server().provider("dev"));
    assertEquals(45.0, start.get("expires_in"));
    assertEquals(4.0, start.get("interval"));
  }
}
