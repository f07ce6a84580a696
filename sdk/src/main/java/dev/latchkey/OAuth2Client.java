package dev.latchkey;

import static java.util.Objects.requireNonNull;

import dev.latchkey.InvalidCallbackException.Reason;
import dev.latchkey.internal.Callbacks;
import dev.latchkey.internal.RetryPolicy;
import dev.latchkey.internal.Secrets;
import dev.latchkey.internal.Texts;
import dev.latchkey.internal.TokenEndpoint;
import dev.latchkey.internal.Urls;
import java.io.IOException;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.OkHttpClient;

/**
 * An OAuth2 client registered with one {@link Provider}: builds authorization requests, validates
 * callbacks, runs every grant through the provider's {@link Dialect}, and makes
 * {@link TokenSession}s that keep tokens fresh.
 *
 * <pre>{@code
 * OAuth2Client client = OAuth2Client.builder()
 *     .provider(Provider.onna())
 *     .clientId(System.getenv("ONNA_CLIENT_ID"))
 *     .clientSecret(System.getenv("ONNA_CLIENT_SECRET"))
 *     .build();
 * TokenSession app = client.clientCredentialsSession();
 * OkHttpClient api = app.authorize(new OkHttpClient());
 * }</pre>
 *
 * <h2>Share one client</h2>
 * A client is thread-safe and holds the thread that renews tokens in the background: create one
 * per provider registration and share it. {@link #close()} stops that thread.
 *
 * <h2>Customize with newBuilder()</h2>
 * {@link #newBuilder()} returns a builder holding this client's configuration, to derive a client
 * with, say, other scopes.
 */
public final class OAuth2Client implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("dev.latchkey");
  /** How long an authorization request is accepted by default. */
  public static final Duration DEFAULT_AUTHORIZATION_REQUEST_LIFETIME = Duration.ofMinutes(10);
  /** The most a token is renewed ahead of its expiry by default; never more than a tenth of its life. */
  public static final Duration DEFAULT_RENEW_BEFORE = Duration.ofSeconds(60);
  /** How long a caller waits for a renewal another thread is running, by default. */
  public static final Duration DEFAULT_RENEWAL_TIMEOUT = Duration.ofSeconds(30);

  /** How often a failed client_credentials or refresh request is retried by default. */
  public static final int DEFAULT_MAX_RETRIES = 2;

  /** Pending requests kept for {@link #exchange(String)}; expired ones are purged past this. */
  private static final int PENDING_PURGE_THRESHOLD = 256;

  private final Provider provider;
  private final String clientId;
  private final String clientSecret;
  private final String redirectUri;
  private final Set<String> scopes;
  private final OkHttpClient httpClient;
  private final Clock clock;
  private final TokenStore tokenStore;
  private final TokenListener listener;
  private final Executor executor;
  private final ExecutorService ownedExecutor;
  private final Duration renewBefore;
  private final Duration authorizationRequestLifetime;
  private final Duration renewalTimeout;
  private final Set<Integer> expiredStatuses;
  private final TokenEndpoint endpoint;
  /** Requests made by this client, by SHA-256 of state, for callers that keep none themselves. */
  private final Map<String, AuthorizationRequest> pending = new ConcurrentHashMap<>();
  private final Builder builderCopy;
  /** Live sessions by key, so that one key's callers share one session object. */
  private final ConcurrentHashMap<String, SessionRef> sessions = new ConcurrentHashMap<>();
  private final ReferenceQueue<TokenSession> droppedSessions = new ReferenceQueue<>();
  /** True while the token store fails; makes the warning appear once per outage. */
  private final AtomicBoolean storeDown = new AtomicBoolean();

  private OAuth2Client(Builder builder) {
    this.provider = builder.provider;
    this.clientId = builder.clientId;
    this.clientSecret = builder.clientSecret;
    this.redirectUri = builder.redirectUri;
    this.scopes = Collections.unmodifiableSet(new LinkedHashSet<>(builder.scopes));
    this.httpClient = builder.httpClient != null ? builder.httpClient : new OkHttpClient();
    this.clock = builder.clock;
    this.tokenStore = builder.tokenStore != null ? builder.tokenStore : TokenStore.inMemory();
    this.listener = builder.listener;
    if (builder.executor != null) {
      this.executor = builder.executor;
      this.ownedExecutor = null;
    } else {
      this.ownedExecutor = renewalExecutor();
      this.executor = ownedExecutor;
    }
    this.renewBefore = builder.renewBefore;
    this.authorizationRequestLifetime = builder.authorizationRequestLifetime;
    this.renewalTimeout = builder.renewalTimeout;
    this.expiredStatuses = Collections.unmodifiableSet(new TreeSet<>(builder.expiredStatuses));
    this.endpoint = new TokenEndpoint(provider, clientId, clientSecret, httpClient, clock,
        RetryPolicy.of(builder.maxRetries), builder.listener);
    this.builderCopy = new Builder(builder);
  }

  /**
   * Returns a builder for a client.
   *
   * @return a builder; {@link Builder#provider} and {@link Builder#clientId} are required
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this client's configuration.
   *
   * @return a builder that builds an independent client
   */
  public Builder newBuilder() {
    return new Builder(builderCopy);
  }

  /**
   * Returns the provider this client is registered with.
   *
   * @return the provider
   */
  public Provider provider() {
    return provider;
  }

  /**
   * Returns the client id.
   *
   * @return the client id
   */
  public String clientId() {
    return clientId;
  }

  /**
   * Returns the configured redirect URI.
   *
   * @return the redirect URI, or null when none was configured
   */
  public String redirectUri() {
    return redirectUri;
  }

  /**
   * Returns the default scopes requested by authorization requests and client_credentials.
   *
   * @return an unmodifiable set, possibly empty
   */
  public Set<String> scopes() {
    return scopes;
  }

  /**
   * Returns the clock that timestamps tokens and requests.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Returns the store that token sessions keep tokens in.
   *
   * @return the token store
   */
  public TokenStore tokenStore() {
    return tokenStore;
  }

  /**
   * Returns the HTTP client used for token requests; token requests never follow redirects and
   * never run this client's authenticator.
   *
   * @return the HTTP client given to the builder, or a default one
   */
  public OkHttpClient httpClient() {
    return httpClient;
  }

  Duration authorizationRequestLifetime() {
    return authorizationRequestLifetime;
  }

  Duration renewBefore() {
    return renewBefore;
  }

  Duration renewalTimeout() {
    return renewalTimeout;
  }

  Set<Integer> expiredStatuses() {
    return expiredStatuses;
  }

  TokenEndpoint endpoint() {
    return endpoint;
  }

  TokenListener listener() {
    return listener;
  }

  Executor executor() {
    return executor;
  }

  /** Logs one warning when the token store starts failing; sessions go on in memory. */
  void storeFailed(Exception failure) {
    try {
      listener.storeFailed(failure);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "latchkey: TokenListener.storeFailed threw", e);
    }
    if (storeDown.compareAndSet(false, true)) {
      LOG.warning("latchkey: the token store " + tokenStore + " failed ("
          + failure.getClass().getSimpleName() + "); sessions keep their tokens in memory and"
          + " renew on their own until it works again");
    }
  }

  void storeWorks() {
    if (storeDown.compareAndSet(true, false)) {
      LOG.info("latchkey: the token store " + tokenStore + " works again");
    }
  }

  /**
   * Starts an authorization request (RFC 6749 §4.1.1) with {@code state} and PKCE S256. The built
   * request is also remembered by this client until it is used or expires, for
   * {@link #exchange(String)}.
   *
   * @return a builder for the request
   */
  public AuthorizationRequest.Builder newAuthorizationRequest() {
    return new AuthorizationRequest.Builder(this);
  }

  void remember(AuthorizationRequest request) {
    if (pending.size() >= PENDING_PURGE_THRESHOLD) {
      Instant now = clock.instant();
      for (Iterator<AuthorizationRequest> i = pending.values().iterator(); i.hasNext(); ) {
        AuthorizationRequest r = i.next();
        if (r.isConsumed() || !now.isBefore(r.expiresAt())) {
          i.remove();
        }
      }
    }
    pending.put(Secrets.s256(request.state()), request);
  }

  /**
   * Validates a callback against a request this client made and remembers, then exchanges its
   * code. Use this when the app keeps no request itself (a CLI); a web app keeps the request in
   * the user's session and calls {@link #exchange(AuthorizationRequest, String)}.
   *
   * @param callbackUri the full URI the browser was redirected to
   * @return the token
   * @throws InvalidCallbackException if no pending request has this state, or another check fails
   * @throws AuthorizationDeniedException if the callback carries {@code error=}
   * @throws IOException if the code exchange fails
   */
  public Token exchange(String callbackUri) throws IOException {
    Map<String, String> parameters = Callbacks.parameters(callbackUri);
    String state = parameters.get("state");
    if (state == null) {
      throw new InvalidCallbackException(Reason.STATE_MISSING, "The callback has no state"
          + " parameter, so it cannot be matched to a login this app started; start a new login");
    }
    AuthorizationRequest request = pending.remove(Secrets.s256(state));
    if (request == null) {
      throw new InvalidCallbackException(Reason.STATE_MISMATCH, "The callback's state matches no"
          + " pending login of this client (forged, already used, or from another process);"
          + " start a new login");
    }
    return exchange(request, parameters);
  }

  /**
   * Validates a callback against {@code request} and exchanges its code (RFC 6749 §4.1.2–4.1.3).
   * The state is compared in constant time; the request can be used once; the exchange sends
   * {@code redirect_uri} exactly as the authorization URL did, and the PKCE verifier. A callback
   * with the wrong state does not use the request up, so a forged callback cannot cancel the
   * user's genuine login.
   *
   * @param request the request the app kept since the login started
   * @param callbackUri the full URI the browser was redirected to
   * @return the token
   * @throws InvalidCallbackException if the state is missing, wrong, reused or expired, the
   *     issuer does not match, or there is no code
   * @throws AuthorizationDeniedException if the callback carries {@code error=}
   * @throws IOException if the code exchange fails
   */
  public Token exchange(AuthorizationRequest request, String callbackUri) throws IOException {
    requireNonNull(request, "request == null");
    return exchange(request, Callbacks.parameters(callbackUri));
  }

  /**
   * Validates callback parameters against {@code request} and exchanges the code, as
   * {@link #exchange(AuthorizationRequest, String)} does. For frameworks that hand over parsed
   * query parameters.
   *
   * @param request the request the app kept since the login started
   * @param parameters the callback's query parameters
   * @return the token
   * @throws IOException as {@link #exchange(AuthorizationRequest, String)}
   */
  public Token exchange(AuthorizationRequest request, Map<String, String> parameters)
      throws IOException {
    requireNonNull(request, "request == null");
    requireNonNull(parameters, "parameters == null");
    String state = parameters.get("state");
    String error = parameters.get("error");
    if (state == null) {
      throw new InvalidCallbackException(Reason.STATE_MISSING, "The callback has no state"
          + " parameter; it was not sent by the authorization server for this login. Start a new"
          + " login");
    }
    if (!request.matchesState(state)) {
      throw new InvalidCallbackException(Reason.STATE_MISMATCH, "The callback's state does not"
          + " match the pending login (tampered, or from another login or browser tab); start a"
          + " new login");
    }
    if (!request.consume()) {
      throw new InvalidCallbackException(Reason.STATE_REPLAYED, "This login was already completed"
          + " or abandoned; a callback can be used once. Start a new login");
    }
    pending.remove(Secrets.s256(request.state()));
    if (!clock.instant().isBefore(request.expiresAt())) {
      throw new InvalidCallbackException(Reason.EXPIRED, "The login took too long: it started at "
          + request.createdAt() + " and expired at " + request.expiresAt()
          + ". Start a new login");
    }
    String issuer = parameters.get("iss");
    if (issuer != null && provider.issuer() != null && !issuer.equals(provider.issuer())) {
      throw new InvalidCallbackException(Reason.ISSUER_MISMATCH, "The callback's iss \""
          + Texts.quote(issuer) + "\" is not this provider's issuer \"" + provider.issuer()
          + "\" (RFC 9207): the response may come from another server. Start a new login");
    }
    if (error != null) {
      String description = parameters.get("error_description");
      // Anyone can send a browser to the callback with error=...: quote it safely for logs.
      throw new AuthorizationDeniedException("The authorization server returned "
          + Texts.quote(error) + (description == null ? "" : ": " + Texts.quote(description))
          + (ErrorCode.of(error) == ErrorCode.ACCESS_DENIED
              ? ". The user declined; offer to sign in again" : ". Start a new login"),
          error, description, parameters.get("error_uri"));
    }
    String code = parameters.get("code");
    if (code == null || code.isEmpty()) {
      throw new InvalidCallbackException(Reason.CODE_MISSING, "The callback has neither a code nor"
          + " an error; check that the redirect URI points at this callback. Start a new login");
    }
    return endpoint.exchangeCode(code, request.redirectUri(), request.codeVerifier(),
        request.scopes());
  }

  /**
   * Gets a token with the client_credentials grant (RFC 6749 §4.4) for the default scopes. For
   * a token that stays fresh, use {@link #clientCredentialsSession()}.
   *
   * @return the token
   * @throws IOException if the token endpoint refuses or cannot be reached
   */
  public Token clientCredentials() throws IOException {
    return endpoint.clientCredentials(scopes);
  }

  /**
   * Gets a token with the refresh_token grant (RFC 6749 §6), in the provider's dialect. A
   * response without a refresh token keeps {@code token}'s.
   *
   * @param token a token with a refresh token
   * @return the new token
   * @throws IllegalArgumentException if {@code token} has no refresh token
   * @throws IOException if the token endpoint refuses or cannot be reached
   */
  public Token refresh(Token token) throws IOException {
    requireNonNull(token, "token == null");
    if (token.refreshToken() == null) {
      throw new IllegalArgumentException("token has no refresh token; acquire a new token instead");
    }
    return endpoint.refresh(token);
  }

  /**
   * Revokes {@code token} at the provider's revocation endpoint (RFC 7009): its refresh token if
   * it has one (which ends its access tokens too), else its access token.
   *
   * @param token the token to revoke
   * @return true if the provider has a revocation endpoint and accepted the request; false if the
   *     provider has no revocation endpoint
   * @throws IOException if the revocation endpoint refuses or cannot be reached
   */
  public boolean revoke(Token token) throws IOException {
    requireNonNull(token, "token == null");
    if (provider.revocationEndpoint() == null) {
      return false;
    }
    if (token.refreshToken() != null) {
      endpoint.revoke(provider.revocationEndpoint(), token.refreshToken(), "refresh_token");
    } else {
      endpoint.revoke(provider.revocationEndpoint(), token.accessToken(), "access_token");
    }
    return true;
  }

  /**
   * Returns the token session of one user, bound to {@code key} in the token store. Put a token
   * into it after a code exchange with {@link TokenSession#save(Token)}.
   *
   * <p>While the app holds on to a key's session, this returns that same object, so every
   * caller shares its lock-free read and its single-flight renewal. A session nobody references
   * any more is dropped; a closed one is replaced.
   *
   * @param key the user's stable id in the app
   * @return the key's session
   */
  public TokenSession session(String key) {
    requireNonNull(key, "key == null");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("key is empty; use a stable user id");
    }
    return sessionFor(key, false);
  }

  /**
   * Returns the application's own token session, acquiring tokens with client_credentials for
   * the default scopes; it acquires a new one when a token ends and cannot be refreshed.
   *
   * @return the application's session, keyed by provider, client id and scopes; the same
   *     object for as long as the app holds on to it
   */
  public TokenSession clientCredentialsSession() {
    String key = provider.name() + ":" + clientId + ":client_credentials"
        + (scopes.isEmpty() ? "" : ":" + String.join(" ", scopes));
    return sessionFor(key, true);
  }

  private TokenSession sessionFor(String key, boolean clientCredentials) {
    purgeDroppedSessions();
    while (true) {
      SessionRef ref = sessions.get(key);
      TokenSession existing = ref == null ? null : ref.get();
      if (existing != null && !existing.isClosed()) {
        return existing;
      }
      TokenSession created = new TokenSession(this, key, clientCredentials);
      SessionRef createdRef = new SessionRef(key, created, droppedSessions);
      boolean installed = ref == null
          ? sessions.putIfAbsent(key, createdRef) == null
          : sessions.replace(key, ref, createdRef);
      if (installed) {
        return created;
      }
    }
  }

  private void purgeDroppedSessions() {
    for (Reference<?> dropped; (dropped = droppedSessions.poll()) != null; ) {
      SessionRef ref = (SessionRef) dropped;
      sessions.remove(ref.key, ref);
    }
  }

  /** A session the app may still hold; the key lets the map entry go when the session does. */
  private static final class SessionRef extends WeakReference<TokenSession> {
    final String key;

    SessionRef(String key, TokenSession session, ReferenceQueue<TokenSession> queue) {
      super(session, queue);
      this.key = key;
    }
  }

  /** Stops the background renewal thread. Tokens already obtained stay valid. */
  @Override
  public void close() {
    if (ownedExecutor != null) {
      ownedExecutor.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "OAuth2Client{provider=" + provider.name() + ", clientId=" + clientId
        + ", clientSecret=" + (clientSecret == null ? "none" : "present") + "}";
  }

  private static ExecutorService renewalExecutor() {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor executor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), runnable -> {
          Thread thread = new Thread(runnable, "latchkey-renewal-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  /** Builds an {@link OAuth2Client}. */
  public static final class Builder {
    private Provider provider;
    private String clientId;
    private String clientSecret;
    private String redirectUri;
    private final Set<String> scopes = new LinkedHashSet<>();
    private OkHttpClient httpClient;
    private Clock clock = Clock.systemUTC();
    private TokenStore tokenStore;
    private TokenListener listener = new TokenListener() {
    };
    private Executor executor;
    private Duration renewBefore = DEFAULT_RENEW_BEFORE;
    private Duration authorizationRequestLifetime = DEFAULT_AUTHORIZATION_REQUEST_LIFETIME;
    private Duration renewalTimeout = DEFAULT_RENEWAL_TIMEOUT;
    private final Set<Integer> expiredStatuses = new TreeSet<>(Collections.singleton(401));
    private int maxRetries = DEFAULT_MAX_RETRIES;

    Builder() {
    }

    Builder(Builder other) {
      this.provider = other.provider;
      this.clientId = other.clientId;
      this.clientSecret = other.clientSecret;
      this.redirectUri = other.redirectUri;
      this.scopes.addAll(other.scopes);
      this.httpClient = other.httpClient;
      this.clock = other.clock;
      this.tokenStore = other.tokenStore;
      this.listener = other.listener;
      this.executor = other.executor;
      this.renewBefore = other.renewBefore;
      this.authorizationRequestLifetime = other.authorizationRequestLifetime;
      this.renewalTimeout = other.renewalTimeout;
      this.expiredStatuses.addAll(other.expiredStatuses);
      this.maxRetries = other.maxRetries;
    }

    /**
     * Sets the provider.
     *
     * @param provider endpoints and dialect
     * @return this builder
     */
    public Builder provider(Provider provider) {
      this.provider = requireNonNull(provider, "provider == null");
      return this;
    }

    /**
     * Sets the client id the provider issued.
     *
     * @param clientId the client id
     * @return this builder
     */
    public Builder clientId(String clientId) {
      requireNonNull(clientId, "clientId == null");
      if (clientId.isEmpty()) {
        throw new IllegalArgumentException("clientId is empty");
      }
      this.clientId = clientId;
      return this;
    }

    /**
     * Sets the client secret; leave unset for a public client (a mobile or CLI app that relies
     * on PKCE). It is never logged or shown by {@code toString()}.
     *
     * @param clientSecret the secret, or null for a public client
     * @return this builder
     */
    public Builder clientSecret(String clientSecret) {
      if (clientSecret != null && clientSecret.isEmpty()) {
        throw new IllegalArgumentException("clientSecret is empty; pass null for a public client");
      }
      this.clientSecret = clientSecret;
      return this;
    }

    /**
     * Sets the redirect URI for the authorization-code flow, exactly as registered with the
     * provider: https, {@code http://127.0.0.1:PORT/...} for native apps (RFC 8252 §7.3), or a
     * private-use scheme.
     *
     * @param redirectUri an absolute URI, or null for a client without the code flow
     * @return this builder
     */
    public Builder redirectUri(String redirectUri) {
      this.redirectUri = redirectUri == null ? null : Urls.requireRedirectUri(redirectUri);
      return this;
    }

    /**
     * Sets the default scopes.
     *
     * @param scopes scope names
     * @return this builder
     */
    public Builder scopes(String... scopes) {
      requireNonNull(scopes, "scopes == null");
      this.scopes.clear();
      for (String scope : Arrays.asList(scopes)) {
        requireNonNull(scope, "scopes contains null");
        if (scope.isEmpty() || scope.contains(" ")) {
          throw new IllegalArgumentException("scope must be non-empty without spaces: \"" + scope
              + "\"; pass each scope separately");
        }
        this.scopes.add(scope);
      }
      return this;
    }

    /**
     * Sets the HTTP client for token requests and the base of {@link TokenSession#authorize}.
     * Share your app's client so connection pools are shared.
     *
     * @param httpClient the client
     * @return this builder
     */
    public Builder httpClient(OkHttpClient httpClient) {
      this.httpClient = requireNonNull(httpClient, "httpClient == null");
      return this;
    }

    /**
     * Sets the clock; tests inject a fixed or manual one.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Sets where token sessions keep tokens; in memory by default.
     *
     * @param tokenStore the store
     * @return this builder
     */
    public Builder tokenStore(TokenStore tokenStore) {
      this.tokenStore = requireNonNull(tokenStore, "tokenStore == null");
      return this;
    }

    /**
     * Sets the listener told about issued and renewed tokens and failed renewals.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(TokenListener listener) {
      this.listener = requireNonNull(listener, "listener == null");
      return this;
    }

    /**
     * Sets the executor that runs background renewals; by default the client owns two daemon
     * threads, stopped by {@link OAuth2Client#close()}.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = requireNonNull(executor, "executor == null");
      return this;
    }

    /**
     * Sets how long before its expiry a token is renewed in the background, at most; a token is
     * never renewed earlier than the last tenth of its lifetime. Default
     * {@link #DEFAULT_RENEW_BEFORE}.
     *
     * @param renewBefore a non-negative duration; zero renews only expired tokens
     * @return this builder
     */
    public Builder renewBefore(Duration renewBefore) {
      requireNonNull(renewBefore, "renewBefore == null");
      if (renewBefore.isNegative()) {
        throw new IllegalArgumentException("renewBefore is negative: " + renewBefore);
      }
      this.renewBefore = renewBefore;
      return this;
    }

    /**
     * Sets how long an authorization request is accepted. Default
     * {@link #DEFAULT_AUTHORIZATION_REQUEST_LIFETIME}.
     *
     * @param lifetime a positive duration
     * @return this builder
     */
    public Builder authorizationRequestLifetime(Duration lifetime) {
      requireNonNull(lifetime, "lifetime == null");
      if (lifetime.isNegative() || lifetime.isZero()) {
        throw new IllegalArgumentException("authorizationRequestLifetime must be positive: "
            + lifetime);
      }
      this.authorizationRequestLifetime = lifetime;
      return this;
    }

    /**
     * Sets how long a caller waits for a renewal that another thread (or, with a shared
     * {@link TokenStore}, another instance) runs; it is also how long a shared store's renewal
     * lease lasts. Default {@link #DEFAULT_RENEWAL_TIMEOUT}.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder renewalTimeout(Duration timeout) {
      requireNonNull(timeout, "timeout == null");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("renewalTimeout must be positive: " + timeout);
      }
      this.renewalTimeout = timeout;
      return this;
    }

    /**
     * Sets how often a client_credentials or refresh request is retried after a transient
     * failure (a 429 or 5xx answer, a garbled body, a network error), with exponential backoff
     * and jitter, honouring {@code Retry-After} up to 10 s. A code exchange is never retried, as
     * its code may already be spent. Default {@link #DEFAULT_MAX_RETRIES}.
     *
     * @param maxRetries zero or more
     * @return this builder
     */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries is negative: " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * Adds HTTP statuses that, like 401, mean "this access token has expired" at the provider's
     * APIs, such as 403 or 419. {@link TokenSession#authorize} renews and retries once on them.
     *
     * @param statuses HTTP status codes from 400 to 499
     * @return this builder
     */
    public Builder treatAsExpired(int... statuses) {
      requireNonNull(statuses, "statuses == null");
      for (int status : statuses) {
        if (status < 400 || status > 499) {
          throw new IllegalArgumentException("treatAsExpired takes 4xx statuses: " + status);
        }
        expiredStatuses.add(status);
      }
      return this;
    }

    /**
     * Returns the client.
     *
     * @return a new client
     * @throws IllegalStateException if the provider or client id is missing
     */
    public OAuth2Client build() {
      if (provider == null) {
        throw new IllegalStateException("provider is required, such as Provider.ora(baseUrl)");
      }
      if (clientId == null) {
        throw new IllegalStateException("clientId is required");
      }
      return new OAuth2Client(this);
    }
  }
}
