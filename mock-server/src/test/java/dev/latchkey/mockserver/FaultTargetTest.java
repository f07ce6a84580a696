package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.Http.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Faults aimed at the PAR and device authorization endpoints, apart from token requests. */
class FaultTargetTest {
  @RegisterExtension static MockAuthServerExtension mock = new MockAuthServerExtension();
  static final String CLIENT = "standard-demo-client";
  static final String SECRET = "standard-demo-secret";

  @AfterEach void reset() {
    mock.server().reset();
  }

  HttpUrl url(String path) {
    return Http.url(mock.server().baseUrl(MockProvider.STANDARD)).resolve(path);
  }

  Http.Result par() {
    return Http.formBasic(url("par"), CLIENT, SECRET, "response_type", "code",
        "redirect_uri", "http://127.0.0.1:9000/cb");
  }

  Http.Result device() {
    return Http.formBasic(url("device_authorization"), CLIENT, SECRET);
  }

  Http.Result token() {
    return Http.formBasic(url("token"), CLIENT, SECRET, "grant_type", "client_credentials");
  }

  @Test void aParFaultAnswersOnlyThePushedRequest() {
    mock.server().enqueueFault(Fault.unavailable().on(Fault.Target.PUSHED_AUTHORIZATION));
    assertEquals(200, token().code);
    assertEquals(200, device().code);
    Http.Result faulted = par();
    assertEquals(503, faulted.code);
    assertEquals("1", faulted.header("Retry-After"));
    assertEquals(201, par().code);
  }

  @Test void aDeviceFaultAnswersOnlyTheDeviceAuthorizationOfItsProvider() {
    mock.server().enqueueFault(Fault.status(500).on(Fault.Target.DEVICE_AUTHORIZATION)
        .forProvider(MockProvider.STANDARD), 2);
    assertEquals(201, par().code);
    assertEquals(200, token().code);
    assertEquals(500, device().code);
    assertEquals(500, device().code);
    assertEquals(200, device().code);
  }

  @Test void aTokenFaultNoLongerHitsParOrDevice() {
    mock.server().enqueueFault(Fault.serverError());
    assertEquals(201, par().code);
    assertEquals(200, device().code);
    assertEquals(500, token().code);
  }

  @Test void truncatedJsonIsHalfOfTheEndpointsOwnAnswer() {
    mock.server().enqueueFault(Fault.truncatedJson().on(Fault.Target.PUSHED_AUTHORIZATION));
    mock.server().enqueueFault(Fault.truncatedJson().on(Fault.Target.DEVICE_AUTHORIZATION));
    Http.Result pushed = par();
    assertEquals(200, pushed.code);
    assertTrue(pushed.body.startsWith("{\"request_uri\":\"urn:ietf:params:oauth:request_uri:"),
        pushed.body);
    assertFalse(pushed.body.endsWith("}"), pushed.body);
    Http.Result device = device();
    assertEquals(200, device.code);
    assertTrue(device.body.startsWith("{\"device_code\":"), device.body);
    assertFalse(device.body.endsWith("}"), device.body);
  }

  @Test void aDelayAtParStillAnswersThePushedRequest() {
    mock.server().enqueueFault(Fault.delay(Duration.ZERO).on(Fault.Target.PUSHED_AUTHORIZATION));
    Http.Result delayed = par();
    assertEquals(201, delayed.code, delayed.body);
    assertTrue(delayed.string("request_uri").startsWith("urn:ietf:params:oauth:request_uri:"));
    assertEquals(201, par().code);
  }

  @Test void theAdminApiTakesAndShowsTheTarget() {
    HttpUrl faults = Http.url(mock.server().url()).resolve("__admin/faults");
    Http.Result added = Http.json(faults, "{\"kind\":\"UNAVAILABLE\",\"on\":\"par\"}");
    assertEquals(201, added.code, added.body);
    assertEquals("par", added.string("on"));
    assertEquals(201, Http.json(faults, "{\"status\":502,\"on\":\"device\",\"times\":2}").code);
    String pending = Http.get(faults).body;
    assertTrue(pending.matches("\\[\\{[^}]*\"on\":\"par\"[^}]*},\\{[^}]*\"on\":\"device\"[^}]*}]"),
        pending);
    assertEquals(200, token().code);
    assertEquals(503, par().code);
    assertEquals(502, device().code);
    assertError(Http.json(faults, "{\"kind\":\"UNAVAILABLE\",\"on\":\"nowhere\"}"), 400,
        "invalid_request", "on must be one of \"token\", \"api\", \"par\", \"device\" (token "
        + "by default); got \"nowhere\"");
  }

  @Test void theTargetIsPartOfTheValue() {
    Fault par = Fault.unavailable().on(Fault.Target.PUSHED_AUTHORIZATION);
    assertEquals(Fault.Target.PUSHED_AUTHORIZATION, par.target());
    assertEquals(Fault.Target.TOKEN, Fault.unavailable().target());
    assertNotEquals(Fault.unavailable(), par);
    assertEquals(Fault.unavailable().on(Fault.Target.API), Fault.unavailable().onApis());
    assertTrue(Fault.unavailable().on(Fault.Target.API).isOnApis());
    assertFalse(par.isOnApis());
    assertEquals("Fault{UNAVAILABLE, status=503, retryAfter=1, on PUSHED_AUTHORIZATION}",
        par.toString());
    assertThrows(NullPointerException.class, () -> Fault.unavailable().on(null));
  }
}
