package dev.latchkey;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;

/**
 * Hears about a client's token requests and its sessions' tokens, for metrics and logs. Methods
 * run on the thread that did the work (a caller's or the renewal thread); they must be quick and
 * must not throw. Every method does nothing by default, so a listener overrides only what it
 * needs, and a listener written for an older version keeps compiling.
 *
 * <pre>{@code
 * OAuth2Client client = OAuth2Client.builder()
 *     ...
 *     .listener(new TokenListener() {
 *       @Override public void renewed(String key, Token token) { renewals.increment(); }
 *     })
 *     .build();
 * }</pre>
 *
 * <h2>Keep secrets out</h2>
 * Tokens and failures reach the listener as they are: never log a token's secrets, and never
 * put a session key into a metric tag, as a user session's key is the app's id for a person.
 */
public interface TokenListener {
  /**
   * Called when a session receives a token from a grant that is not a renewal: a code exchange
   * saved into it, or its first client_credentials token.
   *
   * @param sessionKey the session's key
   * @param token the new token; never log its secrets
   */
  default void issued(String sessionKey, Token token) {
  }

  /**
   * Called when a session renewed its token, by refresh or by acquiring a new one.
   *
   * @param sessionKey the session's key
   * @param token the new token; never log its secrets
   */
  default void renewed(String sessionKey, Token token) {
  }

  /**
   * Called when a session takes up the token its store holds, on first use: one saved by an
   * earlier run of the app (a CLI's file store) or by another instance (a fleet's shared store).
   * Not called when the store holds none; a token renewed later is told by {@link #renewed}.
   *
   * @param sessionKey the session's key
   * @param application true for the application's client_credentials session
   * @param token the stored token, possibly expired (the session then renews it at once); never
   *     log its secrets
   */
  default void loaded(String sessionKey, boolean application, Token token) {
  }

  /**
   * Called when a renewal failed. The session tries again on a later call.
   *
   * @param sessionKey the session's key
   * @param failure what went wrong
   */
  default void renewalFailed(String sessionKey, Exception failure) {
  }

  /**
   * Called when a request for a token at the token endpoint ended, after its retries: one call
   * per grant the client ran, whether for a session or for the app calling the client directly.
   *
   * @param grant the grant type, such as {@code client_credentials}, {@code refresh_token} or
   *     {@code authorization_code}
   * @param attempts how many requests were sent, 1 when the first answer counted
   * @param duration how long the grant took, retries and their pauses included
   * @param failure null when a token came back; else what failed, such as a
   *     {@link TokenEndpointException} carrying the provider's error code
   */
  default void tokenRequestFinished(String grant, int attempts, Duration duration,
      IOException failure) {
  }

  /**
   * Called when a session's renewal ended, well or badly: after the token requests it made, the
   * store writes, and any wait for another instance that held the store's renewal lease.
   *
   * @param renewal what was renewed, where, how long it took and how it ended
   */
  default void renewalFinished(Renewal renewal) {
  }

  /**
   * Called when an API answered a request a session authorized with 401 (or a status configured
   * with {@link OAuth2Client.Builder#treatAsExpired}), and the request goes out again with a
   * renewed token.
   *
   * @param sessionKey the session's key
   * @param status the HTTP status that was answered by a renewal
   */
  default void retriedAfterRejection(String sessionKey, int status) {
  }

  /**
   * Called whenever the token store fails to read, write or lease; sessions go on with the
   * tokens they hold in memory.
   *
   * @param failure what the store threw
   */
  default void storeFailed(Exception failure) {
  }

  /**
   * Called when {@link Dialect.ClientAuthentication#AUTO} learned which client authentication
   * the token endpoint accepts from this client: after the first token request that worked, and
   * again if the method changes. Not called when the method given to
   * {@link OAuth2Client.Builder#learnedClientAuthentication} worked. An app that starts a new
   * process each time (a CLI) keeps it and passes it to that builder next time, so it does not
   * send a failing attempt first on every run.
   *
   * @param method {@link Dialect.ClientAuthentication#BASIC} or
   *     {@link Dialect.ClientAuthentication#PARAMETERS}
   */
  default void clientAuthenticationLearned(Dialect.ClientAuthentication method) {
  }

  /** How one renewal of a session went; passed to {@link #renewalFinished}. */
  final class Renewal {
    private final String sessionKey;
    private final boolean application;
    private final boolean background;
    private final Duration duration;
    private final Token token;
    private final Exception failure;

    private Renewal(String sessionKey, boolean application, boolean background,
        Duration duration, Token token, Exception failure) {
      this.sessionKey = requireNonNull(sessionKey, "sessionKey == null");
      this.application = application;
      this.background = background;
      this.duration = requireNonNull(duration, "duration == null");
      this.token = token;
      this.failure = failure;
    }

    /**
     * Returns a renewal that ended with a token, its own or one another instance renewed.
     *
     * @param sessionKey the session's key
     * @param application true for the application's client_credentials session
     * @param background true when it ran ahead of expiry on the client's renewal executor
     * @param duration how long it took
     * @param token the session's token afterwards
     * @return the renewal
     */
    public static Renewal succeeded(String sessionKey, boolean application, boolean background,
        Duration duration, Token token) {
      return new Renewal(sessionKey, application, background, duration,
          requireNonNull(token, "token == null"), null);
    }

    /**
     * Returns a renewal that failed.
     *
     * @param sessionKey the session's key
     * @param application true for the application's client_credentials session
     * @param background true when it ran ahead of expiry on the client's renewal executor
     * @param duration how long it took
     * @param failure what went wrong
     * @return the renewal
     */
    public static Renewal failed(String sessionKey, boolean application, boolean background,
        Duration duration, Exception failure) {
      return new Renewal(sessionKey, application, background, duration, null,
          requireNonNull(failure, "failure == null"));
    }

    /**
     * Returns the session's key; a user session's key is the app's id for a person, so keep it
     * out of metric tags.
     *
     * @return the key
     */
    public String sessionKey() {
      return sessionKey;
    }

    /**
     * Returns whether this is the application's own (client_credentials) session.
     *
     * @return true for the application's session, false for a user's
     */
    public boolean isApplication() {
      return application;
    }

    /**
     * Returns whether the renewal ran in the background, ahead of expiry, rather than on the
     * thread of a caller that had to wait for it.
     *
     * @return true for a background renewal
     */
    public boolean isBackground() {
      return background;
    }

    /**
     * Returns how long the renewal took.
     *
     * @return the duration
     */
    public Duration duration() {
      return duration;
    }

    /**
     * Returns the session's token after a successful renewal.
     *
     * @return the token, or null when the renewal failed; never log its secrets
     */
    public Token token() {
      return token;
    }

    /**
     * Returns what made the renewal fail.
     *
     * @return the failure, or null when it succeeded
     */
    public Exception failure() {
      return failure;
    }

    @Override
    public String toString() {
      // The key stays out: a user session's key can be personal data.
      return "Renewal{" + (application ? "application" : "user") + " session, "
          + (background ? "background" : "caller thread") + ", " + duration.toMillis() + " ms, "
          + (failure == null ? "ok" : "failed: " + failure.getClass().getSimpleName()) + "}";
    }
  }
}
