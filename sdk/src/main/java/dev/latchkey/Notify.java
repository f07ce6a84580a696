package dev.latchkey;

import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Tells the app's {@link TokenListener}; a listener that throws never breaks a session. */
final class Notify {
  private static final Logger LOG = Logger.getLogger("dev.latchkey");

  private Notify() {
  }

  /**
   * Calls {@code event} on {@code listener}, logging (never throwing) what the listener throws.
   * {@code name} is the listener method, for that log line.
   */
  static void listener(TokenListener listener, String name, Consumer<TokenListener> event) {
    try {
      event.accept(listener);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "latchkey: TokenListener." + name + " threw", e);
    }
  }
}
