package dev.latchkey.flows;

import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.MockAuthServer;
import dev.latchkey.mockserver.MockProvider;
import dev.latchkey.testing.ManualTestClock;
import java.io.IOException;
import java.time.Instant;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh mock server per test on a manual clock, for flows through its standard provider (the
 * one with every extension on) and that provider's confidential demo client.
 */
abstract class StandardProviderFlows {
  static final MockProvider STANDARD = MockProvider.STANDARD;

  final ManualTestClock clock = new ManualTestClock(Instant.now());
  final OkHttpClient http = new OkHttpClient();
  MockAuthServer mock;
  DemoClient demo;

  @BeforeEach
  void startServer() throws IOException {
    mock = MockFlows.started(MockFlows.mock(clock));
    demo = mock.demoClient(STANDARD);
  }

  @AfterEach
  void stopServer() {
    mock.close();
  }

  /** {@return the standard provider's root URL, ending in a slash} */
  String base() {
    return mock.baseUrl(STANDARD).toString();
  }
}
