package dev.latchkey.samples.cli;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.TokenSession;
import dev.latchkey.TokenStore;
import dev.latchkey.mockserver.ConsentMode;
import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.MockAuthServer;
import java.io.IOException;
import okhttp3.HttpUrl;

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

  private Connection(ProviderKind kind, OAuth2Client client, HttpUrl apiBase,
      MockAuthServer mock) {
    this.kind = kind;
    this.client = client;
    this.apiBase = apiBase;
    this.mock = mock;
  }

  /** Opens a connection from the command's options; starts the mock server if none was named. */
  static Connection open(ProviderOptions options, String redirectUri) throws IOException {
    MockAuthServer mock = null;
    String baseUrl = options.baseUrl;
    String clientId = firstNonNull(options.clientId, System.getenv("LATCHKEY_CLIENT_ID"));
    String clientSecret = firstNonNull(options.clientSecret,
        System.getenv("LATCHKEY_CLIENT_SECRET"));
    if (options.embedded()) {
      mock = MockAuthServer.builder().consent(ConsentMode.AUTO_APPROVE).build();
      mock.start();
      baseUrl = mock.baseUrl(options.provider.mockPrefix).toString();
      DemoClient demo = mock.demoClient(options.provider.mockPrefix);
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
      Provider provider = provider(options, baseUrl);
      TokenStore store = options.store != null ? TokenStore.file(options.store)
          : mock != null ? TokenStore.inMemory() : TokenStore.file(ProviderOptions.defaultStore());
      OAuth2Client.Builder client = OAuth2Client.builder()
          .provider(provider)
          .clientId(clientId)
          .clientSecret(clientSecret)
          .scopes(options.scopes())
          .tokenStore(store);
      if (redirectUri != null) {
        client.redirectUri(redirectUri);
      }
      HttpUrl apiBase = baseUrl != null ? HttpUrl.get(baseUrl)
          : provider.tokenEndpoint().resolve("/");
      return new Connection(options.provider, client.build(), apiBase, mock);
    } catch (RuntimeException | Error e) {
      if (mock != null) {
        mock.close();
      }
      throw e;
    }
  }

  private static Provider provider(ProviderOptions options, String baseUrl) {
    if (baseUrl == null && options.tokenUrl == null) {
      throw new IllegalArgumentException("--token-url is required when --base-url is not given");
    }
    // A placeholder base supplies the dialect; every endpoint it derives is replaced below.
    Provider.Builder provider = options.provider
        .provider(baseUrl != null ? baseUrl : options.tokenUrl)
        .newBuilder();
    if (baseUrl == null) {
      provider.authorizationEndpoint((String) null).userinfoEndpoint((String) null)
          .revocationEndpoint((String) null);
    }
    if (options.authorizeUrl != null) {
      provider.authorizationEndpoint(options.authorizeUrl);
    }
    if (options.tokenUrl != null) {
      provider.tokenEndpoint(options.tokenUrl);
    }
    if (options.userinfoUrl != null) {
      provider.userinfoEndpoint(options.userinfoUrl);
    }
    if (options.revokeUrl != null) {
      provider.revocationEndpoint(options.revokeUrl);
    }
    return provider.build();
  }

  /** The key of the CLI user's token: one user per provider and client. */
  String userKey() {
    return kind.cliName + ":" + client.clientId() + ":user";
  }

  /**
   * Returns the session to use for API calls: the user's, if a login stored a token, else the
   * application's own (client_credentials) where the provider has that flow.
   */
  TokenSession session() throws IOException {
    if (kind.userFlow && (!kind.appFlow || client.session(userKey()).hasToken())) {
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
    if (mock != null && kind.userFlow && !kind.appFlow && !session.hasToken()) {
      session.save(HeadlessLogin.login(client));
    }
    return session;
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }

  @Override
  public void close() {
    client.close();
    if (mock != null) {
      mock.close();
    }
  }
}
