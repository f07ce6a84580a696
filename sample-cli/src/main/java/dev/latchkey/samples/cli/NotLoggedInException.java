package dev.latchkey.samples.cli;

import java.io.IOException;

/** A command needs the user's token, and no login stored one. */
final class NotLoggedInException extends IOException {
  private static final long serialVersionUID = 1L;

  NotLoggedInException(String message) {
    super(message);
  }
}
