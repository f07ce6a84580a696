package dev.latchkey.samples.webapp;

import dev.latchkey.AuthorizationDeniedException;
import dev.latchkey.ErrorCode;
import dev.latchkey.IdTokenException;
import dev.latchkey.InvalidCallbackException;
import dev.latchkey.MalformedResponseException;
import dev.latchkey.OAuth2Client;
import dev.latchkey.OAuth2Exception;
import dev.latchkey.ReauthorizationRequiredException;
import dev.latchkey.TokenEndpointException;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns every failure into a page that says what happened and offers to try again; never a stack
 * trace. Expected outcomes (Deny, a bad callback) are logged in one line; unexpected ones with an
 * incident id that the page shows, so a user's report can be matched to the log. SDK messages
 * never contain a token, a code or a secret, so logging them is safe.
 */
final class ErrorPages {
  private static final Logger LOG = Logger.getLogger(ErrorPages.class.getName());
  /** A request attribute naming the provider a route works with, for the error page. */
  static final String PROVIDER = "latchkey.provider";

  /** A page to show: status, title, message, and the provider to offer a new sign-in with. */
  record Page(int status, String title, String message, ProviderId retry) {
  }

  private ErrorPages() {
  }

  /** Renders the page for {@code e}; registered with {@code app.exception(Exception.class, ...)}. */
  static void handle(Exception e, Context ctx) {
    ProviderId provider = provider(ctx);
    Page page = page(e, provider);
    ctx.status(page.status());
    String retry = page.retry() == null ? ""
        : Pages.signInButton(page.retry(), Csrf.token(ctx), "Try again", true);
    ctx.html(Pages.error(page.title(), page.message(), retry));
  }

  /** Renders the page for an unknown path. */
  static void notFound(Context ctx) {
    ctx.html(Pages.error("Page not found", "There is nothing at this address.", ""));
  }

  /** Returns the page for {@code e}, and logs it. */
  static Page page(Exception e, ProviderId provider) {
    String name = provider == null ? "the provider" : provider.label();
    if (e instanceof FriendlyException f) {
      LOG.info(() -> f.title() + ": " + f.getMessage());
      return new Page(f.status(), f.title(), f.getMessage(), f.retry());
    }
    if (e instanceof AuthorizationDeniedException denied) {
      LOG.info(() -> "Sign-in with " + name + " ended with error=" + denied.error());
      if (denied.errorCode() == ErrorCode.ACCESS_DENIED) {
        return new Page(403, "Sign-in cancelled", "You chose Deny on " + name
            + "'s consent page, so you are not signed in and the app received no access."
            + " You can try again whenever you like.", provider);
      }
      return new Page(400, "Sign-in refused", name + " did not sign you in: "
          + denied.error() + (denied.errorDescription() == null ? ""
              : " (" + denied.errorDescription() + ")") + ". Please try again.", provider);
    }
    if (e instanceof InvalidCallbackException invalid) {
      LOG.info(() -> "Rejected a callback from " + name + ": " + invalid.reason());
      return new Page(400, callbackTitle(invalid.reason()), callbackMessage(invalid.reason(),
          name), provider);
    }
    if (e instanceof IdTokenException idToken) {
      LOG.warning(() -> "Refused the ID token of a sign-in with " + name + ": "
          + idToken.reason() + ": " + e.getMessage());
      return new Page(400, "Sign-in could not be verified", name + "'s proof of who you are"
          + " (its ID token) did not pass the app's checks (" + idToken.reason().name()
          .toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "), so you are not signed in."
          + " Please try again.", provider);
    }
    if (e instanceof ReauthorizationRequiredException) {
      LOG.info(() -> "A user's sign-in with " + name + " ended: " + e.getMessage());
      return new Page(401, "Please sign in again", "Your sign-in with " + name + " has ended:"
          + " it expired or was revoked, and the app can no longer renew it by itself.",
          provider);
    }
    if (e instanceof IOException io) {
      LOG.warning(() -> name + " failed: " + e.getClass().getSimpleName() + ": "
          + e.getMessage());
      return new Page(502, "The provider could not be used", describe(provider, io)
          + " Please try again in a moment.", provider);
    }
    String incident = UUID.randomUUID().toString().substring(0, 8);
    LOG.log(Level.SEVERE, "Incident " + incident + ": unexpected failure", e);
    return new Page(500, "Something went wrong", "The app ran into a problem it did not expect."
        + " It has been logged as incident " + incident + ". Please go back and try again.",
        null);
  }

  /** Describes an I/O failure for a page, without internals. */
  static String describe(ProviderId provider, IOException e) {
    String name = provider == null ? "The provider" : provider.label();
    if (e instanceof TokenEndpointException t) {
      return name + " refused to issue a token" + (t.error() == null
          ? " (HTTP " + t.httpStatus() + ")." : " (" + t.error() + ")" + (t.errorCode()
              == ErrorCode.INVALID_GRANT ? ": the sign-in or the token is no longer valid."
              : "."));
    }
    if (e instanceof MalformedResponseException m) {
      return name + " sent an answer the app could not read (HTTP " + m.httpStatus() + ").";
    }
    if (e instanceof Api.ApiException a) {
      return name + "'s API answered with an error (HTTP " + a.status() + ").";
    }
    if (e instanceof OAuth2Exception) {
      // The SDK's messages are for developers (they name endpoints): the log has them.
      return name + " did not answer as expected.";
    }
    return name + " could not be reached.";
  }

  private static String callbackTitle(InvalidCallbackException.Reason reason) {
    switch (reason) {
      case STATE_REPLAYED:
        return "Sign-in link already used";
      case EXPIRED:
        return "Sign-in expired";
      default:
        return "Sign-in could not be verified";
    }
  }

  private static String callbackMessage(InvalidCallbackException.Reason reason, String name) {
    switch (reason) {
      case STATE_MISMATCH:
        return "The response from " + name + " does not match the sign-in this browser started:"
            + " it may have been tampered with, or it belongs to another tab or browser."
            + " You were not signed in.";
      case STATE_REPLAYED:
        return "This response from " + name + " was already used: each sign-in can complete"
            + " only once, so a link opened again (from history, a bookmark or a replay) is"
            + " refused.";
      case EXPIRED:
        return "The sign-in with " + name + " took too long (more than "
            + OAuth2Client.DEFAULT_AUTHORIZATION_REQUEST_LIFETIME.toMinutes() + " minutes) and"
            + " expired. You were not signed in.";
      case STATE_MISSING:
        return "The response from " + name + " has no state parameter, so it can't be matched"
            + " to a sign-in from this browser. You were not signed in.";
      case CODE_MISSING:
        return "The response from " + name + " carries neither an authorization code nor an"
            + " error. You were not signed in.";
      case ISSUER_MISMATCH:
        return "The response claims to come from a server other than " + name + "."
            + " You were not signed in.";
      default:
        return "The response from " + name + " could not be read. You were not signed in.";
    }
  }

  /**
   * Returns the provider the failed request was about: the one a route noted, the one in the
   * path, or the signed-in user's.
   */
  private static ProviderId provider(Context ctx) {
    ProviderId noted = ctx.attribute(PROVIDER);
    if (noted != null) {
      return noted;
    }
    String segment = ctx.pathParamMap().get("provider");
    if (segment != null) {
      return ProviderId.signInProvider(segment);
    }
    WebSession.User user = WebSession.user(ctx);
    return user == null ? null : user.provider();
  }
}
