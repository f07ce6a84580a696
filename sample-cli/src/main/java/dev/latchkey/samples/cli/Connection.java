package dev.latchkey.samples.cli;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.TokenSession;
import dev.latchkey.TokenStore;
import dev.latchkey.mockserver.ConsentMode;
import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.MockAuthServer;
import dev.latchkey.oidc.OidcVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * What a provider command talks to: an {@link OAuth2Client} for the chosen provider and, when no
 * server was named, the bundled mock server running in this process.
 */
final class Connection implements AutoCloseable {
  final ProviderKind kind;
  final OAuth2Client client;
  /** The server root that relative {@code call} URLs resolve against. */
  final HttpUrl apiBase;
  /** The embedded mock server, or null when talking to a real server. */
  final MockAuthServer mock;
  /** True when authorization requests are pushed though the server does not require it. */
  final boolean par;
  /** True when the issuer's metadata says every callback carries iss (RFC 9207 §3). */

  private Connection(ProviderKind kind, OAuth2Client client, HttpUrl apiBase,
      MockAuthServer mock, boolean par) {
    this.par = par;
    this.kind = kind;
    this.client = client;
    this.apiBase = apiBase;
    this.mock = mock;
  }

  /**
   * Opens a connection from the command's options; starts the mock server if none was named.
   * With a {@code verbose} writer, prints which endpoints are used and where each came from.
   */
  static Connection open(ProviderOptions options, SecurityOptions security, String redirectUri,
      PrintWriter verbose) throws IOException {
    security.check();
    ProviderKind kind = options.kind();
    MockAuthServer mock = null;
    String baseUrl = options.baseUrl;
    String clientId = firstNonNull(options.clientId, System.getenv("LATCHKEY_CLIENT_ID"));
    String clientSecret = firstNonNull(options.clientSecret,
        System.getenv("LATCHKEY_CLIENT_SECRET"));
    if (options.embedded()) {
      mock = MockAuthServer.builder().consent(ConsentMode.AUTO_APPROVE).build();
      mock.start();
      baseUrl = mock.baseUrl(kind.mockPrefix).toString();
      DemoClient demo = mock.demoClient(kind.mockPrefix);
      if (clientId == null) {
        clientId = demo.clientId();
        clientSecret = demo.clientSecret();
      }
    }
    try {
      if (clientId == null) {
        throw new IllegalArgumentException("no client id: pass --client-id or set"
            + " LATCHKEY_CLIENT_ID");
      }
      OkHttpClient http = security.http(new OkHttpClient());
      Endpoints endpoints = Endpoints.resolve(kind, options, baseUrl, mock != null, http);
      if (verbose != null) {
        endpoints.describe(verbose);
      }
      Provider provider = endpoints.provider;
      TokenStore store = options.store != null ? TokenStore.file(options.store)
          : mock != null ? TokenStore.inMemory() : TokenStore.file(ProviderOptions.defaultStore());
      provider = security.provider(provider);
      LearnedClientAuthentication learned = clientSecret == null || security.explicit() ? null
          : LearnedClientAuthentication.of(store, provider, clientId);
      if (learned != null) {
        if (verbose != null && learned.remembered() != null) {
          verbose.println("latchkey-cli: client authentication: "
              + learned.remembered().name().toLowerCase(Locale.ROOT)
              + " (it worked before; remembered in the token store)");
          verbose.flush();
        }
      }
      OAuth2Client.Builder client = OAuth2Client.builder()
          .provider(provider)
          .clientId(clientId)
          .clientSecret(clientSecret)
          .scopes(options.scopes())
          .httpClient(http)
          .tokenStore(store);
      if (redirectUri != null) {
        client.redirectUri(redirectUri);
      }
      if (learned != null) {
        learned.apply(client);
      }
      security.client(client);
      if (provider.jwksUri() != null && provider.issuer() != null) {
        // OpenID Connect: every ID token the provider sends is validated before it is stored.
        client.idTokenVerifier(OidcVerifier.create());
      }
      HttpUrl apiBase = baseUrl != null ? HttpUrl.get(baseUrl)
          : options.issuer != null ? HttpUrl.get(withSlash(options.issuer))
          : provider.tokenEndpoint().resolve("/");
      return new Connection(kind, client.build(), apiBase, mock, security.par);
    } catch (IOException | RuntimeException | Error e) {
      if (mock != null) {
        mock.close();
      }
      throw e;
    }
  }

  /**
   * The key of the CLI user's token: one user per provider, token endpoint and client, so a
   * token (a refresh token above all) only ever goes back to the server that issued it.
   */
  String userKey() {
    return kind.cliName + " " + client.provider().tokenEndpoint() + " " + client.clientId()
        + " user";
  }

  /** True when a login stored a token for the CLI user. */
  boolean userLoggedIn() throws IOException {
    return client.session(userKey()).hasToken();
  }

  /**
   * Returns the session to use for API calls: the user's, if a login stored a token, else the
   * application's own (client_credentials) where the provider has that flow.
   */
  TokenSession session() throws IOException {
    if (kind.userFlow && (!kind.appFlow || userLoggedIn())) {
      return client.session(userKey());
    }
    return client.clientCredentialsSession();
  }

  /**
   * Returns {@link #session()}, first signing in headlessly when the embedded mock server is
   * used with a provider whose only flow needs a user: there is nobody to click Approve, and the
   * mock server approves by itself.
   */
  TokenSession readySession() throws IOException {
    TokenSession session = session();
    if (mock != null && kind.userFlow && !kind.appFlow && !userLoggedIn()) {
      session.save(HeadlessLogin.login(client, par));
    }
    return session;
  }

  /**
   * Returns the logged-in user's session, for a provider with a sign-in flow: never the
   * application's own, whose identity is not the user's. The embedded mock server signs in
   * headlessly, as {@link #readySession()} does.
   *
   * @throws NotLoggedInException if no user is logged in
   */
  TokenSession userSession() throws IOException {
    if (!userLoggedIn()) {
      if (mock == null) {
        throw new NotLoggedInException("No user is logged in to " + kind.cliName + " at "
            + Endpoints.shown(client.provider().tokenEndpoint()) + " as client "
            + TerminalText.line(client.clientId()));
      }
      client.session(userKey()).save(HeadlessLogin.login(client, par));
    }
    return client.session(userKey());
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }

  private static String withSlash(String url) {
    return url.endsWith("/") ? url : url + "/";
  }

  @Override
  public void close() {
    client.close();
    if (mock != null) {
      mock.close();
    }
  }
}
