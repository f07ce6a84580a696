package dev.latchkey.store.redis;

import dev.latchkey.store.testing.StoreSnippets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

final class FleetPageTest {
  @Test
  void theFleetPageShowsTheRedisExample() throws Exception {
    StoreSnippets.assertDocumented(StoreSnippets.fleetPage(),
        Path.of("src/test/java/dev/latchkey/store/redis/RedisExamples.java"), "redis-store");
  }
}
