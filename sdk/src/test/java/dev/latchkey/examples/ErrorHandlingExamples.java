package dev.latchkey.examples;

import dev.latchkey.MalformedResponseException;
import dev.latchkey.OAuth2Exception;
import dev.latchkey.ReauthorizationRequiredException;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.TokenSession;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** docs/troubleshooting.md. */
final class ErrorHandlingExamples {
  private static final Logger log = Logger.getLogger("my.app");

  private ErrorHandlingExamples() {
  }

  // snippet:troubleshooting-handle
  /** Returns the access token, or a short diagnosis for an operator. */
  static String diagnose(TokenSession session) {
    try {
      session.accessToken();
      return "ok";
    } catch (ReauthorizationRequiredException e) {
      return "sign in again: " + e.sessionKey();             // send the user through login
    } catch (TokenEndpointException e) {
      switch (e.errorCode()) {
        case INVALID_CLIENT:
          return "wrong client id or secret, or the dialect sends them the wrong way";
        case INVALID_SCOPE:
          return "ask only for scopes the client is allowed";
        default:
          return e.error() == null
              ? "HTTP " + e.httpStatus() + " without an OAuth2 error: check the token URL"
              : e.error() + ": " + e.errorDescription();
      }
    } catch (MalformedResponseException e) {
      return "not an OAuth2 answer (HTTP " + e.httpStatus() + ", " + e.contentType() + ")";
    } catch (OAuth2Exception e) {
      log.log(Level.WARNING, e.getMessage());               // messages never contain secrets
      return "failed: " + e.getMessage();
    } catch (IOException e) {
      return "network: " + e;
    }
  }
  // end-snippet

  static void verbose() {
    // snippet:troubleshooting-logging
    Logger latchkey = Logger.getLogger("dev.latchkey");
    latchkey.setLevel(Level.FINE);                 // one line per token request, no secrets
    java.util.logging.ConsoleHandler console = new java.util.logging.ConsoleHandler();
    console.setLevel(Level.FINE);
    latchkey.addHandler(console);
    // end-snippet
  }
}
