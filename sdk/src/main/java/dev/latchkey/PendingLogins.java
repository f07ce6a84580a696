package dev.latchkey;

import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The authorization requests an app asked the client to keep ({@link
 * AuthorizationRequest.Builder#keepInClient()}), for {@link OAuth2Client#exchange(String)}: a CLI
 * or desktop app that has nowhere else to keep them. Bounded: past {@link #CAPACITY} the oldest
 * goes; expired ones go first. Every operation is O(1) amortized, so a flood of sign-in clicks
 * costs nothing more than its requests.
 */
final class PendingLogins {
  /** Logins one process has in progress at once; a CLI has one. */
  static final int CAPACITY = 64;

  private final Clock clock;
  /** By SHA-256 of the state, oldest first; all share one lifetime, so also soonest-expiring first. */
  private final LinkedHashMap<String, AuthorizationRequest> requests = new LinkedHashMap<>();

  PendingLogins(Clock clock) {
    this.clock = clock;
  }

  synchronized void add(AuthorizationRequest request) {
    dropExpired();
    if (requests.size() >= CAPACITY) {
      Iterator<?> oldest = requests.values().iterator();
      oldest.next();
      oldest.remove();
    }
    requests.put(Secrets.s256(request.state()), request);
  }

  /**
   * Removes and returns the request with this state, or null; never an expired one.
   *
   * @throws InvalidCallbackException if the request expired
   */
  synchronized AuthorizationRequest take(String state) throws InvalidCallbackException {
    AuthorizationRequest request = requests.remove(Secrets.s256(state));
    if (request != null && !clock.instant().isBefore(request.expiresAt())) {
      throw Callbacks.expired(request);
    }
    return request;
  }

  /** Forgets a request that was used through another route. */
  synchronized void remove(AuthorizationRequest request) {
    requests.remove(Secrets.s256(request.state()), request);
  }

  synchronized int size() {
    return requests.size();
  }

  private void dropExpired() {
    for (Iterator<Map.Entry<String, AuthorizationRequest>> i = requests.entrySet().iterator();
        i.hasNext(); ) {
      if (clock.instant().isBefore(i.next().getValue().expiresAt())) {
        return; // The rest expire later.
      }
      i.remove();
    }
  }
}
