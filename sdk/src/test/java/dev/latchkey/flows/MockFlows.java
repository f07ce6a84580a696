package dev.latchkey.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.Provider;
import dev.latchkey.mockserver.ConsentMode;
import dev.latchkey.mockserver.JournalEntry;
import dev.latchkey.mockserver.MockAuthServer;
import dev.latchkey.mockserver.MockProvider;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** What whole flows against the bundled mock server share: the browser, API calls, the journal. */
final class MockFlows {
  static final String REDIRECT_URI = "http://127.0.0.1:8123/callback";

  private MockFlows() {
  }

  /** A mock server that approves every consent, on {@code clock}, with 60-second tokens. */
  static MockAuthServer.Builder mock(Clock clock) {
    return MockAuthServer.builder()
        .consent(ConsentMode.AUTO_APPROVE)
        .clock(clock)
        .tokenLifetime(Duration.ofSeconds(60));
  }

  /** Builds and starts {@code builder}'s server. */
  static MockAuthServer started(MockAuthServer.Builder builder) throws IOException {
    MockAuthServer server = builder.build();
    server.start();
    return server;
  }

  /** The mock's standard provider, found by discovery as an app would find it. */
  static Provider discoverStandard(MockAuthServer mock, OkHttpClient http) throws IOException {
    return Provider.discover(http,
        mock.baseUrl(MockProvider.STANDARD).toString().replaceAll("/$", ""));
  }

  /** Plays the browser: fetches the authorization URL and returns where the server redirects. */
  static String authorize(OkHttpClient http, AuthorizationRequest request) throws IOException {
    OkHttpClient browser = http.newBuilder().followRedirects(false).build();
    try (Response response = browser.newCall(new Request.Builder().url(request.url()).build())
        .execute()) {
      assertEquals(302, response.code(), "authorize should redirect back");
      return response.header("Location");
    }
  }

  /** GETs {@code url} and returns the status. */
  static int get(OkHttpClient api, String url) throws IOException {
    try (Response response = api.newCall(new Request.Builder().url(url).build()).execute()) {
      return response.code();
    }
  }

  /** The requests the standard provider received at {@code path} (below its prefix). */
  static List<JournalEntry> requests(MockAuthServer mock, String path) {
    String full = "/standard/" + path;
    return mock.journal(MockProvider.STANDARD).stream()
        .filter(entry -> entry.path().equals(full))
        .collect(Collectors.toList());
  }
}
