package dev.latchkey;

/**
 * Pauses the calling thread: between retries of a token request, and between looks at a shared
 * store while another instance renews. Tests pass one that advances their manual clock instead.
 */
interface Sleeper {
  Sleeper THREAD = Thread::sleep;

  void sleep(long millis) throws InterruptedException;
}
