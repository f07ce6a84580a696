package dev.latchkey;

import static java.util.Objects.requireNonNull;

import dev.latchkey.internal.JsonBodies;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

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
 */
public final class TokenSession implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("dev.latchkey");
  private static final State UNLOADED = new State(null, null, Long.MIN_VALUE, Long.MIN_VALUE);
  /** Makes every read take the slow path, which throws once the session is closed. */
  private static final State CLOSED = new State(null, null, Long.MIN_VALUE, Long.MIN_VALUE);
  /** First pause while waiting for another instance's renewal to appear in the store. */
  private static final long LEASE_POLL_MILLIS = 25;
  /** Background retries after failures wait 0.5 s, 1 s, 2 s, ... up to this. */
  private static final long MAX_BACKOFF_MILLIS = 30_000;

  private final OAuth2Client client;
  private final String key;
  private final boolean clientCredentials;
  /** Names this session object when it holds a shared store's renewal lease; made on first use. */
  private volatile String leaseOwner;
  private volatile State state = UNLOADED;
  private static final AtomicReferenceFieldUpdater<TokenSession, State> STATE =
      AtomicReferenceFieldUpdater.newUpdater(TokenSession.class, State.class, "state");
  private final AtomicReference<CompletableFuture<State>> inFlight = new AtomicReference<>();
  private volatile int consecutiveFailures;
  private volatile long retryAtMillis = Long.MIN_VALUE;
  private volatile boolean closed;
  /** The token whose refresh token the provider rejected; it is never sent again. */
  private volatile Token rejected;

  /** The current token and what the hot path needs to judge it, precomputed so reads allocate nothing. */
  static final class State {
    final Token token;
    final String header;
    final long renewAtMillis;
    final long expiresAtMillis;

    State(Token token, String header, long renewAtMillis, long expiresAtMillis) {
      this.token = token;
      this.header = header;
      this.renewAtMillis = renewAtMillis;
      this.expiresAtMillis = expiresAtMillis;
    }
  }

  TokenSession(OAuth2Client client, String key, boolean clientCredentials) {
    this.client = client;
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
   */
  public Token token() throws IOException {
    return current().token;
  }

  /**
   * Puts a token into this session and its store, such as the result of a code exchange.
   *
   * @param token the token
   * @throws IOException if the store cannot be written
   */
  public void save(Token token) throws IOException {
    requireNonNull(token, "token == null");
    client.tokenStore().save(key, token);
    state = stateOf(token);
    consecutiveFailures = 0;
    notifyIssued(token);
  }

  /**
   * Renews the token now, whatever its expiry; concurrent calls share one renewal.
   *
   * @return the new token
   * @throws IOException if the renewal fails
   */
  public Token renew() throws IOException {
    checkOpen();
    State seen = load();
    return requireToken(await(startRenewal(seen, false))).token;
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
   */
  public OkHttpClient authorize(OkHttpClient httpClient) {
    requireNonNull(httpClient, "httpClient == null");
    return httpClient.newBuilder()
        .addInterceptor(new BearerInterceptor(this, client.expiredStatuses()))
        .authenticator(new BearerAuthenticator(this, httpClient.authenticator()))
        .build();
  }

  /**
   * Fetches the provider's userinfo endpoint with this session's token, renewing and retrying
   * once on a 401.
   *
   * @return the userinfo claims as parsed JSON values
   * @throws IllegalStateException if the provider has no userinfo endpoint
   * @throws IOException if the request fails
   */
  public Map<String, Object> userInfo() throws IOException {
    Provider provider = client.provider();
    if (provider.userinfoEndpoint() == null) {
      throw new IllegalStateException("Provider " + provider.name() + " has no userinfo endpoint");
    }
    Request request = new Request.Builder().url(provider.userinfoEndpoint())
        .header("Accept", "application/json").build();
    try (Response response = authorize(client.httpClient()).newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new OAuth2Exception("The userinfo endpoint of " + provider.name() + " answered HTTP "
            + response.code() + (response.code() == 403
                ? "; the token may lack a scope userinfo needs" : ""));
      }
      return JsonBodies.readObject(response, "userinfo response");
    }
  }

  /**
   * Signs out: revokes the token where the provider supports revocation (RFC 7009), then deletes
   * it from the store. A failed revocation is logged and the token deleted anyway.
   *
   * @throws IOException if the store cannot be written
   */
  public void signOut() throws IOException {
    Token token = state.token != null ? state.token : client.tokenStore().load(key);
    if (token != null) {
      try {
        client.revoke(token);
      } catch (IOException e) {
        LOG.log(Level.WARNING, "latchkey: revoking the token of session " + key + " failed ("
            + e.getMessage() + "); deleting it locally anyway");
      }
    }
    client.tokenStore().delete(key);
    state = UNLOADED;
  }

  /** Stops this session: later calls throw {@link IllegalStateException}. The stored token stays. */
  @Override
  public void close() {
    closed = true;
    state = CLOSED;
  }

  boolean isClosed() {
    return closed;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("TokenSession " + key + " is closed");
    }
  }

  State current() throws IOException {
    State s = state;
    long now = client.clock().millis();
    if (now < s.renewAtMillis) {
      return s; // The hot path: one volatile read and one clock read, no allocation.
    }
    return slowPath(s, now);
  }

  private State slowPath(State s, long now) throws IOException {
    checkOpen();
    if (s == UNLOADED) {
      s = load();
      if (now < s.renewAtMillis) {
        return s;
      }
    }
    if (s.token != null && now < s.expiresAtMillis) {
      // Refresh-ahead: still valid, so hand it out and renew in the background.
      if (now >= retryAtMillis) {
        startRenewal(s, true);
      }
      return s;
    }
    return requireToken(await(startRenewal(s, false)));
  }

  /** A sign-out racing a call leaves no token: say so instead of failing with a null. */
  private State requireToken(State s) throws IOException {
    if (s.token == null) {
      if (closed) {
        throw new IllegalStateException("TokenSession " + key + " is closed");
      }
      throw new ReauthorizationRequiredException(key, "The session \"" + key + "\" was signed"
          + " out while this call waited for its token; send the user through login again", null);
    }
    return s;
  }

  /** Reads the store once; concurrent first callers may each read, which is harmless. */
  private State load() throws IOException {
    State s = state;
    if (s != UNLOADED) {
      return s;
    }
    Token stored = clientCredentials ? loadQuietly(client.tokenStore())
        : client.tokenStore().load(key);
    State loaded = stored == null ? new State(null, null, Long.MIN_VALUE, Long.MIN_VALUE)
        : stateOf(stored);
    // Only the first loader publishes: a later one must not replace a state others already use.
    STATE.compareAndSet(this, UNLOADED, loaded);
    return state;
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
    checkOpen();
    State s = load();
    if (s.header != null && !s.header.equals(rejectedHeader)) {
      return s.header;
    }
    return requireToken(await(startRenewal(s, false))).header;
  }

  private CompletableFuture<State> startRenewal(State seen, boolean background) {
    while (true) {
      CompletableFuture<State> running = inFlight.get();
      if (running != null) {
        return running;
      }
      if (state != seen) {
        return CompletableFuture.completedFuture(state);
      }
      CompletableFuture<State> mine = new CompletableFuture<>();
      if (!inFlight.compareAndSet(null, mine)) {
        continue;
      }
      if (state != seen) { // Renewed between the check and the claim.
        inFlight.set(null);
        mine.complete(state);
        return mine;
      }
      Runnable renewal = () -> runRenewal(seen, mine, background);
      if (background) {
        try {
          client.executor().execute(renewal);
        } catch (RejectedExecutionException e) {
          inFlight.set(null);
          mine.complete(seen); // The client is closed; callers renew when the token expires.
        }
      } else {
        renewal.run(); // The caller has to wait anyway: renew on its thread.
      }
      return mine;
    }
  }

  private void runRenewal(State seen, CompletableFuture<State> future, boolean background) {
    long start = System.nanoTime();
    State next;
    try {
      next = renew(seen);
    } catch (IOException | RuntimeException e) {
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      int failures = consecutiveFailures + 1;
      consecutiveFailures = failures;
      retryAtMillis = client.clock().millis() + backoffMillis(failures);
      inFlight.set(null);
      future.completeExceptionally(e);
      notifyFailed(e);
      notifyFinished(TokenListener.Renewal.failed(key, clientCredentials, background, took, e));
      return;
    } catch (Error e) {
      inFlight.set(null); // Release the flight, or every later caller waits for it in vain.
      future.completeExceptionally(e);
      throw e;
    }
    // Publish the state before releasing the flight, so a thread that finds no flight sees it.
    state = next;
    consecutiveFailures = 0;
    retryAtMillis = Long.MIN_VALUE;
    inFlight.set(null);
    future.complete(next);
    if (next.token != null) {
      notifyFinished(TokenListener.Renewal.succeeded(key, clientCredentials, background,
          Duration.ofNanos(System.nanoTime() - start), next.token));
    }
  }

  private State renew(State seen) throws IOException {
    Token old = seen.token;
    TokenStore store = client.tokenStore();
    if (old != null && old == rejected) {
      old = null; // Only a new login can help now; look for one in the store.
    }
    if (old == null) {
      // Another session object for the same key may have saved a token since this one looked.
      old = loadQuietly(store);
      if (old != null && old != rejected && !old.isExpired(client.clock())) {
        return stateOf(old);
      }
    }
    if (old == null && !clientCredentials) {
      throw new ReauthorizationRequiredException(key, "No token is stored for \"" + key
          + "\"; send the user through login (the authorization-code flow) first", null);
    }
    State renewedElsewhere = takeLeaseOrAwaitOthers(store, old);
    if (renewedElsewhere != null) {
      return renewedElsewhere;
    }
    try {
      return renewHoldingLease(store, old);
    } finally {
      releaseLease(store);
    }
  }

  private State renewHoldingLease(TokenStore store, Token old) throws IOException {
    Token fresh;
    if (old == null) {
      fresh = client.endpoint().clientCredentials(client.scopes());
      saveRenewed(store, null, fresh);
      notifyIssued(fresh);
      return stateOf(fresh);
    }
    boolean canRefresh = old.refreshToken() != null
        && client.provider().dialect().renewal() == Dialect.Renewal.REFRESH;
    if (canRefresh) {
      try {
        fresh = client.endpoint().refresh(old);
      } catch (TokenEndpointException e) {
        if (e.error() == null) {
          throw e; // An outage, not a rejection: keep the refresh token and try again later.
        }
        Token stored = loadQuietly(store);
        if (stored != null && !stored.equals(old) && !stored.isExpired(client.clock())) {
          // Another process or instance rotated the refresh token first: use its result.
          LOG.fine("latchkey: session " + key + " adopted a token renewed elsewhere");
          return stateOf(stored);
        }
        if (!clientCredentials) {
          if (e.errorCode() != ErrorCode.INVALID_GRANT) {
            throw e; // Not this refresh token's fault (invalid_client, server_error): keep it.
          }
          deleteQuietly(store, stored);
          rejected = old;
          throw new ReauthorizationRequiredException(key, "The provider rejected the refresh token"
              + " of \"" + key + "\" (" + dev.latchkey.internal.Texts.quote(e.error())
              + "); it is expired or revoked. The stored"
              + " token was deleted: send the user through login again", e);
        }
        fresh = client.endpoint().clientCredentials(client.scopes());
      }
    } else if (clientCredentials) {
      fresh = client.endpoint().clientCredentials(client.scopes());
    } else {
      deleteQuietly(store, old);
      throw new ReauthorizationRequiredException(key, "The token of \"" + key + "\" has expired"
          + " and the provider gave no refresh token; send the user through login again", null);
    }
    // Saved before any caller sees it, so a rotated refresh token is never lost.
    saveRenewed(store, old, fresh);
    notifyRenewed(fresh);
    return stateOf(fresh);
  }

  /**
   * Takes the store's renewal lease so that across instances one renews a key; while another
   * instance holds it, waits for that instance's result to appear in the store. The lease lasts
   * the renewal timeout: as long as any caller waits for a renewal, retries included, so a slow
   * renewal never loses it halfway (which would let a second instance spend the same rotated
   * refresh token); a crashed holder's lease ends after that time. Returns null when
   * this session should renew, or the state renewed elsewhere. A store that fails is treated as
   * absent: renewing locally beats failing a request that could be served.
   */
  private State takeLeaseOrAwaitOthers(TokenStore store, Token old) throws IOException {
    long deadline = System.nanoTime() + client.renewalTimeout().toNanos();
    long pause = LEASE_POLL_MILLIS;
    while (true) {
      try {
        if (store.tryLease(key, leaseOwner(), client.renewalTimeout())) {
          client.storeWorks();
          // The previous holder may have finished just now: use its token rather than renew again.
          Token current = loadQuietly(store);
          if (current != null && !current.equals(old) && current != rejected
              && !current.isExpired(client.clock())) {
            releaseLease(store);
            return stateOf(current);
          }
          return null;
        }
      } catch (IOException | RuntimeException e) {
        client.storeFailed(e);
        return null;
      }
      Token current = loadQuietly(store);
      if (current != null && !current.equals(old) && current != rejected
          && !current.isExpired(client.clock())) {
        LOG.fine("latchkey: session " + key + " adopted a token another instance renewed");
        return stateOf(current);
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new OAuth2Exception("Timed out after " + client.renewalTimeout().toMillis()
            + " ms waiting for another instance to renew the token of session " + key);
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("Interrupted while waiting for another instance to"
            + " renew the token of session " + key);
      }
      pause = Math.min(pause * 2, 500);
    }
  }

  /** Only renewals, which are single-flight, ask for it: no two threads race to make it. */
  private String leaseOwner() {
    if (leaseOwner == null) {
      leaseOwner = dev.latchkey.internal.Secrets.randomUrlSafe(12);
    }
    return leaseOwner;
  }

  private void releaseLease(TokenStore store) {
    try {
      store.releaseLease(key, leaseOwner());
    } catch (IOException | RuntimeException e) {
      client.storeFailed(e); // The lease expires by itself.
    }
  }

  /** Reads the store; a failing store reads as empty (and is reported once). */
  private Token loadQuietly(TokenStore store) throws IOException {
    try {
      Token token = store.load(key);
      client.storeWorks();
      return token;
    } catch (OAuth2Exception e) {
      throw e; // A corrupt entry: the user needs to hear about it.
    } catch (IOException | RuntimeException e) {
      client.storeFailed(e);
      return null;
    }
  }

  private void deleteQuietly(TokenStore store, Token expected) {
    try {
      store.compareAndSet(key, expected, null);
    } catch (IOException | RuntimeException e) {
      client.storeFailed(e);
    }
  }

  /**
   * Saves a renewed token if the entry still holds {@code expected}. If the entry is gone, the
   * user signed out meanwhile: the token is not saved back. If another writer changed it, ours
   * is the newest token and replaces it.
   */
  private void saveRenewed(TokenStore store, Token expected, Token fresh) throws IOException {
    try {
      if (!store.compareAndSet(key, expected, fresh)) {
        if (expected != null && !clientCredentials && store.load(key) == null) {
          throw new ReauthorizationRequiredException(key, "The session \"" + key + "\" was"
              + " signed out while its token was being renewed; send the user through login"
              + " again", null);
        }
        store.save(key, fresh);
      }
      client.storeWorks();
    } catch (ReauthorizationRequiredException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Serving the request beats failing it; the token stays in memory.
      client.storeFailed(e);
    }
  }

  private State await(CompletableFuture<State> future) throws IOException {
    Duration timeout = client.renewalTimeout();
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted = new InterruptedIOException(
          "Interrupted while waiting for the token of session " + key);
      interrupted.initCause(e);
      throw interrupted;
    } catch (TimeoutException e) {
      throw new OAuth2Exception("Timed out after " + timeout.toMillis() + " ms waiting for the"
          + " token renewal of session " + key + "; the token endpoint is slow or unreachable");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw (IOException) cause;
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw new OAuth2Exception("Token renewal of session " + key + " failed", cause);
    }
  }

  private State stateOf(Token token) {
    String header = "Bearer " + token.accessToken();
    Instant expiresAt = token.expiresAt();
    if (expiresAt == null) {
      return new State(token, header, Long.MAX_VALUE, Long.MAX_VALUE);
    }
    long expires = expiresAt.toEpochMilli();
    long lifetime = Math.max(0, expires - token.issuedAt().toEpochMilli());
    long window = Math.min(client.renewBefore().toMillis(), lifetime / 10);
    return new State(token, header, expires - window, expires);
  }

  private static long backoffMillis(int failures) {
    int shift = Math.min(failures - 1, 16);
    return Math.min(MAX_BACKOFF_MILLIS, 500L << shift);
  }

  private void notifyIssued(Token token) {
    try {
      client.listener().issued(key, token);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "latchkey: TokenListener.issued threw", e);
    }
  }

  private void notifyRenewed(Token token) {
    try {
      client.listener().renewed(key, token);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "latchkey: TokenListener.renewed threw", e);
    }
  }

  private void notifyFinished(TokenListener.Renewal renewal) {
    try {
      client.listener().renewalFinished(renewal);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "latchkey: TokenListener.renewalFinished threw", e);
    }
  }

  /** Used by the OkHttp glue when a request goes out again after {@code status} was renewed. */
  void notifyRetried(int status) {
    try {
      client.listener().retriedAfterRejection(key, status);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "latchkey: TokenListener.retriedAfterRejection threw", e);
    }
  }

  private void notifyFailed(Exception failure) {
    try {
      client.listener().renewalFailed(key, failure);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "latchkey: TokenListener.renewalFailed threw", e);
    }
  }

  @Override
  public String toString() {
    Token token = state.token;
    return "TokenSession{key=" + key + ", token=" + (token == null ? "none" : token.toString())
        + "}";
  }
}
