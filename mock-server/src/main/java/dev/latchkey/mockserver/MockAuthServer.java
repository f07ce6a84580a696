package dev.latchkey.mockserver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

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
public final class MockAuthServer implements AutoCloseable {
  private final int port;
  private final ServerState state;
  private final MockWebServer web = new MockWebServer();
  private final Router router;
  private final TlsListener tls;
  private boolean started;

  private MockAuthServer(Builder builder) {
    this.port = builder.port;
    this.state = new ServerState(builder.clock, builder.settings, builder.providers);
    this.router = new Router(state, state, state);
    this.tls = builder.tls;
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
    Router r = router;
    MockWebServer w = web;
    w.setDispatcher(new Dispatcher() {
      @Override public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        // MockWebServer keeps every request for takeRequest(); the journal replaces that, so
        // drain it to keep a long-running server's memory flat.
        w.takeRequest(0, TimeUnit.NANOSECONDS);
        return r.dispatch(request);
      }
    });
    w.setServerSocketFactory(new NoDelayServerSocketFactory());
    w.setBodyLimit(Wire.MAX_BODY);
    w.start(InetAddress.getByName("127.0.0.1"), port);
    state.started(URI.create("http://127.0.0.1:" + w.getPort() + "/"));
    if (tls != null) {
      int tlsPort = tls.start(new Dispatcher() {
        @Override public MockResponse dispatch(RecordedRequest request) {
          return r.dispatch(request);
        }
      });
      state.startedTls(URI.create("https://127.0.0.1:" + tlsPort + "/"), tls.clientCas);
    }
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

  /**
   * Returns the base URL of a hosted provider named by its prefix.
   *
   * @param provider a path prefix such as {@code "ora"}
   * @return for example {@code http://127.0.0.1:8080/ora/}
   */
  public URI baseUrl(String provider) {
    return baseUrl(provider(provider));
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
   * Returns the confidential demo client of a hosted provider named by its prefix.
   *
   * @param provider a path prefix such as {@code "ora"}
   * @return the demo client
   */
  public DemoClient demoClient(String provider) {
    return demoClient(provider(provider));
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
   * Registers (or replaces) a client of a hosted provider named by its prefix; see
   * {@link #registerClient(MockProvider, String, String, List, Collection)}.
   *
   * @param provider a path prefix such as {@code "orgo"}
   * @param clientId the client id
   * @param clientSecret the secret, or null for a public client
   * @param redirectUris the absolute redirect URIs the client may use
   * @param scopes the scopes the client may request, or null for any the provider knows
   * @return the registered client
   */
  public DemoClient registerClient(String provider, String clientId, String clientSecret,
      List<String> redirectUris, Collection<String> scopes) {
    return registerClient(provider(provider), clientId, clientSecret, redirectUris, scopes);
  }

  /**
   * Returns the switches of one client: its {@code private_key_jwt} keys, DPoP binding and PAR
   * requirement.
   *
   * @param provider a provider the server hosts
   * @param clientId a registered or demo client of it
   * @return its settings handle
   * @throws IllegalArgumentException if there is no such client
   */
  public ClientSettings client(MockProvider provider, String clientId) {
    Objects.requireNonNull(clientId, "clientId == null");
    MockProvider p = state.hosted(provider);
    if (state.client(p, clientId) == null) {
      throw new IllegalArgumentException("no client \"" + clientId + "\" of " + p.id
          + "; register it first");
    }
    return new ClientSettings(state, p, clientId);
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

  /**
   * Rotates an OpenID Connect provider's ID token signing key: new ID tokens are signed with a
   * new key (a new {@code kid}); its JWKS publishes the new key and the one it replaced, which
   * the next rotation drops.
   *
   * @param provider a hosted provider built with {@link MockProvider.Builder#openIdConnect}
   * @return the new key's {@code kid}
   * @throws IllegalArgumentException if the provider is not an OpenID Connect provider
   */
  public String rotateSigningKey(MockProvider provider) {
    return state.rotateSigningKeys(provider);
  }

  /**
   * Approves a pending device authorization (RFC 8628) as its user would on the verification
   * page; the device's next poll gets the tokens.
   *
   * @param userCode the user code the device shows, in any case, with or without the dash
   * @return false if no pending, unexpired authorization has that code
   */
  public boolean approveDevice(String userCode) {
    return state.answerDevice(userCode, true);
  }

  /**
   * Denies a pending device authorization as its user would; the device's next poll gets
   * {@code access_denied}.
   *
   * @param userCode the user code the device shows
   * @return false if no pending, unexpired authorization has that code
   */
  public boolean denyDevice(String userCode) {
    return state.answerDevice(userCode, false);
  }

  /** The state, for tests in this package. */
  ServerState state() {
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

  /** {@return what the authorization endpoint does with a valid request} */
  public ConsentMode consent() {
    return settings().consent();
  }

  /**
   * Switches what the authorization endpoint does with a valid request; see
   * {@link MockSettings#consent(ConsentMode)}.
   *
   * @param mode show a page, approve at once, or deny at once
   */
  public void consent(ConsentMode mode) {
    settings().consent(mode);
  }

  /**
   * Sets the access token lifetime of every provider without one of its own; see
   * {@link MockSettings#accessTokenLifetime(Duration)}.
   *
   * @param lifetime a positive whole number of seconds
   */
  public void tokenLifetime(Duration lifetime) {
    settings().accessTokenLifetime(lifetime);
  }

  /**
   * Sets the access token lifetime of one provider; see {@link ProviderSettings}.
   *
   * @param provider a path prefix such as {@code "onna"}
   * @param lifetime a positive whole number of seconds
   */
  public void tokenLifetime(String provider, Duration lifetime) {
    settings(provider(provider)).accessTokenLifetime(lifetime);
  }

  /**
   * Returns the lifetime of access tokens {@code provider} issues now.
   *
   * @param provider a path prefix such as {@code "onna"}
   * @return the lifetime, which the token response carries as {@code expires_in}
   */
  public Duration tokenLifetime(String provider) {
    return settings(provider(provider)).accessTokenLifetime();
  }

  /**
   * Sets the refresh token lifetime of every provider without one of its own.
   *
   * @param lifetime a positive whole number of seconds
   */
  public void refreshTokenLifetime(Duration lifetime) {
    settings().refreshTokenLifetime(lifetime);
  }

  /**
   * Sets the refresh token lifetime of one provider.
   *
   * @param provider a path prefix such as {@code "orangelogic"}
   * @param lifetime a positive whole number of seconds
   */
  public void refreshTokenLifetime(String provider, Duration lifetime) {
    settings(provider(provider)).refreshTokenLifetime(lifetime);
  }

  /**
   * Turns refresh token rotation on or off for every provider without a setting of its own.
   *
   * @param rotate true to rotate
   */
  public void rotateRefreshTokens(boolean rotate) {
    settings().rotateRefreshTokens(rotate);
  }

  /**
   * Turns refresh token rotation on or off for one provider.
   *
   * @param provider a path prefix such as {@code "ora"}
   * @param rotate true to rotate
   */
  public void rotateRefreshTokens(String provider, boolean rotate) {
    settings(provider(provider)).rotateRefreshTokens(rotate);
  }

  /**
   * Makes the next {@code times} token requests (to the fault's provider, or any) fail with
   * {@code fault}. Faults queued earlier are used first.
   *
   * @param fault what to answer
   * @param times how many token requests to answer that way, 1 or more
   */
  public void enqueueFault(Fault fault, int times) {
    state.enqueueFault(fault, times);
  }

  /**
   * Makes the next token request fail with {@code fault}.
   *
   * @param fault what to answer
   */
  public void enqueueFault(Fault fault) {
    enqueueFault(fault, 1);
  }

  /** Forgets every queued fault not yet used. */
  public void clearFaults() {
    state.clearFaults();
  }

  /**
   * Expires every access and refresh token now: APIs answer 401 and refreshes
   * {@code invalid_grant}.
   *
   * @return how many tokens expired
   */
  public int expireAllTokens() {
    return state.expireTokens(true);
  }

  /**
   * Expires every access token now, keeping refresh tokens valid, so clients must refresh.
   *
   * @return how many tokens expired
   */
  public int expireAccessTokens() {
    return state.expireTokens(false);
  }

  /**
   * Revokes an access or refresh token now. Revoking a refresh token revokes every token of
   * the same grant (RFC 7009 §2.1).
   *
   * @param token the token value
   * @return true if the server had issued that token
   */
  public boolean revoke(String token) {
    return state.revoke(Objects.requireNonNull(token, "token == null"));
  }

  /**
   * Returns the requests received so far, oldest first. The journal keeps the newest 10,000;
   * admin API requests are not journaled.
   *
   * @return a snapshot of the journal
   */
  public List<JournalEntry> journal() {
    return state.journal();
  }

  /**
   * Returns the requests received so far under one provider's prefix, oldest first.
   *
   * @param provider a provider the server hosts
   * @return the provider's requests
   */
  public List<JournalEntry> journal(MockProvider provider) {
    String id = state.hosted(provider).id;
    List<JournalEntry> result = new ArrayList<>();
    for (JournalEntry e : state.journal()) {
      if (id.equals(e.provider())) result.add(e);
    }
    return result;
  }

  /**
   * Returns the requests received so far under a hosted provider's prefix, oldest first.
   *
   * @param provider a path prefix such as {@code "ora"}
   * @return the provider's requests
   */
  public List<JournalEntry> journal(String provider) {
    return journal(provider(provider));
  }

  /** Forgets the journal. */
  public void clearJournal() {
    state.clearJournal();
  }

  /**
   * Returns how many requests reached {@code provider}'s token endpoint with a grant type,
   * whatever the answer (faults included).
   *
   * @param provider a provider the server hosts
   * @param grantType such as {@code "refresh_token"}; {@code "none"} counts requests that
   *     carried no readable grant_type
   * @return the count
   */
  public int tokenRequests(MockProvider provider, String grantType) {
    return state.tokenRequests(provider, grantType);
  }

  /**
   * Returns how many requests reached {@code provider}'s token endpoint, any grant type.
   *
   * @param provider a provider the server hosts
   * @return the count
   */
  public int tokenRequests(MockProvider provider) {
    return state.tokenRequests(provider);
  }

  /**
   * Returns how many requests reached a hosted provider's token endpoint with a grant type.
   *
   * @param provider a path prefix such as {@code "ora"}
   * @param grantType such as {@code "refresh_token"}, or {@code "none"}
   * @return the count
   */
  public int tokenRequests(String provider, String grantType) {
    return tokenRequests(provider(provider), grantType);
  }

  /**
   * Returns how many requests reached a hosted provider's token endpoint, any grant type.
   *
   * @param provider a path prefix such as {@code "ora"}
   * @return the count
   */
  public int tokenRequests(String provider) {
    return tokenRequests(provider(provider));
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
    web.close();
    if (tls != null) tls.close();
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
  public static final class Builder {
    int port;
    TlsListener tls;
    Clock clock = Clock.systemUTC();
    final List<MockProvider> providers = new ArrayList<>(MockProvider.builtIns());
    final Settings settings = new Settings();
    private final MockSettings handle = new MockSettings(settings, this::hosted);

    Builder() {
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
     * Sets what the authorization endpoint does with a valid request.
     *
     * @param mode the consent mode; {@link ConsentMode#AUTO_APPROVE} by default
     * @return this builder
     */
    public Builder consent(ConsentMode mode) {
      handle.consent(mode);
      return this;
    }

    /**
     * Sets the access token lifetime of every provider without a lifetime of its own.
     *
     * @param lifetime a positive whole number of seconds
     * @return this builder
     */
    public Builder tokenLifetime(Duration lifetime) {
      handle.accessTokenLifetime(lifetime);
      return this;
    }

    /**
     * Sets the access token lifetime of one built-in provider.
     *
     * @param provider a path prefix such as {@code "onna"}
     * @param lifetime a positive whole number of seconds
     * @return this builder
     */
    public Builder tokenLifetime(String provider, Duration lifetime) {
      handle.provider(MockProvider.find(providers, provider)).accessTokenLifetime(lifetime);
      return this;
    }

    /**
     * Sets the refresh token lifetime of every provider without one of its own.
     *
     * @param lifetime a positive whole number of seconds; 30 days by default
     * @return this builder
     */
    public Builder refreshTokenLifetime(Duration lifetime) {
      handle.refreshTokenLifetime(lifetime);
      return this;
    }

    /**
     * Sets the refresh token lifetime of one provider.
     *
     * @param provider a path prefix such as {@code "orangelogic"}
     * @param lifetime a positive whole number of seconds
     * @return this builder
     */
    public Builder refreshTokenLifetime(String provider, Duration lifetime) {
      handle.provider(MockProvider.find(providers, provider)).refreshTokenLifetime(lifetime);
      return this;
    }

    /**
     * Turns refresh token rotation on or off for every provider without a setting of its own.
     *
     * @param rotate true to rotate; by default on for all but Orange Logic
     * @return this builder
     */
    public Builder rotateRefreshTokens(boolean rotate) {
      handle.rotateRefreshTokens(rotate);
      return this;
    }

    /**
     * Turns refresh token rotation on or off for one provider.
     *
     * @param provider a path prefix such as {@code "ora"}
     * @param rotate true to rotate
     * @return this builder
     */
    public Builder rotateRefreshTokens(String provider, boolean rotate) {
      handle.provider(MockProvider.find(providers, provider)).rotateRefreshTokens(rotate);
      return this;
    }

    /**
     * Sets how long an authorization code stays valid.
     *
     * @param lifetime a positive whole number of seconds; 60 seconds by default
     * @return this builder
     */
    public Builder codeLifetime(Duration lifetime) {
      handle.codeLifetime(lifetime);
      return this;
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
