package dev.latchkey.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.OAuth2Client;
import dev.latchkey.TokenSession;
import dev.latchkey.spring.app.MockProviderTest;
import dev.latchkey.spring.app.TestApp;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/** The starter in a Boot app, from properties to API calls, against the bundled mock server. */
final class StarterFlowTest extends MockProviderTest {
  private static final String USER = "alice@example.com";

  @Autowired @Qualifier("orgs") RestClient restClient;
  @Autowired @Qualifier("orgs") WebClient webClient;
  @Autowired @Qualifier("orgs") OkHttpClient okHttpClient;
  @Autowired @Qualifier("orgs") OAuth2Client client;
  @Autowired LatchkeyClients clients;
  @Autowired MeterRegistry meters;

  private String api() {
    return organizationApi();
  }

  private int restCall() {
    return restClient.get().uri(api()).exchange((request, response) ->
        response.getStatusCode().value());
  }

  private double count(String name, String... tags) {
    Timer timer = meters.find(name).tags(tags).timer();
    if (timer != null) {
      return timer.count();
    }
    io.micrometer.core.instrument.Counter counter = meters.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void propertiesGiveWorkingApiCallsOnEveryHttpClient() throws IOException {
    String body = restClient.get().uri(api()).retrieve().body(String.class);
    assertTrue(body.contains(demo.clientId()), body);

    try (Response response = okHttpClient.newCall(new Request.Builder().url(api()).build())
        .execute()) {
      assertEquals(200, response.code());
    }
    String reactive = webClient.get().uri(api()).retrieve().bodyToMono(String.class)
        .block(Duration.ofSeconds(10));
    assertTrue(reactive.contains(demo.clientId()), reactive);
    assertEquals(demo.clientId(), client.clientId());
  }

  @Test
  void expiredTokenIsRenewedOnTheCallersThreadByTheInjectedClock() {
    assertEquals(200, restCall());
    int tokenRequests = MOCK.tokenRequests("orgapi");
    double renewals = count("latchkey.renewals", "client", "orgs", "session", "application",
        "thread", "caller", "outcome", "ok");

    TestApp.CLOCK.advance(Duration.ofMinutes(11));
    assertEquals(200, restCall());

    assertEquals(tokenRequests + 1, MOCK.tokenRequests("orgapi"));
    assertEquals(renewals + 1, count("latchkey.renewals", "client", "orgs", "session",
        "application", "thread", "caller", "outcome", "ok"));
    assertEquals(600.0, meters.get("latchkey.token.expiry").tag("client", "orgs").gauge()
        .value());
  }

  @Test
  void unauthorizedAnswerIsRenewedAndRetriedOnce() throws Exception {
    assertEquals(200, restCall());
    double retries = count("latchkey.api.retries", "client", "orgs", "status", "401");
    MOCK.expireAccessTokens();
    assertEquals(200, restCall());
    assertEquals(retries + 1, count("latchkey.api.retries", "client", "orgs", "status", "401"));

    try (MockWebServer api = new MockWebServer()) {
      api.enqueue(new MockResponse.Builder().code(401).build());
      api.enqueue(new MockResponse.Builder().code(401).build());
      api.enqueue(new MockResponse.Builder().code(200).build());
      api.start();
      int status = restClient.get().uri(api.url("/v1/things").toString())
          .exchange((request, response) -> response.getStatusCode().value());

      assertEquals(401, status, "a second 401 goes back to the caller");
      assertEquals(2, api.getRequestCount());
      String first = api.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Authorization");
      String second = api.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Authorization");
      assertTrue(first.startsWith("Bearer "), first);
      assertNotEquals(first, second, "the retry carries a renewed token");
    }
  }

  /** RFC 6750 §3.1: a new token does not add a scope, so insufficient_scope is not retried. */
  @Test
  void insufficientScopeIsNeitherRenewedNorRetried() throws Exception {
    assertEquals(200, restCall()); // The application token is there before counting.
    MockResponse insufficientScope = new MockResponse.Builder().code(401)
        .addHeader("WWW-Authenticate", "Bearer realm=\"api\", error=\"insufficient_scope\","
            + " scope=\"organization.write\"").build();
    try (MockWebServer api = new MockWebServer()) {
      api.enqueue(insufficientScope);
      api.enqueue(insufficientScope);
      api.start();
      int tokenRequests = MOCK.tokenRequests("orgapi");

      int rest = restClient.get().uri(api.url("/v1/things").toString())
          .exchange((request, response) -> response.getStatusCode().value());
      int reactive = webClient.get().uri(api.url("/v1/things").toString())
          .exchangeToMono(response -> Mono.just(response.statusCode().value()))
          .block(Duration.ofSeconds(10));

      assertEquals(401, rest);
      assertEquals(401, reactive);
      assertEquals(2, api.getRequestCount(), "one request each, no retry");
      assertEquals(tokenRequests, MOCK.tokenRequests("orgapi"), "no renewal");
    }
  }

  @Test
  void userTokenComesFromTheRequestAttribute() throws Exception {
    TokenSession alice = clients.userSession("orgs", USER);
    alice.save(client.clientCredentials());
    try (MockWebServer api = new MockWebServer()) {
      api.enqueue(new MockResponse.Builder().code(200).build());
      api.enqueue(new MockResponse.Builder().code(200).build());
      api.start();
      restClient.get().uri(api.url("/me").toString())
          .attribute(LatchkeyClients.USER_KEY_ATTRIBUTE, USER)
          .retrieve().toBodilessEntity();
      webClient.get().uri(api.url("/me").toString())
          .attribute(LatchkeyClients.USER_KEY_ATTRIBUTE, USER)
          .retrieve().toBodilessEntity().block(Duration.ofSeconds(10));

      String expected = "Bearer " + alice.accessToken();
      RecordedRequest rest = api.takeRequest(5, TimeUnit.SECONDS);
      RecordedRequest web = api.takeRequest(5, TimeUnit.SECONDS);
      assertEquals(expected, rest.getHeaders().get("Authorization"));
      assertEquals(expected, web.getHeaders().get("Authorization"));
      assertNotEquals(expected, "Bearer " + clients.applicationSession("orgs").accessToken());
    }
  }
}
