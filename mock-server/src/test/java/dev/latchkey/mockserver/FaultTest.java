package dev.latchkey.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FaultTest {
  @RegisterExtension static MockAuthServerExtension mock = new MockAuthServerExtension();

  @AfterEach void resetServer() {
    mock.server().reset();
  }

  HttpUrl onnaToken() {
    return Http.url(mock.server().baseUrl("onna")).resolve("v1/oauth/token");
  }

  Request onnaRequest() {
    return new Request.Builder().url(onnaToken()).post(Http.formBody("grant_type",
        "client_credentials", "client_id", "onna-demo-client", "client_secret",
        "onna-demo-secret")).build();
  }

  Http.Result onna() {
    return Http.execute(onnaRequest());
  }

  @Test void serverErrorAnswers500() {
    mock.server().enqueueFault(Fault.serverError());
    Http.Result result = onna();
    assertEquals(500, result.code);
    assertEquals("text/plain; charset=utf-8", result.header("Content-Type"));
    assertEquals(200, onna().code);
  }

  @Test void unavailableAnswers503WithRetryAfterForTheNextNRequests() {
    mock.server().enqueueFault(Fault.status(503).retryAfter(1), 2);
    for (int i = 0; i < 2; i++) {
      Http.Result result = onna();
      assertEquals(503, result.code);
      assertEquals("1", result.header("Retry-After"));
    }
    assertEquals(200, onna().code);
    assertEquals(3, mock.server().tokenRequests("onna", "client_credentials"));
  }

  @Test void unavailableFactorySendsRetryAfterOne() {
    mock.server().enqueueFault(Fault.unavailable());
    Http.Result result = onna();
    assertEquals(503, result.code);
    assertEquals("1", result.header("Retry-After"));
  }

  @Test void tooManyRequestsAnswers429WithRetryAfter() {
    mock.server().enqueueFault(Fault.tooManyRequests().retryAfter(7));
    Http.Result result = onna();
    assertEquals(429, result.code);
    assertEquals("7", result.header("Retry-After"));
  }

  @Test void htmlAnswers502Page() {
    mock.server().enqueueFault(Fault.html());
    Http.Result result = onna();
    assertEquals(502, result.code);
    assertEquals("text/html; charset=utf-8", result.header("Content-Type"));
    assertTrue(result.body.startsWith("<!DOCTYPE html>"), result.body);
  }

  @Test void truncatedJsonAnswers200WithHalfABody() {
    mock.server().enqueueFault(Fault.truncatedJson());
    Http.Result result = onna();
    assertEquals(200, result.code);
    assertEquals("application/json", result.header("Content-Type"));
    assertTrue(result.body.startsWith("{\"access_token\":\""), result.body);
    assertTrue(!result.body.endsWith("}"), result.body);
    assertThrows(UncheckedIOException.class, result::json);
  }

  @Test void delaySendsTheRealBody() {
    mock.server().enqueueFault(Fault.delay(Duration.ofMillis(300)));
    Http.Result result = onna();
    assertEquals(200, result.code);
    assertEquals("bearer", result.string("token_type"));
    assertEquals(1, mock.server().tokenRequests("onna", "client_credentials"));
  }

  /** The delay itself, read from the response the router hands MockWebServer: no wall clock. */
  @Test void delayHoldsTheBodyBackByItsDuration() {
    ServerState state = TestRequests.state();
    Router router = new Router(state, state, state);
    state.enqueueFault(Fault.delay(Duration.ofMillis(300)), 1);
    mockwebserver3.MockResponse delayed = router.dispatch(TestRequests.form("/onna/v1/oauth/token",
        "grant_type=client_credentials&client_id=onna-demo-client&client_secret=onna-demo-secret"));
    assertEquals(200, delayed.getCode());
    assertEquals(TimeUnit.MILLISECONDS.toNanos(300), delayed.getBodyDelayNanos());
    mockwebserver3.MockResponse next = router.dispatch(TestRequests.form("/onna/v1/oauth/token",
        "grant_type=client_credentials&client_id=onna-demo-client&client_secret=onna-demo-secret"));
    assertEquals(0, next.getBodyDelayNanos());
  }

  @Test void delayLongerThanReadTimeoutTimesOut() {
    mock.server().enqueueFault(Fault.delay(Duration.ofSeconds(2)));
    OkHttpClient impatient = Http.CLIENT.newBuilder()
        .readTimeout(200, TimeUnit.MILLISECONDS).build();
    assertThrows(SocketTimeoutException.class, () -> {
      try (Response response = impatient.newCall(onnaRequest()).execute()) {
        response.body().string();
      }
    });
  }

  @Test void disconnectDropsTheConnection() {
    mock.server().enqueueFault(Fault.disconnect());
    IOException e = assertThrows(IOException.class, () -> {
      try (Response response = Http.CLIENT.newCall(onnaRequest()).execute()) {
        response.body().string();
      }
    });
    assertTrue(e.getMessage() != null, String.valueOf(e));
    assertEquals(200, onna().code);
  }

  @Test void providerFaultLeavesOtherProvidersAlone() {
    mock.server().enqueueFault(Fault.serverError().forProvider("orgapi"));
    assertEquals(200, onna().code);
    Http.Result orgapi = Http.formBasic(Http.url(mock.server().baseUrl("orgapi")).resolve("oauth2/token"),
        "orgapi-demo-client", "orgapi-demo-secret", "grant_type", "client_credentials");
    assertEquals(500, orgapi.code);
  }

  @Test void faultsApplyInQueueOrder() {
    mock.server().enqueueFault(Fault.tooManyRequests(), 1);
    mock.server().enqueueFault(Fault.serverError(), 1);
    assertEquals(429, onna().code);
    assertEquals(500, onna().code);
    assertEquals(200, onna().code);
  }

  @Test void faultsDoNotTouchApis() {
    String access = onna().string("access_token");
    mock.server().enqueueFault(Fault.serverError());
    Http.Result api = Http.execute(new Request.Builder()
        .url(Http.url(mock.server().baseUrl("onna")).resolve("v1/workspaces"))
        .header("Authorization", "Bearer " + access)
        .post(okhttp3.RequestBody.create(new byte[0])).build());
    assertEquals(200, api.code, api.body);
  }

  @Test void statusRejectsNonErrorCodes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Fault.status(200));
    assertEquals("status must be 400..599: 200", e.getMessage());
  }
}
