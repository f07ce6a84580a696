package dev.latchkey.store.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.Token;
import dev.latchkey.TokenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TokenStore} must do: round trips, compare-and-set, atomicity under races,
 * and renewal leases. It runs against every store, the SDK's in-memory and file stores and the
 * shared ones on a real server ({@link SharedTokenStoreContract} adds what those encode): each
 * store's test extends it and says how to make a store.
 */
public abstract class TokenStoreContract {
  /**
   * Returns a store over this test's own namespace (a key prefix, a table, a file); every call
   * within a test sees the same data.
   */
  protected abstract TokenStore store() throws Exception;

  /** Makes a lease taken now with {@code ttl} run out: waits, or advances the store's clock. */
  protected void outlive(Duration ttl) throws Exception {
    Thread.sleep(ttl.toMillis() + 100);
  }

  public static Token fullToken(String suffix) {
    Map<String, Object> extras = new LinkedHashMap<>();
    extras.put("id_token", "eyJ.id." + suffix);
    extras.put("expires_in_hint", 3600.0);
    extras.put("fractional", 0.25);
    extras.put("admin", true);
    extras.put("groups", List.of("engineering", "demo", 7.0));
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("region", "eu");
    nested.put("nothing", null);
    extras.put("nested", nested);
    extras.put("unicode", "Ünïcødé ✓ \"quoted\" \\ slash");
    return Token.builder()
        .accessToken("access-secret-" + suffix)
        .tokenType("bearer")
        .issuedAt(Instant.parse("2025-06-01T10:00:00.123456789Z"))
        .expiresAt(Instant.parse("2025-06-01T11:00:00.5Z"))
        .refreshToken("refresh-secret-" + suffix)
        .scopes(new LinkedHashSet<>(List.of("read", "write", "profile")))
        .extras(extras)
        .build();
  }

  public static Token minimalToken(String suffix) {
    return Token.builder().accessToken("access-only-" + suffix)
        .issuedAt(Instant.parse("2025-06-01T10:00:00Z")).build();
  }

  @Test
  void roundTripKeepsEveryField() throws Exception {
    TokenStore store = store();
    Token token = fullToken("a");
    store.save("alice", token);
    Token loaded = store.load("alice");
    assertEquals(token, loaded);
    assertEquals("access-secret-a", loaded.accessToken());
    assertEquals("bearer", loaded.tokenType());
    assertEquals(token.issuedAt(), loaded.issuedAt());
    assertEquals(token.expiresAt(), loaded.expiresAt());
    assertEquals("refresh-secret-a", loaded.refreshToken());
    assertEquals(List.of("read", "write", "profile"), new ArrayList<>(loaded.scopes()));
    assertEquals(token.extras(), loaded.extras());
    assertTrue(((Map<?, ?>) loaded.extras().get("nested")).containsKey("nothing"));
  }

  @Test
  void roundTripOfATokenWithoutOptionalFields() throws Exception {
    TokenStore store = store();
    Token token = minimalToken("m");
    store.save("app", token);
    Token loaded = store.load("app");
    assertEquals(token, loaded);
    assertNull(loaded.expiresAt());
    assertNull(loaded.refreshToken());
    assertTrue(loaded.scopes().isEmpty());
    assertTrue(loaded.extras().isEmpty());
  }

  @Test
  void loadOfAnAbsentKeyIsNull() throws Exception {
    assertNull(store().load("nobody"));
  }

  @Test
  void saveReplacesAndKeysAreIndependent() throws Exception {
    TokenStore store = store();
    store.save("alice", fullToken("1"));
    store.save("bob", fullToken("b"));
    store.save("alice", fullToken("2"));
    assertEquals(fullToken("2"), store.load("alice"));
    assertEquals(fullToken("b"), store.load("bob"));
  }

  @Test
  void deleteRemovesTheEntryAndIgnoresAnAbsentOne() throws Exception {
    TokenStore store = store();
    store.save("alice", fullToken("1"));
    store.delete("alice");
    assertNull(store.load("alice"));
    store.delete("alice");
    store.delete("never-there");
    store.save("alice", fullToken("3"));
    assertEquals(fullToken("3"), store.load("alice"));
  }

  @Test
  void compareAndSetExpectingNothingCreatesOnlyWhenAbsent() throws Exception {
    TokenStore store = store();
    assertTrue(store.compareAndSet("alice", null, fullToken("1")));
    assertEquals(fullToken("1"), store.load("alice"));
    assertFalse(store.compareAndSet("alice", null, fullToken("2")));
    assertEquals(fullToken("1"), store.load("alice"));
  }

  @Test
  void compareAndSetWithAMismatchChangesNothing() throws Exception {
    TokenStore store = store();
    store.save("alice", fullToken("1"));
    assertFalse(store.compareAndSet("alice", fullToken("other"), fullToken("2")));
    assertFalse(store.compareAndSet("alice", fullToken("other"), null));
    assertFalse(store.compareAndSet("bob", fullToken("1"), fullToken("2")), "absent is no match");
    assertEquals(fullToken("1"), store.load("alice"));
    assertNull(store.load("bob"));
  }

  @Test
  void compareAndSetWithAMatchReplaces() throws Exception {
    TokenStore store = store();
    store.save("alice", fullToken("1"));
    assertTrue(store.compareAndSet("alice", fullToken("1"), fullToken("2")));
    assertEquals(fullToken("2"), store.load("alice"));
    assertFalse(store.compareAndSet("alice", fullToken("1"), fullToken("3")), "no longer current");
  }

  @Test
  void compareAndSetToNullDeletesOnlyTheExpectedToken() throws Exception {
    TokenStore store = store();
    store.save("alice", fullToken("1"));
    assertTrue(store.compareAndSet("alice", fullToken("1"), null));
    assertNull(store.load("alice"));
    assertTrue(store.compareAndSet("alice", null, fullToken("4")), "deleted entries are absent");
    assertEquals(fullToken("4"), store.load("alice"));
  }

  /** Runs {@code racer.apply(i)} for 16 racers released at once; returns who succeeded. */
  private static List<Integer> race(IntFunction<Callable<Boolean>> racer) throws Exception {
    int racers = 16;
    ExecutorService threads = Executors.newFixedThreadPool(racers);
    try {
      CyclicBarrier start = new CyclicBarrier(racers);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        Callable<Boolean> call = racer.apply(i);
        results.add(threads.submit(() -> {
          start.await(10, TimeUnit.SECONDS);
          return call.call();
        }));
      }
      List<Integer> winners = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        if (results.get(i).get(30, TimeUnit.SECONDS)) {
          winners.add(i);
        }
      }
      return winners;
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void concurrentCompareAndSetsFromOneTokenHaveOneWinner() throws Exception {
    TokenStore store = store();
    store.save("alice", fullToken("0"));
    List<Integer> winners = race(i ->
        () -> store.compareAndSet("alice", fullToken("0"), fullToken("racer-" + i)));
    assertEquals(1, winners.size(), "winners: " + winners);
    assertEquals(fullToken("racer-" + winners.get(0)), store.load("alice"));
  }

  @Test
  void concurrentFirstSavesExpectingNothingHaveOneWinner() throws Exception {
    TokenStore store = store();
    List<Integer> winners =
        race(i -> () -> store.compareAndSet("app", null, fullToken("first-" + i)));
    assertEquals(1, winners.size(), "winners: " + winners);
    assertEquals(fullToken("first-" + winners.get(0)), store.load("app"));
  }

  @Test
  void leaseIsExclusiveUntilReleased() throws Exception {
    TokenStore store = store();
    assertTrue(store.tryLease("alice", "instance-a", Duration.ofSeconds(30)));
    assertFalse(store.tryLease("alice", "instance-b", Duration.ofSeconds(30)));
    assertTrue(store.tryLease("bob", "instance-b", Duration.ofSeconds(30)), "leases are per key");
    store.releaseLease("alice", "instance-a");
    assertTrue(store.tryLease("alice", "instance-b", Duration.ofSeconds(30)));
  }

  @Test
  void leaseIsReentrantForItsOwnerAndExtendsIt() throws Exception {
    TokenStore store = store();
    Duration ttl = Duration.ofMillis(1500);
    assertTrue(store.tryLease("alice", "instance-a", ttl));
    outlive(Duration.ofMillis(1000));
    assertTrue(store.tryLease("alice", "instance-a", ttl), "the owner takes it again");
    outlive(Duration.ofMillis(1000));
    assertFalse(store.tryLease("alice", "instance-b", ttl), "the second take extended the lease");
  }

  @Test
  void onlyTheOwnerReleasesTheLease() throws Exception {
    TokenStore store = store();
    assertTrue(store.tryLease("alice", "instance-a", Duration.ofSeconds(30)));
    store.releaseLease("alice", "instance-b");
    assertFalse(store.tryLease("alice", "instance-b", Duration.ofSeconds(30)));
    store.releaseLease("alice", "instance-a");
    store.releaseLease("alice", "instance-a"); // Releasing a released lease is harmless.
    assertTrue(store.tryLease("alice", "instance-b", Duration.ofSeconds(30)));
  }

  @Test
  void leaseOfACrashedHolderExpiresByItself() throws Exception {
    TokenStore store = store();
    Duration ttl = Duration.ofMillis(300);
    assertTrue(store.tryLease("alice", "crashed", ttl));
    assertFalse(store.tryLease("alice", "survivor", Duration.ofSeconds(30)));
    outlive(ttl);
    assertTrue(store.tryLease("alice", "survivor", Duration.ofSeconds(30)));
    store.releaseLease("alice", "crashed"); // The crashed holder's late release frees nothing.
    assertFalse(store.tryLease("alice", "third", Duration.ofSeconds(30)));
  }

  @Test
  void leasesLeaveTheTokenAlone() throws Exception {
    TokenStore store = store();
    assertTrue(store.tryLease("alice", "instance-a", Duration.ofSeconds(30)));
    assertNull(store.load("alice"), "a lease on an absent key creates no token");
    assertTrue(store.compareAndSet("alice", null, fullToken("1")));
    assertTrue(store.tryLease("alice", "instance-a", Duration.ofSeconds(30)));
    assertEquals(fullToken("1"), store.load("alice"));
    assertTrue(store.compareAndSet("alice", fullToken("1"), fullToken("2")));
    store.releaseLease("alice", "instance-a");
    assertEquals(fullToken("2"), store.load("alice"));
    store.delete("alice");
    assertTrue(store.tryLease("alice", "instance-b", Duration.ofSeconds(30)));
    assertNull(store.load("alice"));
  }

  @Test
  void aLapsedHolderCanNeitherKeepItsLeaseNorSaveOverItsSuccessor() throws Exception {
    TokenStore store = store();
    assertTrue(store.compareAndSet("alice", null, fullToken("1")));
    Duration ttl = Duration.ofMillis(300);
    assertTrue(store.tryLease("alice", "holder.1", ttl));
    assertTrue(store.renewLease("alice", "holder.1", ttl), "the holder keeps its lease");
    outlive(ttl); // A pause longer than the lease.
    assertFalse(store.renewLease("alice", "holder.1", ttl), "a lapsed lease is not kept");
    assertTrue(store.tryLease("alice", "successor.1", Duration.ofSeconds(30)));
    assertFalse(store.compareAndSetLeased("alice", "holder.1", fullToken("1"), fullToken("2")),
        "the lapsed holder's save is fenced off although the token is still the one it read");
    assertEquals(fullToken("1"), store.load("alice"));
    assertTrue(store.compareAndSetLeased("alice", "successor.1", fullToken("1"),
        fullToken("3")));
    assertFalse(store.compareAndSetLeased("alice", "successor.1", fullToken("1"),
        fullToken("4")), "the token's compare-and-set still applies");
    assertEquals(fullToken("3"), store.load("alice"));
  }

  @Test
  void aFencedSaveEndsTheLeaseItWasTakenFor() throws Exception {
    TokenStore store = store();
    assertTrue(store.compareAndSet("alice", null, fullToken("1")));
    assertTrue(store.tryLease("alice", "holder.1", Duration.ofSeconds(30)));
    assertFalse(store.tryLease("alice", "waiter.1", Duration.ofSeconds(30)));
    assertTrue(store.compareAndSetLeased("alice", "holder.1", fullToken("1"), fullToken("2")));
    assertFalse(store.renewLease("alice", "holder.1", Duration.ofSeconds(30)),
        "the save ended the holder's lease");
    assertTrue(store.tryLease("alice", "waiter.1", Duration.ofSeconds(30)),
        "a waiting instance finds the lease free as soon as the result is saved");
    store.releaseLease("alice", "holder.1"); // The holder's release, after its save.
    assertFalse(store.tryLease("alice", "third.1", Duration.ofSeconds(30)),
        "the holder's late release leaves the next holder's lease alone");
    assertEquals(fullToken("2"), store.load("alice"));
  }

  @Test
  void renewLeaseNeverTakesAFreeLease() throws Exception {
    TokenStore store = store();
    assertFalse(store.renewLease("alice", "instance-a", Duration.ofSeconds(30)));
    assertTrue(store.tryLease("alice", "instance-a", Duration.ofSeconds(30)));
    store.releaseLease("alice", "instance-a");
    assertFalse(store.renewLease("alice", "instance-a", Duration.ofSeconds(30)));
    assertTrue(store.tryLease("alice", "instance-b", Duration.ofSeconds(30)),
        "the failed renewal took nothing");
  }

  @Test
  void aWatchIsWokenBySavesAndReleases() throws Exception {
    TokenStore store = store();
    TokenStore.Watch watch = store.watch("alice");
    org.junit.jupiter.api.Assumptions.assumeTrue(watch != null, "this store cannot notify");
    try (watch) {
      awaitListening(store, watch);
      assertTrue(store.tryLease("alice", "instance-a", Duration.ofSeconds(30)));
      store.releaseLease("alice", "instance-a");
      assertTrue(watch.await(10_000), "a lease release was announced");

      Token last = store.load("alice");
      assertTrue(store.tryLease("alice", "holder.1", Duration.ofSeconds(30)));
      assertTrue(store.compareAndSetLeased("alice", "holder.1", last, fullToken("fenced")));
      assertTrue(watch.await(10_000), "a fenced save was announced");
    }
  }

  /**
   * Returns once {@code watch} hears compare-and-sets of "alice", and nothing is pending: the
   * store's listener may still be connecting, and saves before that are lost, as sessions allow
   * for, so this keeps saving until one is heard (bounded).
   */
  protected static void awaitListening(TokenStore store, TokenStore.Watch watch)
      throws Exception {
    boolean heard = false;
    for (int i = 0; i < 100 && !heard; i++) {
      store.save("alice", fullToken("s" + i));
      assertTrue(store.compareAndSet("alice", fullToken("s" + i), fullToken("c" + i)));
      heard = watch.await(100);
    }
    assertTrue(heard, "a compare-and-set was announced");
    while (watch.await(200)) {
      // Drains what the loop announced.
    }
  }
}
