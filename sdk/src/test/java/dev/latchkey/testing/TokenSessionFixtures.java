package dev.latchkey.testing;

import dev.latchkey.TestHooks;
import dev.latchkey.Token;
import dev.latchkey.TokenListener;
import dev.latchkey.TokenSession;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** Executors, listeners and thread helpers shared by the token-session tests. */
public final class TokenSessionFixtures {
  /** Every wait in these tests gives up (and fails the test) after this long. */
  public static final long TIMEOUT_SECONDS = 10;
  public static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  private TokenSessionFixtures() {
  }

  /** A token received at {@code issuedAt} that lives {@code lifetime}. */
  public static Token token(String accessToken, String refreshToken, Instant issuedAt, Duration lifetime) {
    return Token.builder()
        .accessToken(accessToken)
        .refreshToken(refreshToken)
        .issuedAt(issuedAt)
        .expiresAt(issuedAt.plus(lifetime))
        .build();
  }

  public static void await(CountDownLatch latch, String what) throws InterruptedException {
    if (!latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      fail("timed out after " + TIMEOUT_SECONDS + " s waiting for " + what);
    }
  }

  /** Holds background renewals until the test runs them, on the test's thread. */
  public static final class RecordingExecutor implements Executor {
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger submitted = new AtomicInteger();

    @Override
    public void execute(Runnable task) {
      submitted.incrementAndGet();
      queue.add(task);
    }

    /** How many tasks were ever submitted. */
    public int submitted() {
      return submitted.get();
    }

    public int pending() {
      return queue.size();
    }

    /** Runs the queued tasks on the calling thread; returns how many ran. */
    public int runAll() {
      int ran = 0;
      for (Runnable task; (task = queue.poll()) != null; ran++) {
        task.run();
      }
      return ran;
    }
  }

  /** Records what a listener hears, as {@code "issued alice at1"}, {@code "failed alice X"}. */
  public static final class RecordingListener implements TokenListener {
    public final List<String> events = new CopyOnWriteArrayList<>();
    public final List<Exception> failures = new CopyOnWriteArrayList<>();

    @Override
    public void issued(String sessionKey, Token token) {
      events.add("issued " + sessionKey + " " + token.accessToken());
    }

    @Override
    public void renewed(String sessionKey, Token token) {
      events.add("renewed " + sessionKey + " " + token.accessToken());
    }

    @Override
    public void renewalFailed(String sessionKey, Exception failure) {
      failures.add(failure);
      events.add("failed " + sessionKey + " " + failure.getClass().getSimpleName());
    }
  }

  /**
   * Threads that start a task together (through a barrier) and report what each got: the
   * task's value or what it threw.
   */
  public static final class Crowd {
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReferenceArray<Object> outcomes;

    private Crowd(int size, Callable<?> task) {
      outcomes = new AtomicReferenceArray<>(size);
      CyclicBarrier barrier = new CyclicBarrier(size);
      for (int i = 0; i < size; i++) {
        int index = i;
        Thread thread = new Thread(() -> {
          try {
            barrier.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            outcomes.set(index, task.call());
          } catch (Throwable t) {
            outcomes.set(index, t);
          }
        }, "crowd-" + i);
        thread.setDaemon(true);
        threads.add(thread);
      }
      threads.forEach(Thread::start);
    }

    public static Crowd start(int size, Callable<?> task) {
      return new Crowd(size, task);
    }

    /**
     * Waits until {@code count} callers are blocked on {@code session}'s renewal in flight (the
     * session counts them), so a held token response is released only after they joined.
     */
    public void awaitWaitingOnRenewal(TokenSession session, int count) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
      while (TestHooks.callersAwaitingRenewal(session) < count) {
        if (System.nanoTime() - deadline > 0) {
          fail("only " + TestHooks.callersAwaitingRenewal(session) + " of " + count
              + " callers joined the renewal within " + TIMEOUT_SECONDS + " s");
        }
        Thread.yield();
      }
    }

    /** Waits for every thread to finish and returns each one's value or throwable. */
    public List<Object> outcomes() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
      for (Thread thread : threads) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        thread.join(Math.max(1, left));
        assertFalse(thread.isAlive(), thread.getName() + " did not finish within "
            + TIMEOUT_SECONDS + " s");
      }
      List<Object> result = new ArrayList<>();
      for (int i = 0; i < outcomes.length(); i++) {
        result.add(outcomes.get(i));
      }
      assertTrue(result.stream().noneMatch(o -> o == null), "a thread reported nothing");
      return result;
    }
  }
}
