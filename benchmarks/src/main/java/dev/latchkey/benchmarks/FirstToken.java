package dev.latchkey.benchmarks;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.TokenSession;
import java.lang.management.ManagementFactory;

/**
 * The app side of the start-up measurement: builds a client against an already-running mock
 * server, gets one client_credentials token, prints how long after JVM start it had it, and
 * exits. {@link StartUp} launches it in fresh JVMs.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.FirstToken ONNA_BASE_URL CLIENT_ID CLIENT_SECRET
 * </pre>
 */
public final class FirstToken {
  private FirstToken() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: FirstToken ONNA_BASE_URL CLIENT_ID CLIENT_SECRET");
    }
    try (OAuth2Client client = OAuth2Client.builder()
        .provider(Provider.onna(args[0]))
        .clientId(args[1])
        .clientSecret(args[2])
        .build()) {
      TokenSession session = client.clientCredentialsSession();
      if (session.accessToken().isEmpty()) {
        throw new IllegalStateException("empty token");
      }
      long sinceStart = System.currentTimeMillis()
          - ManagementFactory.getRuntimeMXBean().getStartTime();
      System.out.println("first token " + sinceStart + " ms after JVM start");
    }
  }
}
