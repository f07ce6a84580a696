package dev.latchkey.store.redis;

import dev.latchkey.store.KeyWatches;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;

/**
 * The thread that listens on a {@link RedisTokenStore}'s channel and wakes the sessions watching
 * the key each message names. It resubscribes after a lost connection, a second later; what was
 * published meanwhile is lost, which waiting sessions make up for by reading the store.
 */
final class RedisSubscriber {
  private static final Logger LOG = Logger.getLogger("dev.latchkey.store.redis");
  private static final long RESUBSCRIBE_MILLIS = 1000;

  private final UnifiedJedis redis;
  private final String channel;
  private final KeyWatches watches;
  private final Thread thread;
  private final JedisPubSub pubSub = new JedisPubSub() {
    @Override
    public void onMessage(String from, String key) {
      watches.changed(key);
    }
  };
  private volatile boolean stopped;

  RedisSubscriber(UnifiedJedis redis, String channel, KeyWatches watches) {
    this.redis = redis;
    this.channel = channel;
    this.watches = watches;
    this.thread = new Thread(this::run, "latchkey-redis-watch");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  void stop() {
    stopped = true;
    try {
      if (pubSub.isSubscribed()) {
        pubSub.unsubscribe();
      }
    } catch (RuntimeException e) {
      // The connection is gone already.
    }
    thread.interrupt();
  }

  /** Returns whether the subscription is live, for tests. */
  boolean subscribed() {
    return pubSub.isSubscribed();
  }

  private void run() {
    while (!stopped) {
      try {
        redis.subscribe(pubSub, channel); // Returns when unsubscribed; throws when disconnected.
      } catch (RuntimeException e) {
        if (stopped) {
          return;
        }
        LOG.log(Level.FINE, "latchkey: the Redis token store's subscription failed ("
            + e.getClass().getSimpleName() + "); waiting sessions poll until it is back", e);
      }
      try {
        Thread.sleep(RESUBSCRIBE_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
