package dev.latchkey;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * A client is thread-safe and holds the threads that renew tokens in the background: create one
 * per provider registration and share it. {@link #close()} stops those threads.
 *
 * <h2>Customize with newBuilder()</h2>
 * {@link #newBuilder()} returns a builder holding this client's configuration and sharing what it
 * built: its {@link OkHttpClient}, {@link TokenStore} and renewal executor.
 */
public final class OAuth2Client implements AutoCloseable {
  /** How long an authorization request is accepted by default. */
  public static final Duration DEFAULT_AUTHORIZATION_REQUEST_LIFETIME = Duration.ofMinutes(10);
  /** The most a token is renewed ahead of its expiry by default; never more than a tenth of its life. */
  public static final Duration DEFAULT_RENEW_BEFORE = Duration.ofSeconds(60);
  /** The total budget of one renewal (all attempts and pauses), by default. */
  public static final Duration DEFAULT_RENEWAL_TIMEOUT = Duration.ofSeconds(30);
  /** How long a shared store's renewal lease lasts unless its holder keeps it, by default. */
  public static final Duration DEFAULT_RENEWAL_LEASE = Duration.ofSeconds(2);
  /** How often a failed client_credentials or refresh request is retried by default. */
  public static final int DEFAULT_MAX_RETRIES = 2;
  /**
   * Default {@link Builder#tokenRequestTimeout(Duration)}: 10 seconds, a third of
   * {@link #DEFAULT_RENEWAL_TIMEOUT}, so a stalled first attempt leaves time for a retry.
   */
  public static final Duration DEFAULT_TOKEN_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final ClientConfig config;
  /** The renewal threads this client made, stopped by {@link #close()}; null when given some. */
  private final ExecutorService ownedExecutor;
  private final Grants grants;
  private final SessionRegistry sessions;
  private final PendingLogins pendingLogins;
  private final DeviceFlow deviceFlow;

  private OAuth2Client(Builder builder) {
    OkHttpClient http = builder.httpClient != null ? builder.httpClient : new OkHttpClient();
    TokenStore store = builder.tokenStore != null ? builder.tokenStore : TokenStore.inMemory();
    this.ownedExecutor = builder.executor == null ? renewalExecutor() : null;
    this.config = new ClientConfig(builder, http, store,
        ownedExecutor != null ? ownedExecutor : builder.executor);
    this.grants = new Grants(config, this);
    this.sessions = new SessionRegistry(store, config.listener);
    this.pendingLogins = new PendingLogins(config.clock);
    this.deviceFlow = new DeviceFlow(config, grants);
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
   * Returns a builder holding this client's configuration, to derive a client with, say, other
   * scopes. Like OkHttp's, the derived client shares what this one built unless told otherwise:
   * the {@link OkHttpClient} (connection pool, dispatcher), the {@link TokenStore} and the
   * renewal executor. Its sessions are its own, as they renew with its configuration; sessions
   * of two clients on one store renew a key one at a time through the store's renewal lease.
   * Closing the derived client does not stop this client's renewal threads; closing this client
   * does, and the derived client's sessions then renew on their callers' threads.
   *
   * @return a builder for a client that shares this one's resources
   */
  public Builder newBuilder() {
    return new Builder(config);
  }

  /**
   * Returns the provider this client is registered with.
   *
   * @return the provider
   */
  public Provider provider() {
    return config.provider;
  }

  /**
   * Returns the client id.
   *
   * @return the client id
   */
  public String clientId() {
    return config.clientId;
  }

  /**
   * Returns the configured redirect URI.
   *
   * @return the redirect URI, or null when none was configured
   */
  public String redirectUri() {
    return config.redirectUri;
  }

  /**
   * Returns the default scopes requested by authorization requests and client_credentials.
   *
   * @return an unmodifiable set, possibly empty
   */
  public Set<String> scopes() {
    return config.scopes;
  }

  /**
   * Returns the clock that timestamps tokens and requests.
   *
   * @return the clock
   */
  public Clock clock() {
    return config.clock;
  }

  /**
   * Returns the verifier that validates ID tokens.
   *
   * @return the verifier, or null when ID tokens are not validated
   */
  public IdTokenVerifier idTokenVerifier() {
    return config.idTokenVerifier;
  }

  /**
   * Returns the URL that signs the user out at the provider too (OpenID Connect RP-Initiated
   * Logout 1.0 §2): the end-session endpoint with {@code id_token_hint} (when {@code token} has
   * an ID token), {@code client_id} and {@code post_logout_redirect_uri}. Send the browser there
   * after {@link TokenSession#signOut()}.
   *
   * @param token the user's token, for its ID token; or null
   * @param postLogoutRedirectUri where the provider sends the browser afterwards, registered
   *     for this client; or null for the provider's own page
   * @return the URL
   * @throws IllegalStateException if the provider has no end-session endpoint (see
   *     {@link Provider#endSessionEndpoint()})
   */
  public okhttp3.HttpUrl endSessionUrl(Token token, String postLogoutRedirectUri) {
    okhttp3.HttpUrl endpoint = config.provider.endSessionEndpoint();
    if (endpoint == null) {
      throw new IllegalStateException("Provider " + config.provider.name() + " has no end-session"
          + " endpoint; sign out locally with TokenSession.signOut()");
    }
    okhttp3.HttpUrl.Builder url = endpoint.newBuilder();
    if (token != null && token.idToken() != null) {
      url.addQueryParameter("id_token_hint", token.idToken());
    }
    url.addQueryParameter("client_id", config.clientId);
    if (postLogoutRedirectUri != null) {
      url.addQueryParameter("post_logout_redirect_uri",
          Urls.requireRedirectUri(postLogoutRedirectUri));
    }
    return url.build();
  }

  /**
   * Returns the store that token sessions keep tokens in.
   *
   * @return the token store
   */
  public TokenStore tokenStore() {
    return config.tokenStore;
  }

  /**
   * Returns the HTTP client used for token requests; token requests never follow redirects and
   * never run this client's authenticator.
   *
   * @return the HTTP client given to the builder, or a default one
   */
  public OkHttpClient httpClient() {
    return config.httpClient;
  }

  /**
   * Starts an authorization request (RFC 6749 §4.1.1) with {@code state} and PKCE S256. The app
   * keeps the built request until the callback; one with nowhere to keep it (a CLI) asks the
   * client to, with {@link AuthorizationRequest.Builder#keepInClient()}.
   *
   * @return a builder for the request
   */
  public AuthorizationRequest.Builder newAuthorizationRequest() {
    return new AuthorizationRequest.Builder(config, pendingLogins, grants);
  }

  /**
   * Validates a callback against a request this client kept ({@link
   * AuthorizationRequest.Builder#keepInClient()}), then exchanges its code. For an app that keeps
   * no request itself (a CLI); a web app keeps the request in the user's session and calls
   * {@link #exchange(AuthorizationRequest, String)}.
   *
   * @param callbackUri the full URI the browser was redirected to
   * @return the token
   * @throws InvalidCallbackException if no pending, unexpired request has this state, or another
   *     check fails
   * @throws AuthorizationDeniedException if the callback carries {@code error=}
   * @throws IOException if the code exchange fails
   */
  public Token exchange(String callbackUri) throws IOException {
    java.util.Map<String, String> parameters = Callbacks.parameters(callbackUri);
    String state = parameters.get("state");
    if (state == null) {
      throw new InvalidCallbackException(InvalidCallbackException.Reason.STATE_MISSING, "The"
          + " callback has no state parameter, so it cannot be matched to a login this app"
          + " started; start a new login");
    }
    AuthorizationRequest request = pendingLogins.take(state);
    if (request == null) {
      throw new InvalidCallbackException(InvalidCallbackException.Reason.STATE_MISMATCH, "The"
          + " callback's state matches no pending login of this client (forged, already used, or"
          + " from another process); start a new login");
    }
    return exchange(request, parameters);
  }

  /**
   * Validates a callback against {@code request} and exchanges its code (RFC 6749 §4.1.2–4.1.3).
   * Every parameter must come once (RFC 6749 §3.1); the state is compared in constant time; the
   * request can be used once and until it expires; an {@code iss} must name this provider (RFC
   * 9207). The exchange sends {@code redirect_uri} exactly as the authorization URL did, and the
   * PKCE verifier. A callback with the wrong state does not use the request up, so a forged
   * callback cannot cancel the user's genuine login.
   *
   * @param request the request the app kept since the login started
   * @param callbackUri the full URI the browser was redirected to, query included
   * @return the token
   * @throws InvalidCallbackException if the URI is malformed or repeats a parameter, the state
   *     is missing, wrong, reused or expired, the issuer does not match, or there is no code
   * @throws AuthorizationDeniedException if the callback carries {@code error=}
   * @throws IOException if the code exchange fails
   */
  public Token exchange(AuthorizationRequest request, String callbackUri) throws IOException {
    requireNonNull(request, "request == null");
    return exchange(request, Callbacks.parameters(callbackUri));
  }

  private Token exchange(AuthorizationRequest request, java.util.Map<String, String> parameters)
      throws IOException {
    try {
      String code = Callbacks.validate(request, parameters, config.provider, config.clock,
          config.clientSecret);
      Token token = grants.exchangeCode(code, request.redirectUri(), request.codeVerifier(),
          request.scopes(), request.dpopKey());
      return IdTokens.verified(this, token, request.nonce(), code, request.nonce() != null);
    } finally {
      if (request.isConsumed()) {
        pendingLogins.remove(request);
      }
    }
  }

  /**
   * Gets a token with the client_credentials grant (RFC 6749 §4.4) for the default scopes. For
   * a token that stays fresh, use {@link #clientCredentialsSession()}.
   *
   * @return the token
   * @throws IOException if the token endpoint refuses or cannot be reached
   */
  public Token clientCredentials() throws IOException {
    return grants.clientCredentials(config.scopes);
  }

  /**
   * Starts the device authorization grant (RFC 8628 §3.1) for the client's default scopes, or
   * for {@code scopes} when given: for a CLI, a TV or a headless box, where the user approves on
   * another device. Show the user the returned verification URI and user code, then wait with
   * {@link #awaitDeviceToken(DeviceAuthorization)}. Works for clients with and without a secret.
   *
   * @param scopes the scopes to request; none means the client's default scopes
   * @return what to show the user, and the device code to poll with
   * @throws IllegalStateException if the provider has no device authorization endpoint
   * @throws IOException if the endpoint refuses or cannot be reached
   */
  public DeviceAuthorization startDeviceAuthorization(String... scopes) throws IOException {
    requireNonNull(scopes, "scopes == null");
    Set<String> requested = new LinkedHashSet<>(Arrays.asList(scopes));
    return deviceFlow.start(requested.isEmpty() ? config.scopes : requested);
  }

  /**
   * Waits until the user approves {@code device} and returns its token (RFC 8628 §3.4): polls
   * the token endpoint every {@link DeviceAuthorization#interval()} (never sooner), adds 5
   * seconds to the wait on each {@code slow_down}, and keeps waiting on
   * {@code authorization_pending}. Time is the client's clock. Save the token into a session as
   * after a code exchange.
   *
   * @param device a started authorization
   * @return the token
   * @throws AuthorizationDeniedException if the user denied the login ({@code access_denied})
   * @throws TokenEndpointException if the device code expired ({@code expired_token}) or another
   *     error ended the login
   * @throws OAuth2Exception if the code expired by the client's clock or {@link
   *     DeviceAuthorization#cancel()} was called
   * @throws IOException if the token endpoint cannot be reached
   */
  public Token awaitDeviceToken(DeviceAuthorization device) throws IOException {
    requireNonNull(device, "device == null");
    return IdTokens.verified(this, deviceFlow.await(device), null, null,
        device.scopes().contains("openid"));
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
    return grants.refresh(token);
  }

  /**
   * Revokes {@code token} at the provider's revocation endpoint (RFC 7009 §2.1, a form body with
   * this client's authentication): its refresh token if it has one (which ends its access tokens
   * too), else its access token.
   *
   * @param token the token to revoke
   * @return true if the provider has a revocation endpoint and accepted the request; false if the
   *     provider has no revocation endpoint
   * @throws IOException if the revocation endpoint refuses or cannot be reached
   */
  public boolean revoke(Token token) throws IOException {
    requireNonNull(token, "token == null");
    if (config.provider.revocationEndpoint() == null) {
      return false;
    }
    grants.revoke(config.provider.revocationEndpoint(), token);
    return true;
  }

  /**
   * Returns the token session of one user, bound to {@code key} in the token store. Put a token
   * into it after a code exchange with {@link TokenSession#save(Token)}.
   *
   * <p>While the app holds on to a key's session, this returns that same object, so every
   * caller shares its lock-free read and its single-flight renewal. A session nobody references
   * any more is dropped; a closed one is replaced by a new one.
   *
   * @param key the user's stable id in the app
   * @return the key's session
   */
  public TokenSession session(String key) {
    requireNonNull(key, "key == null");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("key is empty; use a stable user id");
    }
    return sessions.session(key, k -> new TokenSession(config, grants, sessions, k, false));
  }

  /**
   * Returns the application's own token session, acquiring tokens with client_credentials for
   * the default scopes; it acquires a new one when a token ends and cannot be refreshed.
   *
   * @return the application's session, keyed by provider, client id and scopes; the same
   *     object for as long as the app holds on to it
   */
  public TokenSession clientCredentialsSession() {
    return sessions.session(config.clientCredentialsKey(),
        k -> new TokenSession(config, grants, sessions, k, true));
  }

  /**
   * Starts a token exchange (RFC 8693): a user's token traded for one minted for another API.
   *
   * @return a builder for the exchange
   */
  public TokenExchange.Builder newTokenExchange() {
    return new TokenExchange.Builder(this);
  }

  /** {@link TokenExchange#execute()}: one exchange. */
  Token exchangeToken(TokenExchange exchange, String sessionKey) throws IOException {
    checkOwn(exchange);
    return TokenExchanges.exchange(grants, exchange, sessionKey);
  }

  /** {@link TokenExchange#session()}: a session renewed by exchanging again. */
  TokenSession exchangeSession(TokenExchange exchange) {
    checkOwn(exchange);
    return sessions.session(exchange.sessionKey(),
        k -> new TokenSession(config, grants, sessions, k, false, exchange));
  }

  private void checkOwn(TokenExchange exchange) {
    if (exchange.client != this) {
      throw new IllegalArgumentException("this exchange was built by another client");
    }
  }

  /**
   * Stops the background renewal threads this client made (a derived client's are its
   * source's). A renewal already on the wire may finish and save its token, waiting at most the
   * {@linkplain Builder#renewalTimeout renewal timeout}: interrupted after the server answered,
   * it would lose a rotated refresh token the server has already replaced. Tokens already
   * obtained stay valid; sessions renew on their callers' threads.
   */
  @Override
  public void close() {
    if (ownedExecutor == null) {
      return;
    }
    ownedExecutor.shutdown();
    try {
      ownedExecutor.awaitTermination(config.renewalTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      ownedExecutor.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "OAuth2Client{provider=" + config.provider.name() + ", clientId=" + config.clientId
        + ", clientSecret=" + (config.clientSecret == null ? "none" : "present") + "}";
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
    Provider provider;
    String clientId;
    String clientSecret;
    String redirectUri;
    final Set<String> scopes = new LinkedHashSet<>();
    OkHttpClient httpClient;
    Clock clock = Clock.systemUTC();
    TokenStore tokenStore;
    TokenListener listener = new TokenListener() {
    };
    Executor executor;
    Duration renewBefore = DEFAULT_RENEW_BEFORE;
    Duration authorizationRequestLifetime = DEFAULT_AUTHORIZATION_REQUEST_LIFETIME;
    Duration renewalTimeout = DEFAULT_RENEWAL_TIMEOUT;
    Duration tokenRequestTimeout = DEFAULT_TOKEN_REQUEST_TIMEOUT;
    Duration renewalLease = DEFAULT_RENEWAL_LEASE;
    final Set<Integer> expiredStatuses = new TreeSet<>(Collections.singleton(401));
    int maxRetries = DEFAULT_MAX_RETRIES;
    Sleeper sleeper = Sleeper.THREAD;
    Dialect.ClientAuthentication learnedClientAuthentication;
    String dpopAlgorithm;
    SigningKey clientKey;
    String clientAssertionAudience;
    boolean certificateBoundTokens;
    IdTokenVerifier idTokenVerifier;

    Builder() {
    }

    /** Starts from a built client: its HTTP client, store and executor are shared. */
    Builder(ClientConfig built) {
      this.provider = built.provider;
      this.clientId = built.clientId;
      this.clientSecret = built.clientSecret;
      this.redirectUri = built.redirectUri;
      this.scopes.addAll(built.scopes);
      this.httpClient = built.httpClient;
      this.clock = built.clock;
      this.tokenStore = built.tokenStore;
      this.listener = built.listener;
      this.executor = built.executor;
      this.renewBefore = built.renewBefore;
      this.authorizationRequestLifetime = built.authorizationRequestLifetime;
      this.renewalTimeout = built.renewalTimeout;
      this.tokenRequestTimeout = built.tokenRequestTimeout;
      this.renewalLease = built.renewalLease;
      this.expiredStatuses.clear();
      this.expiredStatuses.addAll(built.expiredStatuses);
      this.maxRetries = built.maxRetries;
      this.sleeper = built.sleeper;
      this.learnedClientAuthentication = built.learnedClientAuthentication;
      this.dpopAlgorithm = built.dpop.algorithm;
      this.clientKey = built.clientKey;
      this.clientAssertionAudience = built.clientAssertionAudience;
      this.certificateBoundTokens = built.certificateBoundTokens;
      this.idTokenVerifier = built.idTokenVerifier;
    }

    /**
     * Binds this client's tokens to DPoP keys (RFC 9449) signing with ES256, or with the first
     * of ES256, PS256 and RS256 the provider lists in {@code dpop_signing_alg_values_supported}.
     * See {@link #dpop(String)}.
     *
     * @return this builder
     */
    public Builder dpop() {
      this.dpopAlgorithm = SenderConstrainedClients.DEFAULT;
      return this;
    }

    /**
     * Binds this client's tokens to DPoP keys (RFC 9449): every grant makes a new key pair (a
     * refresh keeps its token's; an authorization request makes the one its code is bound to,
     * with {@code dpop_jkt}, §10), every token request and every API request through
     * {@link TokenSession#authorize} carries a proof signed with it, and the key is kept with
     * its token in the {@link TokenStore}. Server nonces are handled.
     *
     * @param algorithm {@code ES256}, {@code PS256} or {@code RS256}, or null to turn DPoP off
     * @return this builder
     */
    public Builder dpop(String algorithm) {
      this.dpopAlgorithm = algorithm == null ? null
          : SenderConstrainedClients.requireDpopAlgorithm(algorithm);
      return this;
    }

    /**
     * Sets the private key of {@code private_key_jwt} client authentication (RFC 7523 §2.2);
     * with the dialect's {@link Dialect.ClientAuthentication#AUTO} it is then the client
     * authentication.
     *
     * @param clientKey the key, or null for none
     * @return this builder
     */
    public Builder clientKey(SigningKey clientKey) {
      this.clientKey = clientKey;
      return this;
    }

    /**
     * Sets the {@code aud} of client assertions. By default it is the provider's issuer when
     * known (as FAPI 2.0 requires), else its token endpoint URL (RFC 7523 §3).
     *
     * @param audience the audience, or null for the default
     * @return this builder
     */
    public Builder clientAssertionAudience(String audience) {
      if (audience != null && audience.isEmpty()) {
        throw new IllegalArgumentException("clientAssertionAudience is empty; pass null for the"
            + " default");
      }
      this.clientAssertionAudience = audience;
      return this;
    }

    /**
     * Asks for certificate-bound access tokens (RFC 8705 §3) while the client authenticates
     * another way, such as {@code private_key_jwt} (a common FAPI 2.0 setup): token, revocation
     * and PAR requests then go to the provider's {@code mtls_endpoint_aliases}, over the client
     * certificate of this client's {@code OkHttpClient} (see {@link MutualTls}). Clients that
     * authenticate with {@code tls_client_auth} use the aliases anyway. Off by default.
     *
     * @param bound true to send token requests over mutual TLS to the aliases
     * @return this builder
     */
    public Builder certificateBoundTokens(boolean bound) {
      this.certificateBoundTokens = bound;
      return this;
    }

    /** Tests pause on their manual clock instead of the thread. */
    Builder sleeper(Sleeper sleeper) {
      this.sleeper = requireNonNull(sleeper, "sleeper == null");
      return this;
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
      Scopes.replace(this.scopes, Arrays.asList(scopes));
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
     * Sets the total time budget of one renewal, or of one grant the app runs itself: every
     * token request, the pauses between retries, and any wait for another instance's renewal
     * lease share it, on whichever thread renews; no retry starts that would end after it. It is
     * also how long a caller waits for a renewal that another thread (or, with a shared
     * {@link TokenStore}, another instance) runs; a shared store's renewal lease is shorter and
     * kept alive by its holder (see {@link #renewalLease}). Default
     * {@link #DEFAULT_RENEWAL_TIMEOUT}.
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
     * Sets the call timeout of each request to the token or revocation endpoint: the whole
     * exchange, from connecting to the last byte of the answer, so a server that drips its
     * answer one byte at a time (which resets every read timeout) still ends. A request never
     * runs past what is left of the {@link #renewalTimeout(Duration) renewal timeout} either.
     * Default {@link #DEFAULT_TOKEN_REQUEST_TIMEOUT}.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder tokenRequestTimeout(Duration timeout) {
      requireNonNull(timeout, "timeout == null");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("tokenRequestTimeout must be positive: " + timeout);
      }
      this.tokenRequestTimeout = timeout;
      return this;
    }

    /**
     * Sets how long a shared {@link TokenStore}'s renewal lease lasts unless its holder keeps it:
     * the instance renewing a token extends its lease every quarter of this time while it works,
     * so if it dies another instance takes over within about this time. Shorter recovers sooner;
     * it must stay well above a pause of the holder (a stop-the-world GC), whose lease would
     * otherwise lapse: the holder then stops before it spends a refresh token, and another
     * instance renews. Never longer than {@link #renewalTimeout}. Default
     * {@link #DEFAULT_RENEWAL_LEASE}. See docs/fleet.md.
     *
     * @param lease at least 100 ms
     * @return this builder
     */
    public Builder renewalLease(Duration lease) {
      requireNonNull(lease, "lease == null");
      if (lease.toMillis() < 100) {
        throw new IllegalArgumentException("renewalLease must be at least 100 ms: " + lease);
      }
      this.renewalLease = lease;
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
     * Starts {@link Dialect.ClientAuthentication#AUTO} from the method it learned in an earlier
     * run, as {@link TokenListener#clientAuthenticationLearned} reported it: that method is tried
     * first, and the other only if the token endpoint refuses the client ({@code invalid_client},
     * or a 401 without an error). Without it, AUTO tries HTTP Basic first. Has no effect when the
     * dialect fixes the method.
     *
     * @param method {@link Dialect.ClientAuthentication#BASIC} or
     *     {@link Dialect.ClientAuthentication#PARAMETERS}, or null to start from Basic
     * @return this builder
     */
    public Builder learnedClientAuthentication(Dialect.ClientAuthentication method) {
      if (method == Dialect.ClientAuthentication.NONE
          || method == Dialect.ClientAuthentication.AUTO) {
        throw new IllegalArgumentException("learnedClientAuthentication takes BASIC or PARAMETERS,"
            + " as TokenListener.clientAuthenticationLearned reports them: " + method);
      }
      this.learnedClientAuthentication = method;
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
     * Validates the ID token of every token response that carries one (a login with scope
     * {@code openid}, a device login, a refresh), such as with
     * {@code dev.latchkey.oidc.OidcVerifier} from the {@code latchkey-oidc} module; the claims
     * are then {@link Token#idTokenClaims()}. A login that asked for {@code openid} and got no
     * ID token, or an invalid one, fails with {@link IdTokenException}.
     *
     * @param verifier the verifier, or null to validate no ID tokens (the default)
     * @return this builder
     */
    public Builder idTokenVerifier(IdTokenVerifier verifier) {
      this.idTokenVerifier = verifier;
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
      SenderConstrainedClients.check(this);
      return new OAuth2Client(this);
    }
  }
}
