package dev.latchkey;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Pauses the calling thread: between retries of a token request, between looks at a shared
 * store while another instance renews, and between polls of the device flow. Tests pass one that
 * advances their manual clock instead.
 */
interface Sleeper {
  Sleeper THREAD = new Sleeper() {
    @Override
    public void sleep(long millis) throws InterruptedException {
      Thread.sleep(millis);
    }

    @Override
    public boolean sleepUnless(CountDownLatch cancelled, long millis)
        throws InterruptedException {
      return cancelled.await(millis, TimeUnit.MILLISECONDS);
    }
  };

  void sleep(long millis) throws InterruptedException;

  /**
   * Pauses up to {@code millis}, ending early when {@code cancelled} opens (the production
   * sleeper wakes at once; a test's may look only before and after its pause).
   *
   * @return true if cancelled
   */
  default boolean sleepUnless(CountDownLatch cancelled, long millis) throws InterruptedException {
    if (cancelled.getCount() == 0) {
      return true;
    }
    sleep(millis);
    return cancelled.getCount() == 0;
  }
}
