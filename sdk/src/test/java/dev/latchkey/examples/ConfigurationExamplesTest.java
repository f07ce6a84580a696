package dev.latchkey.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.latchkey.OAuth2Client;
import dev.latchkey.TokenSession;
import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.ManualClock;
import dev.latchkey.mockserver.MockAuthServer;
import java.io.IOException;
import java.net.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class ConfigurationExamplesTest {
  private final ManualClock clock = new ManualClock();
  private MockAuthServer mock;
  private String baseUrl;
  private DemoClient demo;

  @BeforeEach
  void start() throws IOException {
    mock = MockAuthServer.builder().clock(clock).build();
    mock.start();
    baseUrl = mock.baseUrl("onna").toString();
    demo = mock.demoClient("onna");
  }

  @AfterEach
  void stop() {
    mock.close();
  }

  @Test
  void tokenRequestsGoThroughTheAppsClient() throws IOException {
    List<String> seen = new ArrayList<>();
    OkHttpClient appClient = new OkHttpClient.Builder()
        .addInterceptor(chain -> {
          seen.add(chain.request().url().encodedPath());
          return chain.proceed(chain.request());
        })
        .build();
    try (OAuth2Client onna = ConfigurationExamples.behindAProxy(baseUrl, demo.clientId(),
        demo.clientSecret(), appClient, Proxy.NO_PROXY)) {
      onna.clientCredentialsSession().accessToken();
    }
    assertEquals(List.of("/onna/v1/oauth/token"), seen);
  }

  @Test
  void theSharedClockDecidesExpiry() throws IOException {
    try (OAuth2Client onna = ConfigurationExamples.onTheMockServersClock(baseUrl,
        demo.clientId(), demo.clientSecret(), clock)) {
      TokenSession app = onna.clientCredentialsSession();
      String first = app.accessToken();
      clock.advance(Duration.ofHours(1));             // Onna's 3599 s are over, on both sides

      assertNotEquals(first, app.accessToken());
      assertEquals(2, mock.tokenRequests("onna", "client_credentials"));
    }
  }

  @Test
  void backgroundRenewalsRunOnTheGivenExecutor() throws IOException {
    AtomicInteger tasks = new AtomicInteger();
    Executor counting = task -> {
      tasks.incrementAndGet();
      task.run();                                      // at once: the test needs no waiting
    };
    try (OAuth2Client example = ConfigurationExamples.renewingOn(baseUrl, demo.clientId(),
            demo.clientSecret(), counting);
        OAuth2Client onna = example.newBuilder().clock(clock).build()) {
      TokenSession app = onna.clientCredentialsSession();
      app.accessToken();
      // Not expired yet, but within renewBefore (2 min) of the end: renewed in the background.
      clock.advance(Duration.ofSeconds(3599).minus(Duration.ofSeconds(90)));
      app.accessToken();

      assertEquals(1, tasks.get());
      assertEquals(2, mock.tokenRequests("onna", "client_credentials"));
    }
  }
}
