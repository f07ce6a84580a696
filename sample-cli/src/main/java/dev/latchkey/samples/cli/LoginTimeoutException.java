package dev.latchkey.samples.cli;

import java.io.IOException;

/** No redirect reached the loopback listener in time. */
final class LoginTimeoutException extends IOException {
  private static final long serialVersionUID = 1L;

  LoginTimeoutException(String message) {
    super(message);
  }
}
