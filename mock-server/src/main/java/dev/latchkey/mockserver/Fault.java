package dev.latchkey.mockserver;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure the server answers a token request (or, {@linkplain #on(Target) on another
 * target}, an API, PAR or device authorization request) with, instead of (or on top of) the
 * right answer. Queue one with {@link MockAuthServer#enqueueFault(Fault, int)}:
 *
 * <pre>{@code
 * server.enqueueFault(Fault.status(503).retryAfter(1), 2);          // next 2 token requests
 * server.enqueueFault(Fault.disconnect().forProvider(MockProvider.ONNA), 1); // Onna's next
 * }</pre>
 *
 * <p>Every kind except {@link Kind#DELAY} answers without processing the request: no code is
 * consumed and no token is issued. A delay processes the request and holds back the body.
 */
public final class Fault {
  /** What the faulty answer looks like. */
  public enum Kind {
    /** HTTP 500 with a plain-text body. */
    SERVER_ERROR,
    /** HTTP 503 with {@code Retry-After} (1 second unless set). */
    UNAVAILABLE,
    /** HTTP 429 with {@code Retry-After} (1 second unless set). */
    TOO_MANY_REQUESTS,
    /** HTTP 502 with a {@code text/html} error page, as a proxy in front of the server sends. */
    HTML,
    /** HTTP 200 {@code application/json} with only the first half of a token response. */
    TRUNCATED_JSON,
    /** The right answer, its body sent after a delay. */
    DELAY,
    /** The connection closes after the request is read, with no response at all. */
    DISCONNECT
  }

  /** Which requests a fault answers. */
  public enum Target {
    /** Token requests (the default). */
    TOKEN("token"),
    /** API requests, built in or {@linkplain MockAuthServer#stubApi stubbed}. */
    API("api"),
    /** Pushed authorization requests (RFC 9126), at the PAR endpoint. */
    PUSHED_AUTHORIZATION("par"),
    /** Device authorization requests (RFC 8628 §3.1), at the device authorization endpoint. */
    DEVICE_AUTHORIZATION("device");

    private final String wireName;

    Target(String wireName) {
      this.wireName = wireName;
    }

    /** {@return the admin API's {@code "on"} value, such as {@code "par"}} */
    public String wireName() {
      return wireName;
    }
  }

  private final Kind kind;
  private final int status;
  private final Integer retryAfterSeconds;
  private final Duration delay;
  private final String provider;
  private final Target target;

  private Fault(Kind kind, int status, Integer retryAfterSeconds, Duration delay,
      String provider, Target target) {
    this.kind = kind;
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
    this.delay = delay;
    this.provider = provider;
    this.target = target;
  }

  /** {@return a fault that answers HTTP 500} */
  public static Fault serverError() {
    return new Fault(Kind.SERVER_ERROR, 500, null, Duration.ZERO, null, Target.TOKEN);
  }

  /** {@return a fault that answers HTTP 503 with {@code Retry-After: 1}} */
  public static Fault unavailable() {
    return new Fault(Kind.UNAVAILABLE, 503, 1, Duration.ZERO, null, Target.TOKEN);
  }

  /** {@return a fault that answers HTTP 429 with {@code Retry-After: 1}} */
  public static Fault tooManyRequests() {
    return new Fault(Kind.TOO_MANY_REQUESTS, 429, 1, Duration.ZERO, null, Target.TOKEN);
  }

  /** {@return a fault that answers an HTML page with HTTP 502, like a failing gateway} */
  public static Fault html() {
    return new Fault(Kind.HTML, 502, null, Duration.ZERO, null, Target.TOKEN);
  }

  /** {@return a fault that answers HTTP 200 {@code application/json} with half a token body} */
  public static Fault truncatedJson() {
    return new Fault(Kind.TRUNCATED_JSON, 200, null, Duration.ZERO, null, Target.TOKEN);
  }

  /**
   * Returns a fault that processes the request normally and sends the body after {@code delay}.
   *
   * @param delay how long to hold the body back; use more than the client's read timeout to
   *     provoke a timeout
   * @return the fault
   */
  public static Fault delay(Duration delay) {
    Objects.requireNonNull(delay, "delay == null");
    if (delay.isNegative()) throw new IllegalArgumentException("delay < 0: " + delay);
    return new Fault(Kind.DELAY, 200, null, delay, null, Target.TOKEN);
  }

  /** {@return a fault that closes the connection without answering} */
  public static Fault disconnect() {
    return new Fault(Kind.DISCONNECT, 0, null, Duration.ZERO, null, Target.TOKEN);
  }

  /**
   * Returns a fault that answers with an HTTP error {@code status}: 429 is
   * {@link Kind#TOO_MANY_REQUESTS}, 503 {@link Kind#UNAVAILABLE}, 502 {@link Kind#HTML}, any
   * other code a {@link Kind#SERVER_ERROR} with that code.
   *
   * @param status an HTTP status from 400 to 599
   * @return the fault, without {@code Retry-After} unless {@link #retryAfter(int)} adds one
   */
  public static Fault status(int status) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be 400..599: " + status);
    }
    Kind kind = status == 429 ? Kind.TOO_MANY_REQUESTS
        : status == 503 ? Kind.UNAVAILABLE
        : status == 502 ? Kind.HTML
        : Kind.SERVER_ERROR;
    return new Fault(kind, status, null, Duration.ZERO, null, Target.TOKEN);
  }

  /**
   * Returns a copy of this fault that sends {@code Retry-After: seconds}.
   *
   * @param seconds the delay-seconds value of the header (RFC 9110 §10.2.3), 0 or more
   * @return the copy
   */
  public Fault retryAfter(int seconds) {
    if (seconds < 0) throw new IllegalArgumentException("seconds < 0: " + seconds);
    if (kind == Kind.DELAY || kind == Kind.DISCONNECT || kind == Kind.TRUNCATED_JSON) {
      throw new IllegalStateException("Retry-After needs an error status, not " + kind);
    }
    return new Fault(kind, status, seconds, delay, provider, target);
  }

  /**
   * Returns a copy of this fault that applies only to {@code provider}'s requests.
   *
   * @param provider a built-in or your own provider
   * @return the copy
   */
  public Fault forProvider(MockProvider provider) {
    return new Fault(kind, status, retryAfterSeconds, delay, provider.id(), target);
  }

  /**
   * Returns a copy of this fault that applies only to a built-in provider's requests.
   *
   * @param provider a built-in's path prefix such as {@code "onna"}
   * @return the copy
   */
  public Fault forProvider(String provider) {
    return forProvider(MockProvider.builtIn(provider));
  }

  /**
   * Returns a copy of this fault that applies to API requests (stubbed or built in) instead of
   * token requests; it answers before the access token is checked.
   *
   * @return the copy
   */
  public Fault onApis() {
    return on(Target.API);
  }

  /**
   * Returns a copy of this fault that applies to the requests {@code target} names instead of
   * token requests.
   *
   * @param target token, API, PAR or device authorization requests
   * @return the copy
   */
  public Fault on(Target target) {
    Objects.requireNonNull(target, "target == null");
    return new Fault(kind, status, retryAfterSeconds, delay, provider, target);
  }

  /** {@return true if this fault applies to API requests} */
  public boolean isOnApis() {
    return target == Target.API;
  }

  /** {@return the requests this fault applies to} */
  public Target target() {
    return target;
  }

  /** {@return what the faulty answer looks like} */
  public Kind kind() {
    return kind;
  }

  /** {@return the HTTP status answered, or 0 for {@link Kind#DISCONNECT}} */
  public int status() {
    return status;
  }

  /** {@return the {@code Retry-After} seconds, or null when the answer has no such header} */
  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** {@return the body delay of a {@link Kind#DELAY} fault; zero for the other kinds} */
  public Duration delay() {
    return delay;
  }

  /** {@return the provider this fault is limited to, or null for every provider} */
  public String provider() {
    return provider;
  }

  @Override public boolean equals(Object o) {
    if (!(o instanceof Fault)) return false;
    Fault f = (Fault) o;
    return f.kind == kind && f.status == status
        && Objects.equals(f.retryAfterSeconds, retryAfterSeconds)
        && f.delay.equals(delay) && Objects.equals(f.provider, provider) && f.target == target;
  }

  @Override public int hashCode() {
    return Objects.hash(kind, status, retryAfterSeconds, delay, provider, target);
  }

  @Override public String toString() {
    return "Fault{" + kind + (status != 0 ? ", status=" + status : "")
        + (retryAfterSeconds != null ? ", retryAfter=" + retryAfterSeconds : "")
        + (kind == Kind.DELAY ? ", delay=" + delay : "")
        + (provider != null ? ", provider=" + provider : "")
        + (target != Target.TOKEN ? ", on " + target : "") + "}";
  }
}
