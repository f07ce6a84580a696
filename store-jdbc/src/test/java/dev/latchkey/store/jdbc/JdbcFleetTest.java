package dev.latchkey.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.TokenStore;
import dev.latchkey.store.testing.FleetContract;
import dev.latchkey.store.testing.LocalServices;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Eight app instances, each with its own JdbcTokenStore and HikariCP pool, on one PostgreSQL. */
final class JdbcFleetTest extends FleetContract {
  @RegisterExtension
  static final PostgresServerExtension postgres = new PostgresServerExtension();

  private final String table = "fleet_" + UUID.randomUUID().toString().replace("-", "");
  private final List<HikariDataSource> pools = new ArrayList<>();

  @AfterEach
  void closePools() {
    pools.forEach(HikariDataSource::close);
  }

  @Override
  protected TokenStore newInstanceStore() {
    HikariDataSource pool = postgres.server().newPool(4);
    pools.add(pool);
    return JdbcTokenStore.builder().dataSource(pool).table(table).build();
  }

  @Override
  protected TokenStore storeOnAClosedPort() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + LocalServices.freePort()
        + "/postgres?user=postgres&connectTimeout=1");
    config.setConnectionTimeout(250); // HikariCP's least: fail fast.
    config.setInitializationFailTimeout(-1);
    HikariDataSource pool = new HikariDataSource(config);
    pools.add(pool);
    return JdbcTokenStore.builder().dataSource(pool).table(table).build();
  }

  @Override
  protected void stopServer() {
    postgres.server().stop();
  }

  @Override
  protected void startServer() {
    postgres.server().start();
  }
}
