package dev.latchkey;

import static dev.latchkey.TokenSessionFixtures.T0;
import static dev.latchkey.TokenSessionFixtures.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.TokenSessionFixtures.Crowd;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@link TokenStore#inMemory}: plain storage and compare-and-set by value. */
final class InMemoryTokenStoreTest {
  private final TokenStore store = TokenStore.inMemory();
  private final Token alice = token("at1", "rt1", T0, Duration.ofHours(1));
  private final Token rotated = token("at2", "rt2", T0, Duration.ofHours(1));
  private final Token stale = token("at0", "rt0", T0, Duration.ofHours(1));

  @Test
  void savesLoadsAndDeletesByKey() throws IOException {
    assertNull(store.load("alice"));
    store.save("alice", alice);
    store.save("bob", rotated);

    assertEquals(alice, store.load("alice"));
    store.save("alice", rotated);
    assertEquals(rotated, store.load("alice"));
    store.delete("alice");
    store.delete("nobody");
    assertNull(store.load("alice"));
    assertEquals(rotated, store.load("bob"));
  }

  @Test
  void compareAndSetWithNullExpectedCreatesOnlyMissingEntry() throws IOException {
    assertTrue(store.compareAndSet("alice", null, alice));
    assertEquals(alice, store.load("alice"));

    assertFalse(store.compareAndSet("alice", null, rotated));
    assertEquals(alice, store.load("alice"));
  }

  @Test
  void compareAndSetReplacesOnlyMatchingEntry() throws IOException {
    store.save("alice", alice);

    assertFalse(store.compareAndSet("alice", stale, rotated));
    assertEquals(alice, store.load("alice"));
    assertTrue(store.compareAndSet("alice", alice, rotated));
    assertEquals(rotated, store.load("alice"));
    assertFalse(store.compareAndSet("bob", alice, rotated), "matched a missing entry");
    assertNull(store.load("bob"));
  }

  @Test
  void compareAndSetMatchesEqualTokenNotJustSameInstance() throws IOException {
    store.save("alice", alice);

    assertTrue(store.compareAndSet("alice", alice.newBuilder().build(), rotated));
    assertEquals(rotated, store.load("alice"));
  }

  @Test
  void compareAndSetWithNullUpdateDeletesMatchingEntry() throws IOException {
    store.save("alice", alice);

    assertFalse(store.compareAndSet("alice", stale, null));
    assertEquals(alice, store.load("alice"));
    assertTrue(store.compareAndSet("alice", alice, null));
    assertNull(store.load("alice"));
  }

  @Test
  void compareAndSetFromNothingToNothingSucceedsOnlyWithoutEntry() throws IOException {
    assertTrue(store.compareAndSet("alice", null, null));
    store.save("alice", alice);
    assertFalse(store.compareAndSet("alice", null, null));
    assertEquals(alice, store.load("alice"));
  }

  @Test
  void compareAndSetIsAtomicAcrossThreads() throws Exception {
    store.save("counter", counter(0));
    int threads = 16;
    int incrementsEach = 200;

    Crowd crowd = Crowd.start(threads, () -> {
      for (int done = 0; done < incrementsEach; ) {
        Token current = store.load("counter");
        int value = Integer.parseInt(current.accessToken().substring(1));
        if (store.compareAndSet("counter", current, counter(value + 1))) {
          done++;
        }
      }
      return "ok";
    });

    assertEquals(List.of("ok"), crowd.outcomes().stream().distinct().collect(Collectors.toList()));
    assertEquals("v" + threads * incrementsEach, store.load("counter").accessToken());
  }

  private static Token counter(int value) {
    return Token.builder().accessToken("v" + value).issuedAt(T0).build();
  }

  @Test
  void rejectsNullKeyAndToken() {
    assertEquals("key == null",
        assertThrows(NullPointerException.class, () -> store.load(null)).getMessage());
    assertEquals("key == null",
        assertThrows(NullPointerException.class, () -> store.compareAndSet(null, null, alice))
            .getMessage());
    assertEquals("token == null",
        assertThrows(NullPointerException.class, () -> store.save("alice", null)).getMessage());
  }
}
