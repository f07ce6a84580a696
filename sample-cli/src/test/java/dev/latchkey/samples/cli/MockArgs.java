package dev.latchkey.samples.cli;

import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.MockAuthServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Command lines that point the CLI at a mock server the test controls, as a real server. */
final class MockArgs {
  private MockArgs() {
  }

  /** The mock server's path prefix for a {@code --provider} value. */
  static String prefix(String provider) {
    return provider.startsWith("orgapi") ? "orgapi" : provider;
  }

  /**
   * Returns {@code rest} followed by {@code --provider}, {@code --base-url}, the demo client's
   * id and secret, and {@code --store}.
   */
  static String[] against(MockAuthServer mock, Path store, String provider, String... rest) {
    DemoClient demo = mock.demoClient(prefix(provider));
    List<String> args = new ArrayList<>(Arrays.asList(rest));
    args.addAll(Arrays.asList("--provider", provider,
        "--base-url", mock.baseUrl(prefix(provider)).toString(),
        "--client-id", demo.clientId(),
        "--client-secret", demo.clientSecret(),
        "--store", store.toString()));
    return args.toArray(new String[0]);
  }
}
