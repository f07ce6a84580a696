package dev.latchkey;

import java.io.IOException;
import java.time.Duration;
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

  static void tokenRequestFinished(TokenListener listener, GrantType grant, int attempts,
      Duration duration, IOException failure) {
    try {
      listener.tokenRequestFinished(grant.value, attempts, duration, failure);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "latchkey: TokenListener.tokenRequestFinished threw", e);
    }
  }

  static void renewalFinished(TokenListener listener, TokenListener.Renewal renewal) {
    try {
      listener.renewalFinished(renewal);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "latchkey: TokenListener.renewalFinished threw", e);
    }
  }

  static void retriedAfterRejection(TokenListener listener, String key, int status) {
    try {
      listener.retriedAfterRejection(key, status);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "latchkey: TokenListener.retriedAfterRejection threw", e);
    }
  }

  static void storeFailed(TokenListener listener, Exception failure) {
    try {
      listener.storeFailed(failure);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "latchkey: TokenListener.storeFailed threw", e);
    }
  }
}
