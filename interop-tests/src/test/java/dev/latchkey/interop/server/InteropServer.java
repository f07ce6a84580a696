package dev.latchkey.interop.server;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;

/**
 * A real, independent authorization server for the interop tests: Spring Authorization Server,
 * in this JVM, on {@code 127.0.0.1} and a free port, with the clients of {@link InteropClients}.
 * It starts once per test JVM ({@link #shared()}) and stops when the JVM exits.
 *
 * <pre>{@code
 * InteropServer server = InteropServer.shared();
 * Provider sas = Provider.discover(new OkHttpClient(), server.issuer());
 * String callback = server.login(authorizationUrl);       // form login + consent, over HTTP
 * int refreshes = server.exchanges(e -> e.isGrant(InteropClients.WEB, "refresh_token")).size();
 * }</pre>
 */
public final class InteropServer {
  private static InteropServer shared;

  private final ConfigurableApplicationContext context;
  private final String issuer;
  private MutualTls mutualTls;

  private InteropServer(ConfigurableApplicationContext context) {
    this.context = context;
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    this.issuer = "http://127.0.0.1:" + port;
  }

  /**
   * Returns the server of this test JVM, starting it on first use (a few seconds).
   *
   * @return the running server
   */
  public static synchronized InteropServer shared() {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared.context::close, "interop-server-stop"));
    }
    return shared;
  }

  private static InteropServer start() {
    ConfigurableApplicationContext context = new SpringApplicationBuilder(SasApplication.class)
        .properties(Map.of(
            "server.address", "127.0.0.1",
            "server.port", "0",
            "spring.main.banner-mode", "off",
            "logging.level.root", "WARN"))
        .run();
    InteropServer server = new InteropServer(context);
    InMemoryRegisteredClientRepository clients =
        context.getBean(InMemoryRegisteredClientRepository.class);
    InteropClients.registeredAfterStart(server.issuer).forEach(clients::save);
    return server;
  }

  /**
   * Returns the issuer identifier, which SAS derives from the request: {@code
   * http://127.0.0.1:<port>}, without a trailing slash.
   *
   * @return the issuer
   */
  public String issuer() {
    return issuer;
  }

  /**
   * Returns the absolute URL of a path on this server.
   *
   * @param path a path starting with {@code /}, such as {@code /oauth2/token}
   * @return the URL
   */
  public String url(String path) {
    return issuer + path;
  }

  /**
   * Returns the server's HTTPS listener that asks for client certificates, starting it on first
   * use (a second or two for the keys).
   *
   * @return the listener and the client's keys for it
   */
  public synchronized MutualTls mutualTls() {
    if (mutualTls == null) {
      TomcatWebServer tomcat =
          (TomcatWebServer) ((WebServerApplicationContext) context).getWebServer();
      try {
        mutualTls = MutualTls.start(tomcat.getTomcat().getService());
      } catch (Exception e) {
        throw new IllegalStateException("cannot start the HTTPS listener", e);
      }
    }
    return mutualTls;
  }

  /**
   * Signs {@link InteropClients#USERNAME} in at SAS's login form and grants every scope on its
   * consent page, as a browser would, and returns where SAS finally redirects.
   *
   * @param authorizationUrl an authorization request URL on this server
   * @return the redirect URI SAS sent the browser to, with its query (code, state, ...)
   */
  public String login(String authorizationUrl) {
    return new BrowserLogin(this).open(authorizationUrl).callbackUri();
  }

  /**
   * Starts a browser that signs in and consents, and keeps its cookies (the login session) for
   * later requests such as the end-session endpoint.
   *
   * @return a new browser
   */
  public BrowserLogin browser() {
    return new BrowserLogin(this);
  }

  /**
   * Returns the requests that reached the server's endpoints and match {@code filter}, oldest
   * first.
   *
   * @param filter which requests to return
   * @return a snapshot
   */
  public List<Exchange> exchanges(Predicate<Exchange> filter) {
    return RequestLog.INSTANCE.matching(filter);
  }

  /**
   * One request to the server, as the fixture's filter saw it.
   *
   * @param method the HTTP method
   * @param path the path, such as {@code /oauth2/token}
   * @param clientId the client id from the Basic header or the {@code client_id} parameter
   * @param authentication {@code client_secret_basic}, {@code client_secret_post},
   *     {@code client_assertion} or {@code none}
   * @param grantType the {@code grant_type} parameter, or null
   * @param dpop whether the request carried a {@code DPoP} header
   * @param status the HTTP status SAS answered
   */
  public record Exchange(String method, String path, String clientId, String authentication,
      String grantType, boolean dpop, int status) {
    /**
     * Tells whether this was a token request of {@code clientId} with {@code grantType}.
     *
     * @param clientId the client
     * @param grantType the grant type
     * @return true if it was
     */
    public boolean isGrant(String clientId, String grantType) {
      return path.equals("/oauth2/token") && clientId != null && clientId.equals(this.clientId)
          && grantType.equals(this.grantType);
    }
  }
}
