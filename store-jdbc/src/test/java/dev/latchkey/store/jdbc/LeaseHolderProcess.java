package dev.latchkey.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An app instance in a JVM of its own, for {@link KilledHolderTest}: it asks for the application
 * token once through a {@link JdbcTokenStore}, and so takes the renewal lease; the test kills it
 * with SIGKILL while the token endpoint holds back its answer.
 *
 * <p>Arguments: JDBC URL, table, token endpoint base URL, client id, file holding the secret.
 */
public final class LeaseHolderProcess {
  private LeaseHolderProcess() {
  }

  public static void main(String[] args) throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(args[0]);
    config.setMaximumPoolSize(2);
    try (HikariDataSource pool = new HikariDataSource(config);
        JdbcTokenStore store = JdbcTokenStore.builder().dataSource(pool).table(args[1]).build();
        OAuth2Client client = OAuth2Client.builder()
            .provider(Provider.organizationApiBasic(args[2]))
            .clientId(args[3]).clientSecret(Files.readString(Path.of(args[4])))
            .tokenStore(store).build()) {
      client.clientCredentialsSession().accessToken();
      System.out.println("renewed"); // Not reached when the test kills this process first.
    }
  }
}
