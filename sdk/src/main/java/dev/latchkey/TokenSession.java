package dev.latchkey;

import static java.util.Objects.requireNonNull;

import dev.latchkey.SessionState.Renewal;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.OkHttpClient;

/**
 * Keeps one token fresh: one user's (authorization code) or the application's own
 * (client_credentials), bound to a key in the client's {@link TokenStore}.
 *
 * <pre>{@code
 * TokenSession alice = client.session("alice");
 * alice.save(client.exchange(request, callbackUri));   // after login
 * OkHttpClient api = alice.authorize(okHttpClient);    // Bearer header, 401 renew-and-retry
 * }</pre>
 *
 * <h2>Never waits for a valid token</h2>
 * {@link #accessToken()} is a lock-free read while the token is valid. In the token's last tenth
 * of life (at most {@link OAuth2Client#DEFAULT_RENEW_BEFORE}) callers keep the valid token while
 * one renewal runs in the background. Only an expired token makes callers wait, and however many
 * threads wait, one request goes to the token endpoint.
 *
 * <h2>Renewal</h2>
 * With a refresh token the session refreshes (a rotated refresh token is saved to the store before
 * anyone sees the new access token). Without one, a client_credentials session acquires a new
 * token (Onna), and a user session throws {@link ReauthorizationRequiredException}. A rejected
 * refresh first re-reads the store, in case another process already rotated the token.
 *
 * <h2>Newest wins</h2>
 * A {@link #save}, {@link #signOut()} or {@link #forget()} made while a renewal is on the wire is
 * newer than that renewal: its result is then discarded, in memory and in the store. After
 * {@link #close()} every method throws {@link IllegalStateException}; the client then hands out
 * a new session for the key.
 */
public final class TokenSession implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("dev.latchkey");
  /** Background retries after failures wait 0.5 s, 1 s, 2 s, ... up to this. */
  private static final long MAX_BACKOFF_MILLIS = 30_000;
  private static final AtomicReferenceFieldUpdater<TokenSession, SessionState> STATE =
      AtomicReferenceFieldUpdater.newUpdater(TokenSession.class, SessionState.class, "state");

  final ClientConfig config;
  final Grants grants;
  final SessionRegistry registry;
  final String key;
  final boolean clientCredentials;
  /** The exchange this session renews by (RFC 8693), or null. */
  final TokenExchange exchange;
  /**
   * Names this session when it holds a shared store's renewal lease; made by the first renewal
   * that needs it. Only renewals touch it, and they are single-flight.
   */
  String leaseOwner;
  /** Counts this session's lease acquisitions, each a generation of {@link #leaseOwner}. */
  long leaseGeneration;
  /** Everything that changes; replaced only through {@link SessionState}'s transitions. */
  private volatile SessionState state = SessionState.UNLOADED;

  TokenSession(ClientConfig config, Grants grants, SessionRegistry registry, String key,
      boolean clientCredentials) {
    this(config, grants, registry, key, clientCredentials, null);
  }

  TokenSession(ClientConfig config, Grants grants, SessionRegistry registry, String key,
      boolean clientCredentials, TokenExchange exchange) {
    this.exchange = exchange;
    this.config = config;
    this.grants = grants;
    this.registry = registry;
    this.key = key;
    this.clientCredentials = clientCredentials;
  }

  /**
   * Returns the key this session's token is stored under.
   *
   * @return the key
   */
  public String key() {
    return key;
  }

  /**
   * Returns a valid access token, renewing it first only if it has expired.
   *
   * @return the access token; never log it
   * @throws ReauthorizationRequiredException if a user session has no usable token
   * @throws IOException if a needed renewal fails
   * @throws IllegalStateException if this session is closed
   */
  public String accessToken() throws IOException {
    return current().token.accessToken();
  }

  /**
   * Returns the current valid token, renewing it first only if it has expired.
   *
   * @return the token
   * @throws ReauthorizationRequiredException if a user session has no usable token
   * @throws IOException if a needed renewal fails
   * @throws IllegalStateException if this session is closed
   */
  public Token token() throws IOException {
    return current().token;
  }

  /**
   * Tells whether this session holds a token, valid or renewable, in memory or in its store;
   * a user session without one needs a login before {@link #accessToken()} can succeed.
   *
   * @return true if there is a token for this session's key
   * @throws IOException if the store cannot be read
   * @throws IllegalStateException if this session is closed
   */
  public boolean hasToken() throws IOException {
    SessionState s = load();
    return s.token != null || config.tokenStore.load(key) != null;
  }

  /**
   * Puts a token into this session and its store, such as the result of a code exchange. It
   * replaces whatever the session held, including the result of a renewal still on the wire.
   *
   * @param token the token
   * @throws IOException if the store cannot be written
   * @throws IllegalStateException if this session is closed
   */
  public void save(Token token) throws IOException {
    requireNonNull(token, "token == null");
    checkOpen();
    config.tokenStore.save(key, token);
    long renewBefore = config.renewBefore.toMillis();
    transition(s -> s.saved(token, renewBefore), true);
    Notify.listener(config.listener, "issued", l -> l.issued(key, token));
  }

  /**
   * Renews the token now, whatever its expiry; concurrent calls share one renewal.
   *
   * @return the new token
   * @throws IOException if the renewal fails
   * @throws IllegalStateException if this session is closed
   */
  public Token renew() throws IOException {
    return requireToken(await(startRenewal(load().token, false))).token;
  }

  /**
   * Returns a client derived from {@code httpClient} (sharing its connection pool) that adds
   * {@code Authorization: Bearer <token>} to requests that have no {@code Authorization} header,
   * and on a 401 (or a status configured with {@link OAuth2Client.Builder#treatAsExpired})
   * renews the token and retries once. It never loops, never replays a one-shot body, and does
   * not renew on {@code insufficient_scope}. An authenticator {@code httpClient} already has
   * still answers the challenges this session has no part in, such as a proxy's.
   *
   * @param httpClient the app's client
   * @return the derived client
   * @throws IllegalStateException if this session is closed
   */
  public OkHttpClient authorize(OkHttpClient httpClient) {
    requireNonNull(httpClient, "httpClient == null");
    checkOpen();
    return httpClient.newBuilder()
        .addInterceptor(new BearerInterceptor(this, config.expiredStatuses))
        .authenticator(new BearerAuthenticator(this, httpClient.authenticator()))
        .addNetworkInterceptor(DpopResourceRequests.PROOF_STAYS_HOME)
        .build();
  }

  /**
   * Fetches the provider's userinfo endpoint with this session's token, renewing and retrying
   * once on a 401. When the login validated an ID token, the answer's {@code sub} must be the
   * ID token's (OpenID Connect Core §5.3.2), or this throws {@link IdTokenException}.
   *
   * @return the userinfo claims as parsed JSON values
   * @throws IllegalStateException if the provider has no userinfo endpoint, or this session is
   *     closed
   * @throws IOException if the request fails
   */
  public Map<String, Object> userInfo() throws IOException {
    return UserInfo.fetch(this);
  }

  /**
   * Returns the validated claims of the current token's ID token (OpenID Connect), such as
   * {@code sub}, {@code email} and {@code name}.
   *
   * @return the claims, or null when the login validated no ID token
   * @throws IOException if a needed renewal fails
   * @throws IllegalStateException if this session is closed
   */
  public Map<String, Object> idTokenClaims() throws IOException {
    return token().idTokenClaims();
  }

  /**
   * Signs out: revokes the token where the provider supports revocation (RFC 7009), then deletes
   * it from the store. A failed revocation is logged and the token deleted anyway.
   *
   * @throws IOException if the store cannot be written
   * @throws IllegalStateException if this session is closed
   */
  public void signOut() throws IOException {
    SessionState s = load();
    Token token = s.token != null ? s.token : config.tokenStore.load(key);
    if (token != null && config.provider.revocationEndpoint() != null) {
      try {
        grants.revoke(config.provider.revocationEndpoint(), token);
      } catch (IOException e) {
        LOG.log(Level.WARNING, "latchkey: revoking the token of session " + key + " failed ("
            + e.getMessage() + "); deleting it locally anyway");
      }
    }
    forget();
  }

  /**
   * Forgets the token here without telling the provider: deletes it from the store and from
   * memory. The token stays valid at the provider until it expires; use {@link #signOut()} to
   * revoke it.
   *
   * @throws IOException if the store cannot be written
   * @throws IllegalStateException if this session is closed
   */
  public void forget() throws IOException {
    checkOpen();
    config.tokenStore.delete(key);
    transition(SessionState::cleared, true);
  }

  /**
   * Closes this session for good: every later call throws {@link IllegalStateException}, and
   * {@link OAuth2Client#session(String)} hands out a new session for the key. The stored token
   * stays.
   */
  @Override
  public void close() {
    transition(SessionState::closed, false);
    registry.closed(key, this);
  }

  /** The state as it is now, without loading or renewing anything. */
  SessionState state() {
    return state;
  }

  boolean isClosed() {
    return state.closed;
  }

  /** Callers blocked on the renewal in flight; tests wait for it instead of scanning stacks. */
  int callersAwaitingRenewal() {
    Renewal renewal = state.renewal;
    return renewal == null ? 0 : renewal.waiters.get();
  }

  SessionState current() throws IOException {
    SessionState s = state;
    long now = config.clock.millis();
    if (now < s.renewAtMillis) {
      return s; // The hot path: one volatile read and one clock read, no allocation.
    }
    return slowPath(s, now);
  }

  private SessionState slowPath(SessionState s, long now) throws IOException {
    if (!s.loaded || s.closed) {
      s = load();
      if (now < s.renewAtMillis) {
        return s;
      }
    }
    if (s.token != null && now < s.expiresAtMillis) {
      // Refresh-ahead: still valid, so hand it out and renew in the background.
      if (now >= s.retryAtMillis) {
        startRenewal(s.token, true);
      }
      return s;
    }
    return requireToken(await(startRenewal(s.token, false)));
  }

  /** Used by the OkHttp glue: the header to send now. */
  String authorizationHeader() throws IOException {
    return current().header;
  }

  /**
   * Used by the OkHttp glue after the API rejected {@code rejectedHeader}: renews unless another
   * thread already did, and returns the header to retry with.
   */
  String renewAfterRejection(String rejectedHeader) throws IOException {
    SessionState s = load();
    if (s.header != null && !s.header.equals(rejectedHeader)) {
      return s.header;
    }
    return requireToken(await(startRenewal(s.token, false))).header;
  }

  /** Reads the store the first time; concurrent first callers may each read, which is harmless. */
  private SessionState load() throws IOException {
    SessionState s = checkOpen();
    if (s.loaded) {
      return s;
    }
    Token stored = clientCredentials ? Renewals.loadQuietly(this) : config.tokenStore.load(key);
    // Only the first loader publishes: a later one must not replace a state others already use.
    if (STATE.compareAndSet(this, s, s.loaded(stored, config.renewBefore.toMillis()))
        && stored != null) {
      Notify.listener(config.listener, "loaded", l -> l.loaded(key, clientCredentials, stored));
    }
    return checkOpen();
  }

  /**
   * Claims the renewal of {@code from}, or joins the one in flight; returns its result. A
   * background renewal runs on the client's executor, a blocking one on the caller's thread.
   */
  private CompletableFuture<SessionState> startRenewal(Token from, boolean background) {
    while (true) {
      SessionState s = checkOpen();
      if (s.renewal != null) {
        return s.renewal.result;
      }
      if (s.token != from) {
        return CompletableFuture.completedFuture(s); // Renewed or replaced meanwhile.
      }
      Renewal mine = new Renewal(from);
      if (!STATE.compareAndSet(this, s, s.renewing(mine))) {
        continue;
      }
      if (!background) {
        runRenewal(mine, false); // The caller has to wait anyway: renew on its thread.
      } else {
        try {
          config.executor.execute(() -> runRenewal(mine, true));
        } catch (RejectedExecutionException e) {
          // The client is closed: callers renew on their own thread when the token expires.
          mine.result.complete(transition(s2 -> s2.abandoned(mine), false));
        }
      }
      return mine.result;
    }
  }

  private void runRenewal(Renewal renewal, boolean background) {
    long start = System.nanoTime(); // A duration for metrics: real time, not the session clock.
    Token fresh;
    try {
      fresh = Renewals.renew(this, renewal);
    } catch (IOException | RuntimeException e) {
      long retryAt = config.clock.millis() + backoffMillis(state.failures + 1);
      // Published before the result completes, so a caller that retries finds no renewal.
      transition(s -> s.failed(renewal, retryAt), false);
      renewal.result.completeExceptionally(e);
      Notify.listener(config.listener, "renewalFailed", l -> l.renewalFailed(key, e));
      TokenListener.Renewal failed = TokenListener.Renewal.failed(key, clientCredentials,
          background, Duration.ofNanos(System.nanoTime() - start), e);
      Notify.listener(config.listener, "renewalFinished", l -> l.renewalFinished(failed));
      return;
    } catch (Error e) {
      transition(s -> s.abandoned(renewal), false); // Or every later caller waits in vain.
      renewal.result.completeExceptionally(e);
      throw e;
    }
    long renewBefore = config.renewBefore.toMillis();
    // Published before the result completes, so a caller that finds no renewal sees it.
    renewal.result.complete(transition(s -> s.renewed(renewal, fresh, renewBefore), false));
    if (fresh != null) {
      TokenListener.Renewal succeeded = TokenListener.Renewal.succeeded(key, clientCredentials,
          background, Duration.ofNanos(System.nanoTime() - start), fresh);
      Notify.listener(config.listener, "renewalFinished", l -> l.renewalFinished(succeeded));
    }
  }

  /** Used by the OkHttp glue when a request goes out again after {@code status} was renewed. */
  void retriedAfterRejection(int status) {
    Notify.listener(config.listener, "retriedAfterRejection",
        l -> l.retriedAfterRejection(key, status));
  }

  /** The rejected refresh token's transition; {@link Renewals} calls it before throwing. */
  void refreshRejected(Renewal renewal) {
    transition(s -> s.refreshRejected(renewal), false);
  }

  /**
   * Applies {@code rule} by compare-and-set and returns the new state. A closed session refuses
   * user calls ({@code strict}); for a renewal's result it stays closed, as every rule keeps it.
   */
  private SessionState transition(UnaryOperator<SessionState> rule, boolean strict) {
    while (true) {
      SessionState s = state;
      if (strict && s.closed) {
        throw closedException();
      }
      SessionState next = rule.apply(s);
      if (next == s || STATE.compareAndSet(this, s, next)) {
        return next;
      }
    }
  }

  private SessionState checkOpen() {
    SessionState s = state;
    if (s.closed) {
      throw closedException();
    }
    return s;
  }

  private IllegalStateException closedException() {
    return new IllegalStateException("TokenSession " + key + " is closed; get a new one with"
        + " client.session(key)");
  }

  /** A sign-out or a close racing a call leaves no token: say so instead of failing with a null. */
  private SessionState requireToken(SessionState s) throws IOException {
    if (s.closed) {
      throw closedException();
    }
    if (s.token == null) {
      throw new ReauthorizationRequiredException(key, "The session \"" + key + "\" was signed"
          + " out while this call waited for its token; send the user through login again", null);
    }
    return s;
  }

  private SessionState await(CompletableFuture<SessionState> future) throws IOException {
    Renewal renewal = state.renewal;
    return Renewal.await(future, renewal != null && renewal.result == future ? renewal : null,
        config.renewalTimeout, key);
  }

  private static long backoffMillis(int failures) {
    int shift = Math.min(failures - 1, 16);
    return Math.min(MAX_BACKOFF_MILLIS, 500L << shift);
  }

  @Override
  public String toString() {
    Token token = state.token;
    return "TokenSession{key=" + key + ", token=" + (token == null ? "none" : token.toString())
        + "}";
  }
}
