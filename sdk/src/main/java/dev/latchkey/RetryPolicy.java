package dev.latchkey;

import dev.latchkey.OAuth2Exception;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** How token requests are retried: bounded attempts, exponential backoff with full jitter. */
final class RetryPolicy {
  /** First backoff; doubles with each retry. */
  static final long BASE_DELAY_MILLIS = 200;
  /** Largest backoff between two attempts. */
  static final long MAX_DELAY_MILLIS = 5_000;
  /** Largest {@code Retry-After} honoured; a longer one fails at once, carrying the delay. */
  static final long MAX_RETRY_AFTER_MILLIS = 10_000;

  private final int maxRetries;
  private final Sleeper sleeper;

  RetryPolicy(int maxRetries, Sleeper sleeper) {
    this.maxRetries = maxRetries;
    this.sleeper = sleeper;
  }

  int maxRetries() {
    return maxRetries;
  }

  /** True for failures another attempt may fix: outages, throttling, garbled bodies, network errors. */
  static boolean isTransient(IOException e) {
    if (e instanceof InterruptedIOException && !(e instanceof java.net.SocketTimeoutException)) {
      return false;
    }
    if (e instanceof TokenEndpointException) {
      TokenEndpointException t = (TokenEndpointException) e;
      int status = t.httpStatus();
      // A 5xx is the server failing whatever its body says (TokenErrors keeps no error for it).
      return status == 429 || status >= 500;
    }
    if (e instanceof MalformedResponseException) {
      return true; // A proxy's error page or a cut connection; the next answer may be whole.
    }
    if (e.getClass() == OAuth2Exception.class) {
      return e.getCause() instanceof IOException; // Could not reach the server.
    }
    return false;
  }

  /** Returns the pause before retry {@code attempt} (1-based), or -1 to give up now. */
  long delayMillis(int attempt, IOException failure) {
    if (failure instanceof TokenEndpointException) {
      Duration retryAfter = ((TokenEndpointException) failure).retryAfter();
      if (retryAfter != null) {
        long millis = retryAfter.toMillis();
        return millis > MAX_RETRY_AFTER_MILLIS ? -1 : millis;
      }
    }
    long ceiling = Math.min(MAX_DELAY_MILLIS, BASE_DELAY_MILLIS << Math.min(attempt - 1, 10));
    // Full jitter, so a fleet that failed together does not retry together.
    return ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
  }

  void sleep(long millis) throws IOException {
    try {
      sleeper.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted =
          new InterruptedIOException("Interrupted while waiting to retry a token request");
      interrupted.initCause(e);
      throw interrupted;
    }
  }
}
