package dev.latchkey.samples.webapp;

import dev.latchkey.AuthorizationRequest;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpSession;

/**
 * What the app keeps in a browser's HTTP session: the signed-in user and the latest sign-in
 * attempt. Tokens are not kept here but in the SDK's token store, under the user's key.
 */
final class WebSession {
  private static final String USER = "latchkey.user";
  private static final String LOGIN = "latchkey.login";

  /** A signed-in user: the provider and the random key of the user's token session. */
  record User(ProviderId provider, String key) {
  }

  /** A sign-in this browser started: the provider and the SDK's pending request. */
  record LoginAttempt(ProviderId provider, AuthorizationRequest request) {
  }

  private WebSession() {
  }

  /** Returns the signed-in user, or null. */
  static User user(Context ctx) {
    return user(ctx.req().getSession(false));
  }

  /** Returns the user signed in to {@code session}, or null; null for no session. */
  static User user(HttpSession session) {
    return session == null ? null : (User) session.getAttribute(USER);
  }

  /** Forgets the signed-in user, keeping the rest of the session. */
  static void clearUser(Context ctx) {
    HttpSession session = ctx.req().getSession(false);
    if (session != null) {
      session.removeAttribute(USER);
    }
  }

  /**
   * Records a successful sign-in. The session gets a new id first, so an id planted in the
   * browser before sign-in (session fixation) is worth nothing after it.
   */
  static void signIn(Context ctx, User user) {
    ctx.req().changeSessionId();
    ctx.req().getSession().setAttribute(USER, user);
  }

  /** Returns the latest sign-in attempt, used or not, or null. */
  static LoginAttempt loginAttempt(Context ctx) {
    HttpSession session = ctx.req().getSession(false);
    return session == null ? null : (LoginAttempt) session.getAttribute(LOGIN);
  }

  /**
   * Keeps a new sign-in attempt, replacing the previous one. The SDK's request stays here after
   * its callback, used: a replayed callback then fails as "already used"
   * ({@code STATE_REPLAYED}) rather than as "no sign-in in progress".
   */
  static void startLogin(Context ctx, LoginAttempt attempt) {
    ctx.req().getSession(true).setAttribute(LOGIN, attempt);
  }
}
