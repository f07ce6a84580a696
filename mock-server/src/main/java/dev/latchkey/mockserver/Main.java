package dev.latchkey.mockserver;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import mockwebserver3.MockWebServer;

/**
 * Runs the mock server from the command line until stopped (Ctrl-C):
 * {@code java -jar latchkey-mock-server.jar [--port N]}. {@code --help} lists the options.
 */
public final class Main {
  /** Held so the level set on it isn't lost to garbage collection. */
  private static final Logger MOCK_WEB_SERVER_LOGGER =
      Logger.getLogger(MockWebServer.class.getName());

  static final String USAGE = String.join("\n",
      "Usage: java -jar latchkey-mock-server.jar [options]",
      "",
      "Runs a mock OAuth 2.0 server for Ora, Orange Logic, Organization API, Orgo, Onna and a",
      "standard RFC 6749 provider, on 127.0.0.1, until stopped with Ctrl-C.",
      "",
      "Options:",
      "  --port N                         port to listen on; 0 picks a free one (default 8080)",
      "  --consent MODE                   prompt (default), auto-approve or auto-deny",
      "  --token-lifetime [PROVIDER=]S    access token lifetime in seconds, for all providers",
      "                                   or one (repeatable), e.g. --token-lifetime onna=30",
      "  --refresh-token-lifetime [PROVIDER=]S",
      "                                   refresh token lifetime in seconds (default 30 days)",
      "  --rotate-refresh-tokens [PROVIDER=]true|false",
      "                                   issue a new refresh token on each refresh",
      "                                   (default true, false for orangelogic)",
      "  --code-lifetime S                authorization code lifetime in seconds (default 60)",
      "  --help                           show this help",
      "",
      "Providers: " + String.join(", ", MockAuthServer.providers()),
      "Add your own with POST /__admin/providers (see docs/mock-server.md).", "");

  private Main() {
  }

  /**
   * Starts the server with the options in {@code args} and runs until the JVM stops.
   *
   * @param args command-line options; see {@code --help}
   * @throws IOException if the port can't be bound
   * @throws InterruptedException if the main thread is interrupted while serving
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    MockAuthServer.Builder builder;
    try {
      builder = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println();
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    if (builder == null) {
      System.out.print(USAGE);
      return;
    }
    MOCK_WEB_SERVER_LOGGER.setLevel(Level.WARNING);
    MockAuthServer server = builder.build();
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "mock-server-shutdown"));
    printBanner(server, System.out);
    System.out.flush();
    new CountDownLatch(1).await();
  }

  /** {@return a configured builder, or null when {@code --help} was asked for} */
  static MockAuthServer.Builder parse(String[] args) {
    MockAuthServer.Builder builder = MockAuthServer.builder()
        .port(8080)
        .consent(ConsentMode.PROMPT);
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        // --port=8080 as well as --port 8080.
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      }
      switch (arg) {
        case "--help":
        case "-h":
          return null;
        case "--port":
          builder.port(intValue(arg, value != null ? value : next(args, ++i, arg)));
          break;
        case "--consent":
          builder.consent(AdminSettings.consentMode(value != null ? value : next(args, ++i, arg)));
          break;
        case "--token-lifetime": {
          String v = value != null ? value : next(args, ++i, arg);
          String provider = providerPart(v);
          Duration d = Duration.ofSeconds(intValue(arg, secondsPart(v)));
          if (provider == null) builder.tokenLifetime(d);
          else builder.tokenLifetime(provider, d);
          break;
        }
        case "--refresh-token-lifetime": {
          String v = value != null ? value : next(args, ++i, arg);
          String provider = providerPart(v);
          Duration d = Duration.ofSeconds(intValue(arg, secondsPart(v)));
          if (provider == null) builder.refreshTokenLifetime(d);
          else builder.refreshTokenLifetime(provider, d);
          break;
        }
        case "--rotate-refresh-tokens": {
          String v = value != null ? value : next(args, ++i, arg);
          String provider = providerPart(v);
          String b = secondsPart(v);
          if (!b.equals("true") && !b.equals("false")) {
            throw new IllegalArgumentException(arg + " takes true or false; got " + b);
          }
          if (provider == null) builder.rotateRefreshTokens(Boolean.parseBoolean(b));
          else builder.rotateRefreshTokens(provider, Boolean.parseBoolean(b));
          break;
        }
        case "--code-lifetime":
          builder.codeLifetime(Duration.ofSeconds(
              intValue(arg, value != null ? value : next(args, ++i, arg))));
          break;
        default:
          throw new IllegalArgumentException("unknown option " + arg + "; see --help");
      }
    }
    return builder;
  }

  private static String next(String[] args, int i, String option) {
    if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
    return args[i];
  }

  private static String providerPart(String value) {
    int eq = value.indexOf('=');
    return eq < 0 ? null : MockProvider.builtIn(value.substring(0, eq)).id;
  }

  private static String secondsPart(String value) {
    return value.substring(value.indexOf('=') + 1);
  }

  private static int intValue(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " takes a number; got \"" + value + "\"");
    }
  }

  static void printBanner(MockAuthServer server, PrintStream out) {
    out.println("Latchkey mock server listening on " + server.url());
    out.println("Consent mode: " + server.consent().name().toLowerCase(java.util.Locale.ROOT)
        .replace('_', '-'));
    for (MockProvider p : server.hostedProviders()) {
      String base = server.baseUrl(p).toString();
      base = base.substring(0, base.length() - 1);
      out.println();
      out.println(p.displayName + " (" + p.id + ")");
      if (p.authorizePath != null) out.println("  authorize     " + base + p.authorizePath);
      out.println("  token         " + base + p.tokenPath);
      if (p.revokePath != null) out.println("  revoke        " + base + p.revokePath);
      if (p.userinfoPath != null) out.println("  userinfo      " + base + p.userinfoPath);
      String par = p.extensions.parPath;
      if (par != null) out.println("  par           " + base + par);
      if (p.supports(MockProvider.GrantType.DEVICE_CODE)) {
        out.println("  device        " + base + DeviceEndpoints.AUTHORIZATION_PATH + " (page "
            + base + DeviceEndpoints.VERIFICATION_PATH + ")");
      }
      if (p.extensions.openId) {
        out.println("  jwks          " + base + OpenIdEndpoints.JWKS_PATH);
        out.println("  end session   " + base + OpenIdEndpoints.LOGOUT_PATH);
      }
      for (ResourceEndpoints.Api api : ResourceEndpoints.apis(p)) {
        out.println("  api           " + api.method + " " + base + api.path);
      }
      if (p.metadata) {
        out.println("  metadata      " + base + "/.well-known/oauth-authorization-server");
      }
      out.println("  access token  " + server.settings(p).accessTokenLifetime().getSeconds()
          + " s");
      for (DemoClient c : DemoClients.of(p)) {
        out.println("  client_id     " + c.clientId()
            + (c.isPublic() ? "  (public: no secret, PKCE S256 required)" : ""));
        if (!c.isPublic()) out.println("  client_secret " + c.clientSecret());
      }
    }
    out.println();
    out.println("Demo clients accept any loopback redirect URI, such as "
        + "http://127.0.0.1:8081/callback");
    out.println("Admin API: " + server.url() + "__admin/");
    out.println("Press Ctrl-C to stop.");
  }
}
