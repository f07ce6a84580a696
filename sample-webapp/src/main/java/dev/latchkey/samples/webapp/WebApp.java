package dev.latchkey.samples.webapp;

import dev.latchkey.mockserver.MockAuthServer;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.OkHttpClient;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.server.session.SessionHandler;

/**
 * The sample web app: {@code java -jar latchkey-webapp.jar [--port N] [--config FILE]}. Wires
 * the configuration, the providers' clients, the routes and, in demo mode, the embedded mock
 * server, then prints the URL to open.
 */
public final class WebApp implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WebApp.class.getName());
  /** The port the app listens on unless {@code --port} says otherwise. */
  static final int DEFAULT_PORT = 8080;
  /** How long an idle browser session lasts; its user's token is then deleted. */
  static final Duration SESSION_IDLE_TIMEOUT = Duration.ofMinutes(30);
  /** How long stopping waits for requests in flight. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
  private static final String USAGE = "Usage: java -jar latchkey-webapp.jar [--port N]"
      + " [--config FILE]\n  --port N       listen on port N (default 8080; 0 for any free port)"
      + "\n  --config FILE  read LATCHKEY_* settings from a properties file; the environment"
      + " wins\nWith no provider configured, the app uses its embedded mock server.";

  private final Javalin app;
  private final Providers providers;
  private final MockAuthServer mock;
  private final String url;

  private WebApp(Javalin app, Providers providers, MockAuthServer mock, String url) {
    this.app = app;
    this.providers = providers;
    this.mock = mock;
    this.url = url;
  }

  /**
   * Starts the app and its demo mock server, if {@code config} is in demo mode.
   *
   * @param port the port to listen on, 0 for a free one
   * @param clock the clock of tokens and sign-in requests, shared with the mock server
   * @throws IOException if the mock server cannot start
   */
  static WebApp start(Config config, int port, Clock clock) throws IOException {
    MockAuthServer mock = null;
    if (config.isDemo()) {
      MockAuthServer.Builder builder = MockAuthServer.builder()
          .consent(config.demoConsent())
          .clock(clock);
      for (ProviderId id : ProviderId.values()) {
        builder.tokenLifetime(id.id(), config.demoTokenLifetime());
      }
      mock = builder.build();
      mock.start();
    }
    OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();
    Providers providers = Providers.create(config, mock, http, clock);
    AtomicReference<String> publicUrl = new AtomicReference<>(config.publicUrl());
    Javalin app = Javalin.create(javalin -> {
      javalin.showJavalinBanner = false;
      javalin.staticFiles.add(files -> {
        files.hostedPath = "/static";
        files.directory = "/public";
        files.location = Location.CLASSPATH;
      });
      // Lets stopping wait for requests in flight (Javalin puts its handler inside this one).
      javalin.jetty.modifyServer(server -> server.setHandler(new StatisticsHandler()));
      javalin.jetty.modifyServletContextHandler(
          context -> configureSessions(context.getSessionHandler(), providers));
      // The path only: a callback's query holds the authorization code and state.
      javalin.requestLogger.http((ctx, millis) -> LOG.fine(() -> ctx.method() + " "
          + ctx.path() + " -> " + ctx.statusCode() + " (" + Math.round(millis) + " ms)"));
    });
    app.before(ctx -> {
      ctx.header("Content-Security-Policy",
          "default-src 'self'; frame-ancestors 'none'; base-uri 'none'");
      ctx.header("X-Content-Type-Options", "nosniff");
      ctx.header("Referrer-Policy", "no-referrer");
      ctx.header("Cache-Control", "no-store");
    });
    app.after(ctx -> {
      if ("text/html".equals(ctx.res().getContentType())) {
        ctx.contentType("text/html; charset=utf-8");
      }
    });
    new HomeRoutes(providers, config.isDemo()).register(app);
    new AuthRoutes(providers, publicUrl::get).register(app);
    new ProfileRoutes(providers).register(app);
    new AppPanelRoutes(providers).register(app);
    app.exception(Exception.class, ErrorPages::handle);
    app.error(404, ErrorPages::notFound);
    try {
      // Loopback only unless a public URL is configured: the demo clients' secrets are public.
      app.start(config.publicUrl() == null ? "localhost" : "0.0.0.0", port);
    } catch (Throwable e) {
      providers.close();
      if (mock != null) {
        mock.close();
      }
      throw e;
    }
    // Set only now: a graceful stop of a server that failed to start hides why it failed.
    app.jettyServer().server().setStopTimeout(STOP_TIMEOUT.toMillis());
    publicUrl.compareAndSet(null, "http://localhost:" + app.port() + "/");
    return new WebApp(app, providers, mock, publicUrl.get());
  }

  private static void configureSessions(SessionHandler sessions, Providers providers) {
    sessions.setHttpOnly(true);
    // Lax still sends the cookie when the provider redirects the browser back (a top-level GET).
    sessions.setSameSite(HttpCookie.SameSite.LAX);
    sessions.setMaxInactiveInterval((int) SESSION_IDLE_TIMEOUT.toSeconds());
    sessions.addEventListener(new HttpSessionListener() {
      @Override
      public void sessionDestroyed(HttpSessionEvent event) {
        // A session that times out takes its user's token with it.
        WebSession.User user = WebSession.user(event.getSession());
        if (user == null) {
          return;
        }
        try {
          providers.userSession(user.provider(), user.key()).forget();
        } catch (IOException e) {
          LOG.warning("Could not delete the token of an ended session: " + e.getMessage());
        }
        providers.forgetUser(user.provider(), user.key());
      }
    });
  }

  /** Returns the port the app listens on. */
  int port() {
    return app.port();
  }

  /** Returns the URL to open, such as {@code http://localhost:8080/}. */
  String url() {
    return url;
  }

  /** Returns the providers' clients and sessions. */
  Providers providers() {
    return providers;
  }

  /** Returns the embedded mock server in demo mode, else null. */
  MockAuthServer mock() {
    return mock;
  }

  /** Stops the app, the clients' renewal threads and the mock server. */
  @Override
  public void close() {
    app.stop();
    providers.close();
    if (mock != null) {
      mock.close();
    }
  }

  /**
   * Starts the app.
   *
   * @param args {@code [--port N] [--config FILE]}
   */
  public static void main(String[] args) {
    int port = DEFAULT_PORT;
    Path configFile = null;
    try {
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("--help") || arg.equals("-h")) {
          System.out.println(USAGE);
          return;
        } else if (arg.equals("--port") && i + 1 < args.length) {
          port = parsePort(args[++i]);
        } else if (arg.startsWith("--port=")) {
          port = parsePort(arg.substring("--port=".length()));
        } else if (arg.equals("--config") && i + 1 < args.length) {
          configFile = Path.of(args[++i]);
        } else if (arg.startsWith("--config=")) {
          configFile = Path.of(arg.substring("--config=".length()));
        } else {
          throw new IllegalArgumentException("unknown argument \"" + arg + "\"");
        }
      }
    } catch (IllegalArgumentException e) {
      exit(System.err, e.getMessage() + "\n" + USAGE, 2);
      return;
    }
    WebApp webApp;
    try {
      Config config = Config.load(System.getenv(), configFile);
      webApp = start(config, port, Clock.systemUTC());
    } catch (Exception e) { // Javalin (Kotlin) may throw checked exceptions undeclared.
      LOG.log(Level.FINE, "Start failed", e);
      exit(System.err, "The app could not start: " + e.getMessage()
          + (port != 0 ? "\nIf port " + port + " is in use, pass --port N." : ""), 1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(webApp::close, "latchkey-webapp-stop"));
    if (webApp.mock() != null) {
      System.out.println("Demo mode: providers are the embedded mock server at "
          + webApp.mock().url());
    }
    System.out.println("Latchkey sample web app is running. Open " + webApp.url());
    System.out.println("Press Ctrl+C to stop.");
  }

  private static int parsePort(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port must be a number from 0 to 65535: \"" + value
          + "\"");
    }
  }

  private static void exit(PrintStream err, String message, int status) {
    err.println(message);
    System.exit(status);
  }
}
