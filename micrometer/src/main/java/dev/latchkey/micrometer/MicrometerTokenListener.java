package dev.latchkey.micrometer;

import static java.util.Objects.requireNonNull;

import dev.latchkey.ErrorCode;
import dev.latchkey.MalformedResponseException;
import dev.latchkey.Provider;
import dev.latchkey.ReauthorizationRequiredException;
import dev.latchkey.Token;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.TokenListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Records one {@link dev.latchkey.OAuth2Client}'s token lifecycle as Micrometer meters. Give each
 * client its own listener:
 *
 * <pre>{@code
 * OAuth2Client orders = OAuth2Client.builder()
 *     .provider(provider)
 *     ...
 *     .listener(MicrometerTokenListener.builder(registry, "orders", provider).build())
 *     .build();
 * }</pre>
 *
 * <h2>Meters</h2>
 * Every meter carries the tags {@code client} (the name given here) and {@code provider}
 * ({@link Provider#name()}).
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>Name</th><th>Type</th><th>More tags</th><th>Counts</th></tr>
 *   <tr><td>{@value #TOKEN_REQUESTS}</td><td>timer</td><td>grant, outcome</td>
 *       <td>grants at the token endpoint, retries included</td></tr>
 *   <tr><td>{@value #TOKEN_REQUEST_RETRIES}</td><td>counter</td><td>grant</td>
 *       <td>requests sent again after a transient failure</td></tr>
 *   <tr><td>{@value #RENEWALS}</td><td>timer</td><td>session, thread, outcome</td>
 *       <td>session renewals, in the background or on a waiting caller's thread</td></tr>
 *   <tr><td>{@value #API_RETRIES}</td><td>counter</td><td>status</td>
 *       <td>API requests answered by a renewal and sent again</td></tr>
 *   <tr><td>{@value #STORE_FAILURES}</td><td>counter</td><td>exception</td>
 *       <td>token store reads, writes and leases that failed</td></tr>
 *   <tr><td>{@value #TOKEN_EXPIRY}</td><td>gauge (seconds)</td><td></td>
 *       <td>time until the application session's token expires, from when the session holds
 *       one (renewed, or taken up from the store); {@code NaN} before</td></tr>
 * </table>
 *
 * <h2>No personal data, no secrets</h2>
 * Tag values come from fixed sets (grant types, RFC 6749 error codes, {@code ok},
 * {@code timeout}, ...), the names given here, HTTP statuses and exception class names. A
 * session's key (a user's id in the app), tokens, secrets, codes and servers' error descriptions
 * never become tags; an error code a server made up becomes {@code other_error}.
 */
public final class MicrometerTokenListener implements TokenListener {
  /** Timer of grants at the token endpoint. */
  public static final String TOKEN_REQUESTS = "latchkey.token.requests";
  /** Counter of token requests sent again after a transient failure. */
  public static final String TOKEN_REQUEST_RETRIES = "latchkey.token.request.retries";
  /** Timer of session renewals. */
  public static final String RENEWALS = "latchkey.renewals";
  /** Counter of API requests answered by a renewal and sent again. */
  public static final String API_RETRIES = "latchkey.api.retries";
  /** Counter of token store failures. */
  public static final String STORE_FAILURES = "latchkey.store.failures";
  /** Gauge of the seconds until the application (client_credentials) token expires. */
  public static final String TOKEN_EXPIRY = "latchkey.token.expiry";

  private final MeterRegistry registry;
  private final Tags tags;
  private final Clock clock;
  /** When the application session's token expires; null until the session has one. */
  private final AtomicReference<Instant> applicationExpiry = new AtomicReference<>();

  private MicrometerTokenListener(Builder builder) {
    this.registry = builder.registry;
    this.tags = Tags.of("client", builder.client, "provider", builder.provider.name());
    this.clock = builder.clock;
    Gauge.builder(TOKEN_EXPIRY, this, MicrometerTokenListener::secondsToExpiry)
        .tags(tags)
        .baseUnit("seconds")
        .description("Time until the application (client_credentials) token expires")
        .strongReference(true)
        .register(registry);
  }

  /**
   * Returns a builder for the listener of one client.
   *
   * @param registry where the meters go
   * @param client the app's name for the client, the {@code client} tag; not a secret
   * @param provider the client's provider, whose name is the {@code provider} tag
   * @return a builder
   */
  public static Builder builder(MeterRegistry registry, String client, Provider provider) {
    return new Builder(registry, client, provider);
  }

  @Override
  public void tokenRequestFinished(String grant, int attempts, Duration duration,
      IOException failure) {
    Timer.builder(TOKEN_REQUESTS)
        .description("Grants at the token endpoint, retries included")
        .tags(tags).tag("grant", grant).tag("outcome", outcome(failure))
        .register(registry)
        .record(duration);
    if (attempts > 1) {
      Counter.builder(TOKEN_REQUEST_RETRIES)
          .description("Token requests sent again after a transient failure")
          .tags(tags).tag("grant", grant)
          .register(registry)
          .increment(attempts - 1);
    }
  }

  @Override
  public void renewalFinished(Renewal renewal) {
    Timer.builder(RENEWALS)
        .description("Token renewals of sessions")
        .tags(tags)
        .tag("session", renewal.isApplication() ? "application" : "user")
        .tag("thread", renewal.isBackground() ? "background" : "caller")
        .tag("outcome", outcome(renewal.failure()))
        .register(registry)
        .record(renewal.duration());
    if (renewal.isApplication() && renewal.token() != null) {
      applicationTokenIs(renewal.token());
    }
  }

  /** The application session took up its stored token: the gauge reads it from now on. */
  @Override
  public void loaded(String sessionKey, boolean application, Token token) {
    if (application) {
      applicationTokenIs(token);
    }
  }

  /** Keeps the token's expiry only: the gauge never holds a token, nor a session. */
  private void applicationTokenIs(Token token) {
    applicationExpiry.set(token.expiresAt() == null ? Instant.MAX : token.expiresAt());
  }

  @Override
  public void retriedAfterRejection(String sessionKey, int status) {
    Counter.builder(API_RETRIES)
        .description("API requests answered by a token renewal and sent again")
        .tags(tags).tag("status", Integer.toString(status))
        .register(registry)
        .increment();
  }

  @Override
  public void storeFailed(Exception failure) {
    Counter.builder(STORE_FAILURES)
        .description("Token store operations that failed")
        .tags(tags).tag("exception", failure.getClass().getSimpleName())
        .register(registry)
        .increment();
  }

  private double secondsToExpiry() {
    Instant expiresAt = applicationExpiry.get();
    if (expiresAt == null) {
      return Double.NaN;
    }
    if (expiresAt == Instant.MAX) {
      return Double.POSITIVE_INFINITY;
    }
    return Duration.between(clock.instant(), expiresAt).toMillis() / 1000.0;
  }

  /**
   * Names how a grant or renewal ended with a value from a fixed set: {@code ok},
   * {@code timeout}, {@code transient} (unreachable, throttled, 5xx, garbled), an RFC 6749 error
   * code, {@code other_error}, {@code reauthorization_required} or {@code error}.
   */
  static String outcome(Throwable failure) {
    if (failure == null) {
      return "ok";
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InterruptedIOException) {
        return "timeout"; // SocketTimeoutException too.
      }
    }
    if (failure instanceof ReauthorizationRequiredException) {
      return "reauthorization_required";
    }
    if (failure instanceof TokenEndpointException) {
      TokenEndpointException e = (TokenEndpointException) failure;
      if (e.error() != null) {
        // The server's own string may be anything: only a code RFC 6749 or 6750 names is a tag.
        return e.errorCode() == ErrorCode.OTHER ? "other_error" : e.errorCode().code();
      }
      int status = e.httpStatus();
      return status == 429 || status >= 500 ? "transient" : "error";
    }
    if (failure instanceof MalformedResponseException) {
      return "transient";
    }
    if (failure instanceof IOException && failure.getCause() instanceof IOException) {
      return "transient"; // The token endpoint could not be reached.
    }
    return "error";
  }

  @Override
  public String toString() {
    return "MicrometerTokenListener" + tags;
  }

  /** Builds a {@link MicrometerTokenListener}. */
  public static final class Builder {
    private final MeterRegistry registry;
    private final String client;
    private final Provider provider;
    private Clock clock = Clock.systemUTC();

    Builder(MeterRegistry registry, String client, Provider provider) {
      this.registry = requireNonNull(registry, "registry == null");
      this.client = requireNonNull(client, "client == null");
      this.provider = requireNonNull(provider, "provider == null");
      if (client.isEmpty()) {
        throw new IllegalArgumentException("client is empty; pass the app's name for the client");
      }
    }

    /**
     * Sets the clock the expiry gauge reads; pass the client's clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Returns the listener, having registered its expiry gauge.
     *
     * @return a new listener
     */
    public MicrometerTokenListener build() {
      return new MicrometerTokenListener(this);
    }
  }
}
