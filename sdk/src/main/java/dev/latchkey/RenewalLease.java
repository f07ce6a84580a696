package dev.latchkey;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One acquisition of a key's renewal lease in a shared {@link TokenStore}, kept alive while its
 * holder renews: a short lease ({@code OAuth2Client.Builder.renewalLease}, 2 s by default)
 * extended every quarter of its time, so that a holder that dies is replaced within about one
 * lease time, and a slow renewal (retries included) never loses it halfway.
 *
 * <p>Every acquisition has an owner id of its own (the session's id and a generation), so that a
 * holder whose lease lapsed during a pause and went to another instance is recognised as stale by
 * the store ({@link TokenStore#renewLease}, {@link TokenStore#compareAndSetLeased}): it stops
 * before it spends a refresh token, and cannot save over the newer holder's result.
 */
final class RenewalLease {
  /** One daemon thread for every lease of the JVM: keeping a lease is one short store call. */
  private static final class Keeper {
    static final ScheduledThreadPoolExecutor EXECUTOR = newExecutor();

    private static ScheduledThreadPoolExecutor newExecutor() {
      ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "latchkey-lease-keeper");
        thread.setDaemon(true);
        return thread;
      });
      executor.setRemoveOnCancelPolicy(true);
      return executor;
    }
  }

  private final TokenSession session;
  private final TokenStore store;
  final String owner;
  private final Duration ttl;
  private volatile boolean held;
  private volatile boolean lost;
  /** When the store last confirmed the lease, on the client's clock. */
  private volatile long confirmedAt;
  private ScheduledFuture<?> keeping;

  RenewalLease(TokenSession session, long generation) {
    this.session = session;
    this.store = session.config.tokenStore;
    this.owner = Renewals.leaseOwner(session) + "." + generation;
    this.ttl = session.config.renewalLease;
  }

  /** Tries to take the lease; once taken, keeps it alive until {@link #release}. */
  boolean tryTake() throws IOException {
    long now = session.config.clock.millis();
    if (!store.tryLease(session.key, owner, ttl)) {
      return false;
    }
    confirmedAt = now;
    held = true;
    long period = Math.max(1, ttl.toMillis() / 4);
    keeping = Keeper.EXECUTOR.scheduleWithFixedDelay(this::keep, period, period,
        TimeUnit.MILLISECONDS);
    return true;
  }

  private void keep() {
    if (!held || lost) {
      return;
    }
    long now = session.config.clock.millis();
    try {
      if (store.renewLease(session.key, owner, ttl)) {
        confirmedAt = now;
      } else {
        lost = true;
      }
      session.registry.health.works();
    } catch (IOException | RuntimeException e) {
      session.registry.health.failed(e); // Tried again at the next beat; the check below decides.
    }
  }

  /**
   * Returns whether this holder may still spend the old token's refresh token: the lease is not
   * known lost, and the store confirms it if a quarter of its time has passed since it last did
   * (the holder may have been paused, a lapse that the keeper could not see).
   */
  boolean stillHeld() throws IOException {
    if (!held) {
      return true; // No lease (the store is down): each instance renews on its own.
    }
    if (lost) {
      return false;
    }
    long now = session.config.clock.millis();
    if (now - confirmedAt < ttl.toMillis() / 4) {
      return true;
    }
    try {
      if (!store.renewLease(session.key, owner, ttl)) {
        lost = true;
        return false;
      }
      confirmedAt = now;
      session.registry.health.works();
      return true;
    } catch (IOException | RuntimeException e) {
      session.registry.health.failed(e);
      return true; // The store is down: renewing beats failing the request.
    }
  }

  /** Stops keeping the lease and releases it, which also wakes the instances watching. */
  void release() {
    if (keeping != null) {
      keeping.cancel(false);
    }
    if (!held) {
      return;
    }
    held = false;
    try {
      store.releaseLease(session.key, owner);
    } catch (IOException | RuntimeException e) {
      session.registry.health.failed(e); // The lease expires by itself.
    }
  }
}
