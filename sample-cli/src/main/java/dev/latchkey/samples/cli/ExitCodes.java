package dev.latchkey.samples.cli;

import dev.latchkey.AuthorizationDeniedException;
import dev.latchkey.ErrorCode;
import dev.latchkey.IdTokenException;
import dev.latchkey.InvalidCallbackException;
import dev.latchkey.OAuth2Exception;
import dev.latchkey.ReauthorizationRequiredException;
import dev.latchkey.TokenEndpointException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** The CLI's exit codes; documented in {@code docs/cli.md} and the {@code --help} footer. */
final class ExitCodes {
  /** The command did what was asked. */
  static final int OK = 0;
  /** The command ran but failed: an API answered non-2xx, or a demo flow failed. */
  static final int FAILED = 1;
  /** Bad flags or arguments (picocli's own code for usage errors). */
  static final int USAGE = 2;
  /** The provider refused: invalid_client, denied consent, a bad callback, an invalid ID token. */
  static final int REFUSED = 3;
  /** The server could not be reached. */
  static final int UNREACHABLE = 4;
  /** Timed out, such as waiting for the browser's redirect. */
  static final int TIMEOUT = 5;
  /** No usable token: run {@code login} (again). */
  static final int LOGIN_REQUIRED = 6;

  static final String HELP_FOOTER = "%nExit codes: 0 ok, 1 failed (API error, demo flow failed),"
      + " 2 usage, 3 refused by the provider (invalid_client, denied, bad callback, invalid ID"
      + " token),"
      + " 4 server unreachable, 5 timed out, 6 login required.";

  private ExitCodes() {
  }

  /** Maps a failure to its exit code. */
  static int of(Throwable failure) {
    if (failure instanceof ReauthorizationRequiredException
        || failure instanceof NotLoggedInException) {
      return LOGIN_REQUIRED;
    }
    if (failure instanceof AuthorizationDeniedException
        || failure instanceof InvalidCallbackException || failure instanceof IdTokenException) {
      return REFUSED;
    }
    if (failure instanceof TokenEndpointException) {
      TokenEndpointException e = (TokenEndpointException) failure;
      return e.errorCode() == ErrorCode.OTHER && e.error() == null ? FAILED : REFUSED;
    }
    if (failure instanceof LoginTimeoutException || failure instanceof SocketTimeoutException) {
      return TIMEOUT;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException) {
        return UNREACHABLE;
      }
      if (t instanceof SocketTimeoutException) {
        return TIMEOUT;
      }
    }
    if (failure instanceof OAuth2Exception) {
      return FAILED;
    }
    if (failure instanceof IllegalArgumentException || failure instanceof IllegalStateException) {
      return USAGE;
    }
    return FAILED;
  }
}
