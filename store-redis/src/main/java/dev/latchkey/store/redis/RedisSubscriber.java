package dev.latchkey.store.redis;

import dev.latchkey.store.KeyWatches;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;

/**
 * The thread that listens on a {@link RedisTokenStore}'s channel and wakes the sessions watching
 * the key each message names. It resubscribes after a lost connection, a second later; what was
 * published meanwhile is lost, which waiting sessions make up for by reading the store.
 *
 * <p>A subscription waits on its socket without a timeout, so a network that drops packets
 * without closing the connection would leave it deaf for as long as TCP keepalive takes (hours).
 * On a {@link JedisPooled} client (the store's own, from {@code uri}), the subscriber therefore
 * holds its connection itself and pings it after a quiet spell; a ping that gets no answer in
 * time means the connection is dead, and it is dropped and replaced.
 */
final class RedisSubscriber {
  private static final Logger LOG = Logger.getLogger("dev.latchkey.store.redis");
  private static final long RESUBSCRIBE_MILLIS = 1000;
  static final Duration DEFAULT_CHECK_AFTER = Duration.ofSeconds(30);
  private static final Duration PONG_TIMEOUT = Duration.ofSeconds(5);

  private final UnifiedJedis redis;
  private final String channel;
  private final KeyWatches watches;
  private final long checkAfterNanos;
  private final long pongTimeoutNanos;
  private final Thread thread;
  private final Thread checker;
  /** When the subscription last heard from Redis: a message, a pong, the subscription. */
  private volatile long heardAt = System.nanoTime();
  /** When the unanswered ping was sent, or 0. */
  private volatile long pingedAt;
  /** The connection the subscription runs on, where the subscriber holds it itself. */
  private volatile Connection connection;
  private final JedisPubSub pubSub = new JedisPubSub() {
    @Override
    public void onMessage(String from, String key) {
      heard();
      watches.changed(key);
    }

    @Override
    public void onSubscribe(String from, int subscriptions) {
      heard();
    }

    @Override
    public void onPong(String pattern) {
      heard();
    }
  };
  private volatile boolean stopped;

  RedisSubscriber(UnifiedJedis redis, String channel, KeyWatches watches) {
    this(redis, channel, watches, DEFAULT_CHECK_AFTER);
  }

  RedisSubscriber(UnifiedJedis redis, String channel, KeyWatches watches, Duration checkAfter) {
    this.redis = redis;
    this.channel = channel;
    this.watches = watches;
    this.checkAfterNanos = checkAfter.toNanos();
    this.pongTimeoutNanos = Math.min(PONG_TIMEOUT.toNanos(), checkAfterNanos);
    this.thread = new Thread(this::run, "latchkey-redis-watch");
    thread.setDaemon(true);
    this.checker = new Thread(this::check, "latchkey-redis-watch-check");
    checker.setDaemon(true);
  }

  void start() {
    thread.start();
    if (redis instanceof JedisPooled) {
      checker.start();
    }
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
    checker.interrupt();
  }

  /** Returns whether the subscription is live, for tests. */
  boolean subscribed() {
    return pubSub.isSubscribed();
  }

  private void heard() {
    heardAt = System.nanoTime();
    pingedAt = 0;
  }

  private void run() {
    while (!stopped) {
      try {
        if (redis instanceof JedisPooled) {
          try (Connection held = ((JedisPooled) redis).getPool().getResource()) {
            connection = held;
            heard();
            pubSub.proceed(held, channel); // Returns when unsubscribed; throws when cut off.
          } finally {
            connection = null;
          }
        } else {
          redis.subscribe(pubSub, channel);
        }
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

  /** Pings a quiet subscription, and drops its connection if the ping is not answered. */
  private void check() {
    long beat = Math.max(1, pongTimeoutNanos / 2_000_000);
    while (!stopped) {
      try {
        Thread.sleep(beat);
      } catch (InterruptedException e) {
        return;
      }
      Connection current = connection;
      if (current == null || !pubSub.isSubscribed()) {
        continue;
      }
      long now = System.nanoTime();
      long pinged = pingedAt;
      try {
        if (pinged != 0 && now - pinged >= pongTimeoutNanos) {
          LOG.fine("latchkey: the Redis token store's subscription did not answer a ping;"
              + " reconnecting");
          pingedAt = 0;
          current.disconnect(); // Its blocked read fails, and the subscriber starts afresh.
        } else if (pinged == 0 && now - heardAt >= checkAfterNanos) {
          pingedAt = now;
          pubSub.ping();
        }
      } catch (RuntimeException e) {
        // The connection broke as it was used: the subscriber's read fails and it starts afresh.
      }
    }
  }
}
