package dev.latchkey;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Tells the app's {@link TokenListener}; a listener that throws never breaks a session. */
final class Notify {
  private static final Logger LOG = Logger.getLogger("dev.latchkey");

  private Notify() {
  }

  static void issued(TokenListener listener, String key, Token token) {
    try {
      listener.issued(key, token);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "latchkey: TokenListener.issued threw", e);
    }
  }

  static void renewed(TokenListener listener, String key, Token token) {
    try {
      listener.renewed(key, token);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "latchkey: TokenListener.renewed threw", e);
    }
  }

  static void failed(TokenListener listener, String key, Exception failure) {
    try {
      listener.renewalFailed(key, failure);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "latchkey: TokenListener.renewalFailed threw", e);
    }
  }

  static void clientAuthenticationLearned(TokenListener listener,
      Dialect.ClientAuthentication method) {
    try {
      listener.clientAuthenticationLearned(method);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "latchkey: TokenListener.clientAuthenticationLearned threw", e);
    }
  }
}
