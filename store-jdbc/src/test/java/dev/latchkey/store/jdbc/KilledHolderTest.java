package dev.latchkey.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.TokenSession;
import dev.latchkey.mockserver.ConsentMode;
import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.Fault;
import dev.latchkey.mockserver.ManualClock;
import dev.latchkey.mockserver.MockAuthServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 19: an instance killed with SIGKILL while it holds the renewal lease, its token request
 * in flight, is replaced once its short lease lapses, not after the renewal timeout. The lease
 * is judged on the store's clock, which the test advances past the lease instead of waiting.
 */
final class KilledHolderTest {
  @RegisterExtension
  static final PostgresServerExtension postgres = new PostgresServerExtension();

  private final String table = "killed_" + UUID.randomUUID().toString().replace("-", "");
  private HikariDataSource pool;
  private Process holder;

  @AfterEach
  void cleanUp() {
    if (holder != null) {
      holder.destroyForcibly();
    }
    if (pool != null) {
      pool.close();
    }
  }

  @Test
  void holderKilledMidRenewalIsReplacedWhenItsShortLeaseLapses() throws Exception {
    // The survivor's clock starts now: the dead holder's lease, taken after this, is still on.
    ManualClock clock = new ManualClock(Instant.now());
    try (MockAuthServer mock = MockAuthServer.builder().consent(ConsentMode.AUTO_APPROVE).build()) {
      mock.start();
      DemoClient demo = mock.demoClient("orgapi");
      mock.enqueueFault(Fault.delay(Duration.ofMinutes(5)), 1); // The holder's answer never comes.
      Path secret = Files.createTempFile("latchkey-secret", ".txt");
      Files.writeString(secret, demo.clientSecret());
      String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      holder = new ProcessBuilder(List.of(javaBinary, "-cp", System.getProperty("java.class.path"),
          LeaseHolderProcess.class.getName(), postgres.server().jdbcUrl(), table,
          mock.baseUrl("orgapi").toString(), demo.clientId(), secret.toString()))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      awaitCondition(() -> mock.tokenRequests("orgapi") == 1, "the holder's token request");

      holder.destroyForcibly(); // SIGKILL: no release, no goodbye.
      Instant killedAt = Instant.now();
      assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
      assertEquals(137, holder.exitValue(), "killed by SIGKILL (128 + 9)");
      Files.delete(secret);

      pool = postgres.server().newPool(4);
      JdbcTokenStore store = JdbcTokenStore.builder().dataSource(pool).table(table)
          .clock(clock).build();
      OAuth2Client survivor = OAuth2Client.builder()
          .provider(Provider.organizationApiBasic(mock.baseUrl("orgapi").toString()))
          .clientId(demo.clientId()).clientSecret(demo.clientSecret())
          .tokenStore(store).clock(clock).build();
      TokenSession session = survivor.clientCredentialsSession();
      assertFalse(store.tryLease(session.key(), "probe", Duration.ofSeconds(1)),
          "the dead holder's lease is still on");

      // One lease time after the kill, the holder's lease (taken before it) has lapsed.
      clock.set(killedAt.plus(OAuth2Client.DEFAULT_RENEWAL_LEASE).plusMillis(1));
      // Bounded, so that a survivor that never takes over fails the test instead of hanging it;
      // on a thread of its own, not the common pool's (one thread on 2 cores).
      ExecutorService caller = Executors.newSingleThreadExecutor();
      String token;
      try {
        token = caller.submit(session::accessToken).get(60, TimeUnit.SECONDS);
      } finally {
        caller.shutdownNow();
      }

      assertEquals(2, mock.tokenRequests("orgapi", "client_credentials"),
          "one request by the dead holder, one by the survivor");
      assertEquals(token, store.load(session.key()).accessToken());
      assertNotEquals(null, token);
      survivor.close();
    }
  }

  /** Waits for something the test cannot be told of, bounded. */
  private static void awaitCondition(BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
      Thread.sleep(20);
    }
  }
}
