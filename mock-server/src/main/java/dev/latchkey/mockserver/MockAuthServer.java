package dev.latchkey.mockserver;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A mock OAuth 2.0 authorization and resource server that hosts every provider at once, each
 * under its own path prefix and each strict about its own dialect.
 *
 * <pre>{@code
 * try (MockAuthServer server = MockAuthServer.builder().build()) {
 *   server.start();
 *   URI ora = server.baseUrl(MockProvider.ORA);               // http://127.0.0.1:PORT/ora/
 *   DemoClient client = server.demoClient(MockProvider.ORA);  // ora-demo-client / ora-demo-secret
 *   // ... run a flow against ora.resolve("oauth/authorize") and ora.resolve("oauth/token")
 * }
 * }</pre>
 *
 * <h2>Providers</h2>
 * The {@linkplain MockProvider#builtIns() built-ins} {@code ora}, {@code orangelogic},
 * {@code orgapi}, {@code orgo}, {@code onna} and {@code standard}, and any
 * {@link MockProvider} of your own ({@link Builder#provider}, {@link #register}); see
 * {@code docs/mock-server.md} for every endpoint and dialect.
 *
 * <h2>Control it from a test</h2>
 * Change consent, lifetimes and rotation through {@link #settings()}, {@linkplain
 * #enqueueFault(Fault, int) inject faults}, {@linkplain #expireAllTokens() expire} or
 * {@linkplain #revoke(String) revoke} tokens, and read the {@linkplain #journal() journal} and
 * {@linkplain #tokenRequests(MockProvider, String) counters}. Out of process, the same controls
 * are at {@code /__admin/}.
 *
 * <h2>Threads</h2>
 * Every method is safe to call from any thread while the server serves requests.
 */
public final class MockAuthServer extends ExtensionControls implements AutoCloseable {
  private final int port;
  private final ServerState state;
  private final Router router;
  private final Listeners listeners;
  private boolean started;

  private MockAuthServer(Builder builder) {
    this.port = builder.port;
    this.state = new ServerState(builder.clock, builder.settings, builder.providers);
    this.router = new Router(state, state, state);
    this.listeners = new Listeners(builder.tls);
  }

  /** {@return a builder with defaults for embedding: a free port, auto-approve, system clock} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the server on 127.0.0.1.
   *
   * @throws IOException if the port can't be bound
   * @throws IllegalStateException if the server was already started
   */
  public synchronized void start() throws IOException {
    if (started) throw new IllegalStateException("already started on " + state.url());
    listeners.start(port, router, state);
    started = true;
  }

  /**
   * Returns the root URL of the mutual TLS listener, such as {@code https://127.0.0.1:8443/}:
   * the same providers and endpoints, over TLS with client certificates (RFC 8705).
   *
   * @return the URL, or null when the server was built without {@link Builder#mutualTls}
   */
  public URI mtlsUrl() {
    return state.mtlsUrl();
  }

  /** {@return the server's root URL, such as {@code http://127.0.0.1:8080/}} */
  public URI url() {
    return state.url();
  }

  /** {@return the port the server listens on} */
  public int port() {
    return url().getPort();
  }

  /**
   * Returns the base URL of one provider, with a trailing slash.
   *
   * @param provider a provider the server hosts
   * @return for example {@code http://127.0.0.1:8080/ora/}
   */
  public URI baseUrl(MockProvider provider) {
    return url().resolve(state.hosted(provider).id + "/");
  }

  /** {@return the path prefixes of the built-in providers} */
  public static List<String> providers() {
    List<String> ids = new ArrayList<>();
    for (MockProvider p : MockProvider.builtIns()) ids.add(p.id);
    return ids;
  }

  /** {@return the providers this server hosts: the built-ins, then your own} */
  public List<MockProvider> hostedProviders() {
    return state.providers();
  }

  /**
   * Returns the hosted provider with prefix {@code id}, for code that reads names from outside.
   *
   * @param id a path prefix such as {@code "ora"}
   * @return the provider
   * @throws IllegalArgumentException if the server hosts no provider with that prefix
   */
  public MockProvider provider(String id) {
    return state.provider(id);
  }

  /**
   * Hosts a provider of your own from now on, with its demo client, until {@link #reset()}.
   *
   * @param provider a provider whose prefix no hosted provider has
   * @throws IllegalArgumentException if the prefix is taken
   */
  public void register(MockProvider provider) {
    state.register(provider);
  }

  /**
   * Returns the confidential demo client of {@code provider}; see {@link DemoClients}.
   *
   * @param provider a provider the server hosts
   * @return the demo client
   */
  public DemoClient demoClient(MockProvider provider) {
    return state.demoClient(provider);
  }

  /**
   * Registers (or replaces) a client of {@code provider}. Its redirect URIs are matched
   * exactly, except that a loopback redirect URI's port may vary (RFC 8252 §7.3).
   *
   * @param provider a provider the server hosts
   * @param clientId the client id
   * @param clientSecret the secret, or null for a public client (which must use PKCE; only
   *     providers with {@link MockProvider.Builder#publicClients public clients})
   * @param redirectUris the absolute redirect URIs the client may use
   * @param scopes the scopes the client may request, or null for any the provider knows
   * @return the registered client
   */
  public DemoClient registerClient(MockProvider provider, String clientId, String clientSecret,
      List<String> redirectUris, Collection<String> scopes) {
    return state.registerClient(provider, clientId, clientSecret, redirectUris, scopes);
  }

  /**
   * Makes {@code provider} answer {@code method path} with {@code stub} to a request that
   * presents a live access token it issued, and with its kind of 401 otherwise (a bare 401 for
   * Onna, an RFC 6750 challenge elsewhere). Stubbed requests are journaled, and
   * {@linkplain Fault#onApis() API faults} apply to them. A stub replaces an earlier one, or a
   * built-in API, at the same method and path; {@link #reset()} forgets them all.
   *
   * @param provider a provider the server hosts
   * @param method such as {@code "GET"}
   * @param path the path under the provider's prefix, such as {@code "/v1/files"}; not one of
   *     its OAuth endpoints
   * @param stub what to answer
   */
  public void stubApi(MockProvider provider, String method, String path, ApiStub stub) {
    state.stubApi(provider, method, path, stub);
  }

  /** Forgets every API stub; the built-in APIs answer again. */
  public void clearApiStubs() {
    state.clearStubs();
  }

  /** The state, for tests in this package. */
  @Override ServerState state() {
    return state;
  }

  /** {@return the live settings: consent, lifetimes, rotation; changes apply from now on} */
  public MockSettings settings() {
    return state.settingsHandle();
  }

  /**
   * Returns the live settings of one provider; short for {@code settings().provider(provider)}.
   *
   * @param provider a provider the server hosts
   * @return its settings handle
   */
  public ProviderSettings settings(MockProvider provider) {
    return settings().provider(provider);
  }

  /** {@return the clock that decides token and code expiry} */
  public Clock clock() {
    return state.clock();
  }

  /**
   * Returns the server to its state after {@link Builder#build()}: forgets tokens, codes,
   * faults, journal, counters, added clients and providers registered since, and restores the
   * settings as built.
   */
  public void reset() {
    state.reset();
  }

  /** Stops the server. Safe to call more than once. */
  @Override public void close() {
    listeners.close();
  }

  @Override public String toString() {
    return "MockAuthServer{" + (state.isStarted() ? state.url() : "not started") + "}";
  }

  /**
   * Configures a {@link MockAuthServer}.
   *
   * <p>Defaults: a free port, {@link ConsentMode#AUTO_APPROVE}, the system clock in UTC, the six
   * built-in providers with their own lifetimes (1 hour; Orange Logic 24 hours; Onna 3599
   * seconds), 30-day refresh tokens, rotation on except for Orange Logic, 60-second codes.
   */
  public static final class Builder extends BuilderShortcuts {
    int port;
    TlsListener tls;
    Clock clock = Clock.systemUTC();
    final List<MockProvider> providers = new ArrayList<>(MockProvider.builtIns());
    final Settings settings = new Settings();
    private final MockSettings handle = new MockSettings(settings, this::hosted);

    Builder() {
    }

    @Override MockProvider hosted(String id) {
      return MockProvider.find(providers, id);
    }

    private MockProvider hosted(MockProvider p) {
      Objects.requireNonNull(p, "provider == null");
      for (MockProvider hosted : providers) {
        if (hosted.id.equals(p.id)) return hosted;
      }
      throw new IllegalArgumentException("the builder has no provider " + p.id
          + "; add it with provider(...) first");
    }

    /**
     * Sets the port to listen on.
     *
     * @param port 1 to 65535, or 0 (the default) for a free port
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535: "
          + port);
      this.port = port;
      return this;
    }

    /**
     * Sets the clock that decides expiry, such as a {@link ManualClock}.
     *
     * @param clock the clock; the system clock in UTC by default
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Hosts a provider of your own beside the built-ins, under its own prefix.
     *
     * @param provider a provider whose prefix no other has
     * @return this builder
     * @throws IllegalArgumentException if the prefix is taken
     */
    public Builder provider(MockProvider provider) {
      Objects.requireNonNull(provider, "provider == null");
      for (MockProvider p : providers) {
        if (p.id.equals(provider.id)) {
          throw new IllegalArgumentException("a provider with prefix " + p.id + " is already "
              + "hosted");
        }
      }
      providers.add(provider);
      return this;
    }

    /**
     * Returns the settings the server starts with, and returns to on {@link #reset()}: the
     * same handle as {@link MockAuthServer#settings()}.
     *
     * @return the handle
     */
    public MockSettings settings() {
      return handle;
    }

    /**
     * Adds an HTTPS listener on a free port of 127.0.0.1 that asks clients for certificates
     * (mutual TLS, RFC 8705), for {@code tls_client_auth}, {@code self_signed_tls_client_auth}
     * and certificate-bound tokens. Its URL is {@link MockAuthServer#mtlsUrl()}, and metadata
     * lists it in {@code mtls_endpoint_aliases}.
     *
     * @param keyStore the server's certificate (for 127.0.0.1) and private key
     * @param password the key's password
     * @param trustedClientCas the CAs whose certificates {@code tls_client_auth} accepts
     * @return this builder
     */
    public Builder mutualTls(java.security.KeyStore keyStore, char[] password,
        java.security.cert.X509Certificate... trustedClientCas) {
      Objects.requireNonNull(keyStore, "keyStore == null");
      Objects.requireNonNull(password, "password == null");
      Objects.requireNonNull(trustedClientCas, "trustedClientCas == null");
      this.tls = new TlsListener(keyStore, password, List.of(trustedClientCas));
      return this;
    }

    /** {@return a new server, not yet started} */
    public MockAuthServer build() {
      return new MockAuthServer(this);
    }
  }
}
