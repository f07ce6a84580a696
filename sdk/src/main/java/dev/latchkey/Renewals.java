package dev.latchkey;

import dev.latchkey.SessionState.Renewal;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.logging.Logger;

/**
 * One renewal of a {@link TokenSession}'s token, against its store and the token endpoint: takes
 * the store's renewal lease (or adopts what another instance renewed), runs the grant, and saves
 * the result by compare-and-set against the token it started from. It never writes over a newer
 * token: if the entry changed meanwhile (a new login, a sign-out, another instance), the store's
 * entry wins and the session discards this renewal's token.
 */
final class Renewals {
  private static final Logger LOG = Logger.getLogger("dev.latchkey");
  /** First pause while waiting for another instance's renewal to appear in the store. */
  private static final long LEASE_POLL_MILLIS = 25;
  private static final long LEASE_POLL_MAX_MILLIS = 500;

  private Renewals() {
  }

  /** Returns the token to publish: renewed here, or adopted from the store. */
  static Token renew(TokenSession session, Renewal renewal) throws IOException {
    Token rejected = session.state().rejected;
    Token old = renewal.from;
    if (old == null) {
      // Another process may have saved a token (a login, a renewal) since this one looked.
      Token stored = loadQuietly(session);
      if (usable(session, stored, rejected)) {
        return stored;
      }
      old = stored == null || stored.equals(rejected) ? null : stored;
    }
    if (old == null && !session.clientCredentials && session.exchange == null) {
      throw new ReauthorizationRequiredException(session.key, "No token is stored for \""
          + session.key + "\"; send the user through login (the authorization-code flow) first",
          null);
    }
    // One budget for the whole renewal, on whichever thread runs it: the wait for another
    // instance's lease, every token request and every pause between them.
    Deadline deadline = Deadline.start(session.config);
    while (true) {
      RenewalLease lease = new RenewalLease(session, ++session.leaseGeneration);
      Token renewedElsewhere = takeLeaseOrAwaitOthers(session, lease, old, rejected, deadline);
      if (renewedElsewhere != null) {
        return renewedElsewhere;
      }
      try {
        Token renewed = renewHoldingLease(session, renewal, old, lease, deadline);
        if (renewed != null) {
          return renewed;
        }
        // The lease lapsed before this instance spent anything (a pause): another instance has
        // it now, so wait for its result rather than spend the same refresh token.
        LOG.fine("latchkey: session " + session.key + " lost its renewal lease; waiting for the"
            + " instance that took it over");
      } finally {
        lease.release();
      }
    }
  }

  /** Renews holding the lease; returns null if the lease lapsed before anything was spent. */
  private static Token renewHoldingLease(TokenSession session, Renewal renewal, Token old,
      RenewalLease lease, Deadline deadline) throws IOException {
    ClientConfig config = session.config;
    if (!lease.stillHeld()) {
      return null;
    }
    if (session.exchange != null) {
      // An exchanged token renews by exchanging the subject's current token again (RFC 8693).
      Token fresh = TokenExchanges.exchange(session.grants, session.exchange, session.key);
      return saveRenewed(session, lease, old, fresh, old == null);
    }
    if (old == null) {
      Token fresh = session.grants.clientCredentials(config.scopes, deadline);
      return saveRenewed(session, lease, null, fresh, true);
    }
    boolean canRefresh = old.refreshToken() != null
        && config.provider.dialect().renewal() == Dialect.Renewal.REFRESH;
    Token fresh;
    if (canRefresh) {
      try {
        fresh = session.grants.refresh(old, deadline);
      } catch (TokenEndpointException e) {
        if (e.error() == null) {
          throw e; // An outage, not a rejection: keep the refresh token and try again later.
        }
        Token stored = loadQuietly(session);
        if (stored != null && !stored.equals(old) && !stored.isExpired(config.clock)) {
          // Another process or instance rotated the refresh token first: use its result.
          LOG.fine("latchkey: session " + session.key + " adopted a token renewed elsewhere");
          return stored;
        }
        if (!session.clientCredentials) {
          if (e.errorCode() != ErrorCode.INVALID_GRANT) {
            throw e; // Not this refresh token's fault (invalid_client, server_error): keep it.
          }
          deleteQuietly(session, stored);
          session.refreshRejected(renewal);
          throw new ReauthorizationRequiredException(session.key, "The provider rejected the"
              + " refresh token of \"" + session.key + "\" (" + Texts.quote(e.error())
              + "); it is expired or revoked. The stored token was deleted: send the user through"
              + " login again", e);
        }
        fresh = session.grants.clientCredentials(config.scopes, deadline);
      }
    } else if (session.clientCredentials) {
      fresh = session.grants.clientCredentials(config.scopes, deadline);
    } else {
      deleteQuietly(session, old);
      session.refreshRejected(renewal);
      throw new ReauthorizationRequiredException(session.key, "The token of \"" + session.key
          + "\" has expired and the provider gave no refresh token; send the user through login"
          + " again", null);
    }
    return saveRenewed(session, lease, old, fresh, false);
  }

  /**
   * Saves a renewed token, before any caller sees it (so a rotated refresh token is never lost),
   * if the entry still holds {@code expected}. Otherwise a newer writer won: a sign-out (the entry
   * is gone) ends the renewal, and a new login or another instance's valid token is adopted
   * instead; an expired or rejected entry is replaced. The first write is fenced by the lease: if
   * it lapsed and the entry is unchanged, the instance that took it over has not saved yet, and
   * this token, whose refresh token the provider issued last, is written by a plain
   * compare-and-set, which that instance's own save then finds and adopts.
   */
  private static Token saveRenewed(TokenSession session, RenewalLease lease, Token expected,
      Token fresh, boolean issued) throws IOException {
    TokenStore store = session.config.tokenStore;
    try {
      if (!store.compareAndSetLeased(session.key, lease.owner, expected, fresh)
          && !store.compareAndSet(session.key, expected, fresh)) {
        Token stored = store.load(session.key);
        session.registry.health.works();
        if (stored == null && expected != null && !session.clientCredentials) {
          throw new ReauthorizationRequiredException(session.key, "The session \"" + session.key
              + "\" was signed out while its token was being renewed; send the user through"
              + " login again", null);
        }
        if (usable(session, stored, session.state().rejected)) {
          LOG.fine("latchkey: session " + session.key + " discarded its renewal: the store holds"
              + " a newer token");
          return stored;
        }
        // What the store holds is gone or spent (expired, or rejected): ours replaces it.
        if (!store.compareAndSet(session.key, stored, fresh)) {
          return fresh; // Changing under us again: keep ours in memory, the store decides later.
        }
      }
      session.registry.health.works();
    } catch (ReauthorizationRequiredException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Serving the request beats failing it; the token stays in memory.
      session.registry.health.failed(e);
    }
    if (issued) {
      Notify.listener(session.config.listener, "issued", l -> l.issued(session.key, fresh));
    } else {
      Notify.listener(session.config.listener, "renewed", l -> l.renewed(session.key, fresh));
    }
    return fresh;
  }

  /**
   * Takes the store's renewal lease so that across instances one renews a key; while another
   * instance holds it, waits for that instance's result to appear in the store: woken by the
   * store's notification where it has them ({@link TokenStore#watch}), and reading it at growing
   * intervals all the same, so a lost notification costs one interval. A holder that died stops
   * keeping its short lease, which lapses within the lease time; the next look here takes it.
   * Returns null when this session should renew, or the token renewed elsewhere. A store that
   * fails is treated as absent: renewing locally beats failing a request that could be served.
   */
  private static Token takeLeaseOrAwaitOthers(TokenSession session, RenewalLease lease,
      Token old, Token rejected, Deadline deadline) throws IOException {
    ClientConfig config = session.config;
    TokenStore store = config.tokenStore;
    TokenStore.Watch watch = null;
    boolean watchFailed = false;
    long pause = LEASE_POLL_MILLIS;
    boolean woken = false;
    try {
      while (true) {
        if (woken) {
          // Most wake-ups are the holder's save: read before asking for the lease, which would
          // take it only to give it back (and wake everyone again).
          woken = false;
          Token current = loadQuietly(session);
          if (usable(session, current, rejected) && !current.equals(old)) {
            return current;
          }
        }
        try {
          if (lease.tryTake()) {
            session.registry.health.works();
            // The previous holder may have finished just now: use its token, not renew again.
            Token current = loadQuietly(session);
            if (usable(session, current, rejected) && !current.equals(old)) {
              lease.release();
              return current;
            }
            return null;
          }
        } catch (IOException | RuntimeException e) {
          session.registry.health.failed(e);
          return null;
        }
        if (watch == null && !watchFailed) {
          try {
            watch = store.watch(session.key); // Before the read below: nothing after it is missed.
          } catch (IOException | RuntimeException e) {
            // Another holder renews: never renew beside it for want of a notification; poll.
            LOG.fine("latchkey: watching " + session.key + " failed (" + e.getClass()
                .getSimpleName() + "); polling the store instead");
            watchFailed = true;
          }
        }
        Token current = loadQuietly(session);
        if (usable(session, current, rejected) && !current.equals(old)) {
          LOG.fine("latchkey: session " + session.key + " adopted a token another instance"
              + " renewed");
          return current;
        }
        if (deadline.remainingMillis() <= 0) {
          throw new OAuth2Exception("Timed out after " + config.renewalTimeout.toMillis()
              + " ms waiting for another instance to renew the token of session " + session.key);
        }
        try {
          if (watch == null) {
            config.sleeper.sleep(pause);
          } else if (watch.await(pause)) {
            pause = LEASE_POLL_MILLIS; // Something happened: the next silence is measured afresh.
            woken = true;
            continue;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("Interrupted while waiting for another instance to"
              + " renew the token of session " + session.key);
        }
        pause = Math.min(pause * 2, LEASE_POLL_MAX_MILLIS);
      }
    } finally {
      if (watch != null) {
        watch.close();
      }
    }
  }

  private static boolean usable(TokenSession session, Token token, Token rejected) {
    return token != null && !token.equals(rejected) && !token.isExpired(session.config.clock);
  }

  static String leaseOwner(TokenSession session) {
    if (session.leaseOwner == null) {
      session.leaseOwner = session.registry.nextLeaseOwner();
    }
    return session.leaseOwner;
  }

  /** Reads the store; a failing store reads as empty (and is reported once). */
  static Token loadQuietly(TokenSession session) throws IOException {
    try {
      Token token = session.config.tokenStore.load(session.key);
      session.registry.health.works();
      return token;
    } catch (OAuth2Exception e) {
      throw e; // A corrupt entry: the user needs to hear about it.
    } catch (IOException | RuntimeException e) {
      session.registry.health.failed(e);
      return null;
    }
  }

  private static void deleteQuietly(TokenSession session, Token expected) {
    try {
      session.config.tokenStore.compareAndSet(session.key, expected, null);
    } catch (IOException | RuntimeException e) {
      session.registry.health.failed(e);
    }
  }
}
