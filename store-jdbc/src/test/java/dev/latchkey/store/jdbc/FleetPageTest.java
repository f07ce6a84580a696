package dev.latchkey.store.jdbc;

import dev.latchkey.store.testing.StoreSnippets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

final class FleetPageTest {
  @Test
  void theFleetPageShowsTheJdbcExample() throws Exception {
    StoreSnippets.assertDocumented(StoreSnippets.fleetPage(),
        Path.of("src/test/java/dev/latchkey/store/jdbc/JdbcExamples.java"), "jdbc-store");
  }
}
