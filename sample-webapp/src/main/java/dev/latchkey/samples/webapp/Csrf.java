package dev.latchkey.samples.webapp;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Guards the app's POST forms against cross-site request forgery: each HTTP session gets a random
 * token that every form carries in a hidden field, and a POST without the session's token is
 * refused. The comparison takes constant time, so timing reveals nothing about the token.
 */
final class Csrf {
  /** The name of the hidden form field. */
  static final String FIELD = "csrf";
  private static final String ATTRIBUTE = "latchkey.csrf";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Csrf() {
  }

  /** Returns this session's token, creating the session and the token if needed. */
  static String token(Context ctx) {
    HttpSession session = ctx.req().getSession(true);
    synchronized (session) {
      String token = (String) session.getAttribute(ATTRIBUTE);
      if (token == null) {
        token = randomId();
        session.setAttribute(ATTRIBUTE, token);
      }
      return token;
    }
  }

  /** Forgets this session's token, so that the next form gets a new one (after sign-in). */
  static void reset(Context ctx) {
    HttpSession session = ctx.req().getSession(false);
    if (session != null) {
      session.removeAttribute(ATTRIBUTE);
    }
  }

  /**
   * Checks the form's token against the session's.
   *
   * @throws FriendlyException 403 if the session has no token or the form's differs
   */
  static void verify(Context ctx) {
    HttpSession session = ctx.req().getSession(false);
    String expected = session == null ? null : (String) session.getAttribute(ATTRIBUTE);
    String given = ctx.formParam(FIELD);
    if (expected == null || given == null
        || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
            given.getBytes(StandardCharsets.UTF_8))) {
      throw new FriendlyException(403, "This form has expired",
          "The form you sent doesn't belong to your current browser session: it may have been"
              + " open too long, or it came from another site. Nothing was changed. Go back to"
              + " the home page and try again.", null);
    }
  }

  /** Returns 32 random bytes in URL-safe Base64: for CSRF tokens and user keys. */
  static String randomId() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
