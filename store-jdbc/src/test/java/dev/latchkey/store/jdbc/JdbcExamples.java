package dev.latchkey.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.store.TokenEncryption;

/** The JDBC example of docs/fleet.md, as a user writes it; {@code FleetPageTest} keeps them equal. */
final class JdbcExamples {
  private JdbcExamples() {
  }

  static OAuth2Client fleetClient(String jdbcUrl, TokenEncryption encryption, Provider provider,
      String clientId, String clientSecret) {
    // snippet:jdbc-store
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);                  // with connectTimeout=2&socketTimeout=10
    config.setConnectionTimeout(2_000);          // HikariCP's default, 30 s, hides an outage
    HikariDataSource pool = new HikariDataSource(config);

    JdbcTokenStore store = JdbcTokenStore.builder()
        .dataSource(pool)                        // any DataSource
        .table("latchkey_tokens")                // the default; may be schema-qualified
        .encryption(encryption)                  // optional: null stores plain JSON
        .createTable(true)                       // the default: CREATE TABLE IF NOT EXISTS
        .build();
    OAuth2Client client = OAuth2Client.builder()
        .provider(provider).clientId(clientId).clientSecret(clientSecret)
        .tokenStore(store)
        .build();
    // end-snippet
    return client;
  }
}
