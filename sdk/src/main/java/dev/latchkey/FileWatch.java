package dev.latchkey;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;

/**
 * A {@link TokenStore.Watch} of a {@link FileTokenStore}: the directory's change events
 * ({@link WatchService}, inotify on Linux) for the token file, which a save replaces, and its
 * lock file, which a lease release rewrites. Any change of either wakes it, whichever key it
 * concerned: the waiting session then reads the file and, if its token is not there yet, waits
 * again. Where the platform's watch service polls, sessions' own reads decide as before.
 */
final class FileWatch implements TokenStore.Watch {
  private final WatchService service;
  private final Path tokens;
  private final Path lock;

  FileWatch(Path tokens, Path lock) throws IOException {
    this.tokens = tokens.getFileName();
    this.lock = lock.getFileName();
    this.service = tokens.getFileSystem().newWatchService();
    try {
      tokens.getParent().register(service, StandardWatchEventKinds.ENTRY_CREATE,
          StandardWatchEventKinds.ENTRY_MODIFY);
    } catch (IOException | RuntimeException e) {
      service.close();
      throw e;
    }
  }

  @Override
  public boolean await(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      long left = deadline - System.nanoTime();
      WatchKey key;
      try {
        key = service.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
      } catch (java.nio.file.ClosedWatchServiceException e) {
        return false;
      }
      if (key == null) {
        return false;
      }
      boolean ours = false;
      for (WatchEvent<?> event : key.pollEvents()) {
        Object name = event.context();
        ours |= event.kind() == StandardWatchEventKinds.OVERFLOW || tokens.equals(name)
            || lock.equals(name);
      }
      key.reset();
      if (ours) {
        return true;
      }
    }
  }

  @Override
  public void close() {
    try {
      service.close();
    } catch (IOException e) {
      // Nothing to release beyond what close already did.
    }
  }
}
