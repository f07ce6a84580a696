package dev.latchkey.examples;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import java.net.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import okhttp3.OkHttpClient;

/** docs/configuration.md: the settings most apps change, each run by ConfigurationExamplesTest. */
final class ConfigurationExamples {
  private ConfigurationExamples() {
  }

  /** Token requests through the app's own client: its proxy, timeouts and connection pool. */
  static OAuth2Client behindAProxy(String baseUrl, String clientId, String clientSecret,
      OkHttpClient appClient, Proxy proxy) {
    // snippet:configuration-http-client
    OkHttpClient tokenClient = appClient.newBuilder()  // shares the app's pool and dispatcher
        .proxy(proxy)            // such as new Proxy(Proxy.Type.HTTP, new InetSocketAddress("proxy.corp", 3128))
        .callTimeout(Duration.ofSeconds(10))
        .build();
    OAuth2Client onna = OAuth2Client.builder()
        .provider(Provider.onna(baseUrl))
        .clientId(clientId)
        .clientSecret(clientSecret)
        .httpClient(tokenClient)   // token requests, and the base of TokenSession.authorize
        .build();
    // end-snippet
    return onna;
  }

  /** A test's client on the mock server's clock, so that moving that clock expires tokens. */
  static OAuth2Client onTheMockServersClock(String baseUrl, String clientId, String clientSecret,
      Clock clock) {
    // snippet:configuration-clock
    OAuth2Client onna = OAuth2Client.builder()
        .provider(Provider.onna(baseUrl))
        .clientId(clientId)
        .clientSecret(clientSecret)
        .clock(clock)              // in tests: the mock server's ManualClock; default: system UTC
        .build();
    // end-snippet
    return onna;
  }

  /** Background renewals on an executor the app owns (and shuts down itself). */
  static OAuth2Client renewingOn(String baseUrl, String clientId, String clientSecret,
      Executor appExecutor) {
    // snippet:configuration-executor
    OAuth2Client onna = OAuth2Client.builder()
        .provider(Provider.onna(baseUrl))
        .clientId(clientId)
        .clientSecret(clientSecret)
        .executor(appExecutor)     // default: two daemon threads of its own, stopped by close()
        .renewBefore(Duration.ofMinutes(2))
        .build();
    // end-snippet
    return onna;
  }
}
