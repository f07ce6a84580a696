package dev.latchkey.store.redis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.TokenStore;
import dev.latchkey.store.KeyWatches;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.JedisPooled;

/**
 * A subscription whose connection goes silent (packets dropped, the socket left open) is found
 * out by an unanswered ping after a quiet spell, and replaced: notifications arrive again.
 */
final class SilentNetworkTest {
  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private static final String CHANNEL = "latchkey-silent-test:renewed";

  @Test
  void aSubscriptionOnASilentConnectionIsReplaced() throws Exception {
    KeyWatches watches = new KeyWatches();
    try (BlackholeProxy proxy = new BlackholeProxy(redis.server().port());
        JedisPooled viaProxy = new JedisPooled("redis://127.0.0.1:" + proxy.port());
        JedisPooled direct = new JedisPooled(redis.server().uri());
        TokenStore.Watch watch = watches.open("alice")) {
      RedisSubscriber subscriber =
          new RedisSubscriber(viaProxy, CHANNEL, watches, Duration.ofMillis(200));
      subscriber.start();
      try {
        assertTrue(hears(direct, watch), "the subscription hears a publish");
        proxy.swallowOpenConnections();
        assertTrue(hears(direct, watch),
            "after its connection went silent, a new subscription hears a publish");
      } finally {
        subscriber.stop();
      }
    }
  }

  /** Publishes until the watch wakes, bounded: a subscription being (re)made misses some. */
  private static boolean hears(JedisPooled direct, TokenStore.Watch watch) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      direct.publish(CHANNEL, "alice");
      if (watch.await(100)) {
        while (watch.await(50)) {
          // Drains the publishes that arrived together.
        }
        return true;
      }
    }
    return false;
  }
}
