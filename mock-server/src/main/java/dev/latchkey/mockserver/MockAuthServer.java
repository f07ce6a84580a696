package dev.latchkey.mockserver;

import java.io.IOException;
import java.net.InetAddress;
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
import okhttp3.HttpUrl;

/**
 * A mock OAuth 2.0 authorization and resource server that hosts every provider at once, each
 * under its own path prefix and each strict about its own dialect.
 *
 * <pre>{@code
 * try (MockAuthServer server = MockAuthServer.builder().build()) {
 *   server.start();
 *   HttpUrl ora = server.baseUrl("ora");             // http://127.0.0.1:PORT/ora/
 *   DemoClient client = server.demoClient("ora");    // ora-demo-client / ora-demo-secret
 *   // ... run a flow against ora.resolve("oauth/authorize") and ora.resolve("oauth/token")
 * }
 * }</pre>
 *
 * <h2>Providers</h2>
 * {@code ora}, {@code orangelogic}, {@code orgapi}, {@code orgo}, {@code onna} and
 * {@code standard}; see {@code docs/mock-server.md} for every endpoint and dialect.
 *
 * <h2>Control it from a test</h2>
 * Switch {@linkplain #consent(ConsentMode) consent}, change {@linkplain #tokenLifetime(String,
 * Duration) lifetimes}, {@linkplain #enqueueFault(Fault, int) inject faults},
 * {@linkplain #expireAllTokens() expire} or {@linkplain #revoke(String) revoke} tokens, and read
 * the {@linkplain #journal() journal} and {@linkplain #tokenRequests(String, String) counters}.
 * Out of process, the same controls are at {@code /__admin/}.
 *
 * <h2>Threads</h2>
 * Every method is safe to call from any thread while the server serves requests.
 */
public final class MockAuthServer implements AutoCloseable {
  private final int port;
  private final ServerState state;
  private final MockWebServer web = new MockWebServer();
  private final Router router;
  private volatile boolean started;

  private MockAuthServer(Builder builder) {
    this.port = builder.port;
    this.state = new ServerState(builder.clock, builder.settings);
    this.router = new Router(state, this);
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
    if (started) throw new IllegalStateException("already started on " + state.url);
    web.setDispatcher(new Dispatcher() {
      @Override public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        // MockWebServer keeps every request for takeRequest(); the journal replaces that, so
        // drain it to keep a long-running server's memory flat.
        web.takeRequest(0, TimeUnit.NANOSECONDS);
        return router.dispatch(request);
      }
    });
    web.setServerSocketFactory(new NoDelayServerSocketFactory());
    web.start(InetAddress.getByName("127.0.0.1"), port);
    state.url = new HttpUrl.Builder().scheme("http").host("127.0.0.1").port(web.getPort())
        .build();
    started = true;
  }

  /** {@return the server's root URL, such as {@code http://127.0.0.1:8080/}} */
  public HttpUrl url() {
    HttpUrl url = state.url;
    if (url == null) throw new IllegalStateException("call start() first");
    return url;
  }

  /** {@return the port the server listens on} */
  public int port() {
    return url().port();
  }

  /**
   * Returns the base URL of one provider, with a trailing slash.
   *
   * @param provider a path prefix: {@code ora}, {@code orangelogic}, {@code orgapi},
   *     {@code orgo}, {@code onna} or {@code standard}
   * @return for example {@code http://127.0.0.1:8080/ora/}
   */
  public HttpUrl baseUrl(String provider) {
    Provider p = Provider.require(provider);
    return url().newBuilder().addPathSegment(p.id).addPathSegment("").build();
  }

  /** {@return the path prefixes of the providers this server hosts} */
  public static List<String> providers() {
    List<String> ids = new ArrayList<>();
    for (Provider p : Provider.values()) ids.add(p.id);
    return ids;
  }

  /**
   * Returns the confidential demo client of {@code provider}; see {@link DemoClients}.
   *
   * @param provider a path prefix such as {@code "ora"}
   * @return the demo client
   */
  public DemoClient demoClient(String provider) {
    return DemoClients.forProvider(provider);
  }

  /**
   * Registers (or replaces) a client of {@code provider}. Its redirect URIs are matched
   * exactly, except that a loopback redirect URI's port may vary (RFC 8252 §7.3).
   *
   * @param provider a path prefix such as {@code "orgo"}
   * @param clientId the client id
   * @param clientSecret the secret, or null for a public client (which must use PKCE)
   * @param redirectUris the absolute redirect URIs the client may use
   * @param scopes the scopes the client may request, or null for any the provider knows
   * @return the registered client
   */
  public DemoClient registerClient(String provider, String clientId, String clientSecret,
      List<String> redirectUris, Collection<String> scopes) {
    Provider p = Provider.require(provider);
    Objects.requireNonNull(clientId, "clientId == null");
    Objects.requireNonNull(redirectUris, "redirectUris == null");
    if (clientId.isEmpty()) throw new IllegalArgumentException("clientId is empty");
    if (clientSecret != null && clientSecret.isEmpty()) {
      throw new IllegalArgumentException("clientSecret is empty; pass null for a public client");
    }
    if (clientSecret == null && p != Provider.STANDARD) {
      throw new IllegalArgumentException("only the standard provider has public clients; "
          + "pass a secret for " + p.id);
    }
    for (String uri : redirectUris) {
      Objects.requireNonNull(uri, "redirectUris contains null");
      java.net.URI parsed = java.net.URI.create(uri);
      if (!parsed.isAbsolute() || parsed.getRawFragment() != null) {
        throw new IllegalArgumentException("redirect URI must be absolute and have no fragment "
            + "(RFC 6749 §3.1.2): \"" + uri + "\"; pass a full URI such as "
            + "http://127.0.0.1/callback");
      }
    }
    if (scopes != null && p.scopes != null) {
      for (String s : scopes) {
        if (!p.scopes.contains(s)) {
          throw new IllegalArgumentException("unknown scope \"" + s + "\" for " + p.id
              + "; it knows " + p.scopes);
        }
      }
    }
    Client client = new Client(p, clientId, clientSecret, clientId, redirectUris, false,
        scopes == null ? null : new java.util.LinkedHashSet<>(scopes));
    state.register(client);
    return client.toDemoClient();
  }

  /** {@return what the authorization endpoint does with a valid request} */
  public ConsentMode consent() {
    return state.settings.consent;
  }

  /**
   * Switches what the authorization endpoint does with a valid request.
   *
   * @param mode show a page, approve at once, or deny at once
   */
  public void consent(ConsentMode mode) {
    state.settings.consent = Objects.requireNonNull(mode, "mode == null");
  }

  /**
   * Sets the access token lifetime of every provider without a lifetime of its own. Applies to
   * tokens issued from now on.
   *
   * @param lifetime a positive whole number of seconds
   */
  public void tokenLifetime(Duration lifetime) {
    state.settings.accessLifetime = Settings.checkLifetime(lifetime, "lifetime");
  }

  /**
   * Sets the access token lifetime of one provider. Applies to tokens issued from now on.
   *
   * @param provider a path prefix such as {@code "onna"}
   * @param lifetime a positive whole number of seconds
   */
  public void tokenLifetime(String provider, Duration lifetime) {
    state.settings.accessLifetimes.put(Provider.require(provider),
        Settings.checkLifetime(lifetime, "lifetime"));
  }

  /**
   * Returns the lifetime of access tokens {@code provider} issues now.
   *
   * @param provider a path prefix such as {@code "onna"}
   * @return the lifetime, which the token response carries as {@code expires_in}
   */
  public Duration tokenLifetime(String provider) {
    return state.settings.accessLifetime(Provider.require(provider));
  }

  /**
   * Sets the refresh token lifetime of every provider without one of its own (default 30 days).
   *
   * @param lifetime a positive whole number of seconds
   */
  public void refreshTokenLifetime(Duration lifetime) {
    state.settings.refreshLifetime = Settings.checkLifetime(lifetime, "lifetime");
  }

  /**
   * Sets the refresh token lifetime of one provider.
   *
   * @param provider a path prefix such as {@code "orangelogic"}
   * @param lifetime a positive whole number of seconds
   */
  public void refreshTokenLifetime(String provider, Duration lifetime) {
    state.settings.refreshLifetimes.put(Provider.require(provider),
        Settings.checkLifetime(lifetime, "lifetime"));
  }

  /**
   * Turns refresh token rotation on or off for every provider without a setting of its own.
   * With rotation a refresh returns a new refresh token and the old one stops working.
   *
   * @param rotate true to rotate
   */
  public void rotateRefreshTokens(boolean rotate) {
    state.settings.rotate = rotate;
  }

  /**
   * Turns refresh token rotation on or off for one provider.
   *
   * @param provider a path prefix such as {@code "ora"}
   * @param rotate true to rotate
   */
  public void rotateRefreshTokens(String provider, boolean rotate) {
    state.settings.rotates.put(Provider.require(provider), rotate);
  }

  /**
   * Makes the next {@code times} token requests (to the fault's provider, or any) fail with
   * {@code fault}. Faults queued earlier are used first.
   *
   * @param fault what to answer
   * @param times how many token requests to answer that way, 1 or more
   */
  public void enqueueFault(Fault fault, int times) {
    Objects.requireNonNull(fault, "fault == null");
    if (times < 1) throw new IllegalArgumentException("times < 1: " + times);
    state.faults.add(new ServerState.QueuedFault(fault, times));
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
    state.faults.clear();
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
    return new ArrayList<>(state.journal);
  }

  /**
   * Returns the requests received so far under one provider's prefix, oldest first.
   *
   * @param provider a path prefix such as {@code "ora"}
   * @return the provider's requests
   */
  public List<JournalEntry> journal(String provider) {
    String id = Provider.require(provider).id;
    List<JournalEntry> result = new ArrayList<>();
    for (JournalEntry e : state.journal) {
      if (id.equals(e.provider())) result.add(e);
    }
    return result;
  }

  /** Forgets the journal. */
  public void clearJournal() {
    state.clearJournal();
  }

  /**
   * Returns how many requests reached {@code provider}'s token endpoint with a grant type,
   * whatever the answer (faults included).
   *
   * @param provider a path prefix such as {@code "ora"}
   * @param grantType such as {@code "refresh_token"}; {@code "none"} counts requests that
   *     carried no readable grant_type
   * @return the count
   */
  public int tokenRequests(String provider, String grantType) {
    Objects.requireNonNull(grantType, "grantType == null");
    return state.tokenRequests(Provider.require(provider), grantType);
  }

  /**
   * Returns how many requests reached {@code provider}'s token endpoint, any grant type.
   *
   * @param provider a path prefix such as {@code "ora"}
   * @return the count
   */
  public int tokenRequests(String provider) {
    return state.tokenRequests(Provider.require(provider));
  }

  /** {@return the clock that decides token and code expiry} */
  public Clock clock() {
    return state.clock;
  }

  /**
   * Returns the server to its state after {@link Builder#build()}: forgets tokens, codes, faults,
   * journal, counters and added clients, and restores the configured lifetimes and consent.
   */
  public void reset() {
    state.reset();
  }

  /** Stops the server. Safe to call more than once. */
  @Override public void close() {
    web.close();
  }

  @Override public String toString() {
    return "MockAuthServer{" + (state.url != null ? state.url : "not started") + "}";
  }

  /**
   * Configures a {@link MockAuthServer}.
   *
   * <p>Defaults: a free port, {@link ConsentMode#AUTO_APPROVE}, the system clock in UTC, each
   * provider's own access token lifetime (1 hour; Orange Logic 24 hours; Onna 3599 seconds),
   * 30-day refresh tokens, rotation on except for Orange Logic, 60-second codes.
   */
  public static final class Builder {
    int port;
    Clock clock = Clock.systemUTC();
    final Settings settings = new Settings();

    Builder() {
      settings.consent = ConsentMode.AUTO_APPROVE;
      settings.codeLifetime = Duration.ofSeconds(60);
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
     * Sets what the authorization endpoint does with a valid request.
     *
     * @param mode the consent mode; {@link ConsentMode#AUTO_APPROVE} by default
     * @return this builder
     */
    public Builder consent(ConsentMode mode) {
      settings.consent = Objects.requireNonNull(mode, "mode == null");
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
     * Sets the access token lifetime of every provider without a lifetime of its own.
     *
     * @param lifetime a positive whole number of seconds
     * @return this builder
     */
    public Builder tokenLifetime(Duration lifetime) {
      settings.accessLifetime = Settings.checkLifetime(lifetime, "lifetime");
      return this;
    }

    /**
     * Sets the access token lifetime of one provider.
     *
     * @param provider a path prefix such as {@code "onna"}
     * @param lifetime a positive whole number of seconds
     * @return this builder
     */
    public Builder tokenLifetime(String provider, Duration lifetime) {
      settings.accessLifetimes.put(Provider.require(provider),
          Settings.checkLifetime(lifetime, "lifetime"));
      return this;
    }

    /**
     * Sets the refresh token lifetime of every provider without one of its own.
     *
     * @param lifetime a positive whole number of seconds; 30 days by default
     * @return this builder
     */
    public Builder refreshTokenLifetime(Duration lifetime) {
      settings.refreshLifetime = Settings.checkLifetime(lifetime, "lifetime");
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
      settings.refreshLifetimes.put(Provider.require(provider),
          Settings.checkLifetime(lifetime, "lifetime"));
      return this;
    }

    /**
     * Turns refresh token rotation on or off for every provider without a setting of its own.
     *
     * @param rotate true to rotate; by default on for all but Orange Logic
     * @return this builder
     */
    public Builder rotateRefreshTokens(boolean rotate) {
      settings.rotate = rotate;
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
      settings.rotates.put(Provider.require(provider), rotate);
      return this;
    }

    /**
     * Sets how long an authorization code stays valid.
     *
     * @param lifetime a positive whole number of seconds; 60 seconds by default
     * @return this builder
     */
    public Builder codeLifetime(Duration lifetime) {
      settings.codeLifetime = Settings.checkLifetime(lifetime, "lifetime");
      return this;
    }

    /** {@return a new server, not yet started} */
    public MockAuthServer build() {
      return new MockAuthServer(this);
    }
  }
}
