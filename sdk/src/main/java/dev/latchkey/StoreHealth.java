package dev.latchkey;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Whether the token store works, shared by a client's sessions so that an outage is logged once
 * when it starts and once when it ends, however many sessions see it.
 */
final class StoreHealth {
  private static final Logger LOG = Logger.getLogger("dev.latchkey");

  private final TokenStore store;
  private final TokenListener listener;
  private final AtomicBoolean down = new AtomicBoolean();

  StoreHealth(TokenStore store, TokenListener listener) {
    this.store = store;
    this.listener = listener;
  }

  /**
   * Tells the listener of every failure, and logs one warning when the token store starts
   * failing; sessions go on in memory.
   */
  void failed(Exception failure) {
    Notify.listener(listener, "storeFailed", l -> l.storeFailed(failure));
    if (down.compareAndSet(false, true)) {
      LOG.warning("latchkey: the token store " + store + " failed ("
          + failure.getClass().getSimpleName() + "); sessions keep their tokens in memory and"
          + " renew on their own until it works again");
    }
  }

  void works() {
    if (down.compareAndSet(true, false)) {
      LOG.info("latchkey: the token store " + store + " works again");
    }
  }
}
