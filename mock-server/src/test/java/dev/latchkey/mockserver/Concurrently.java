package dev.latchkey.mockserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task many times at once on threads of its own, with every wait bounded. Never the
 * common ForkJoinPool: it has one thread on a 2-core machine, so a second blocking task would
 * wait for the first.
 */
final class Concurrently {
  static final Duration BOUND = Duration.ofSeconds(60);

  private Concurrently() {
  }

  /** {@return the results of {@code tasks} runs of {@code task} on {@code threads} threads} */
  static <T> List<T> call(int tasks, int threads, Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<T> results = new ArrayList<>();
    try {
      // invokeAll cancels what is not done within the bound.
      for (Future<T> run : pool.invokeAll(Collections.nCopies(tasks, task), BOUND.toSeconds(),
          TimeUnit.SECONDS)) {
        if (run.isCancelled()) throw new AssertionError(tasks + " runs not done in " + BOUND);
        results.add(run.get());
      }
    } finally {
      pool.shutdownNow();
    }
    if (!pool.awaitTermination(BOUND.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("threads still running " + BOUND + " after shutdown");
    }
    return results;
  }
}
