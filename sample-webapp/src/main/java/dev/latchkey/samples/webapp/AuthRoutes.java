package dev.latchkey.samples.webapp;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Token;
import dev.latchkey.TokenSession;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Signing in and out: {@code POST /signin/{provider}} sends the browser to the provider,
 * {@code GET /callback/{provider}} takes it back and exchanges the code (validating the ID token
 * with OpenID Connect), {@code POST /signout} revokes the token where the provider can, ends the
 * HTTP session, and sends the browser to the provider's end-session endpoint when it has one.
 */
final class AuthRoutes {
  private static final Logger LOG = Logger.getLogger(AuthRoutes.class.getName());

  private final Providers providers;
  private final Supplier<String> publicUrl;

  /**
   * Creates the routes.
   *
   * @param publicUrl the app's base URL with a trailing slash, such as
   *     {@code http://localhost:8080/}; redirect URIs are made from it, never from the request's
   *     Host header
   */
  AuthRoutes(Providers providers, Supplier<String> publicUrl) {
    this.providers = providers;
    this.publicUrl = publicUrl;
  }

  void register(Javalin app) {
    app.post("/signin/{provider}", this::signIn);
    app.get("/callback/{provider}", this::callback);
    app.post("/signout", this::signOut);
  }

  /** Returns the redirect URI registered for {@code provider}. */
  String redirectUri(ProviderId provider) {
    return publicUrl.get() + "callback/" + provider.id();
  }

  private void signIn(Context ctx) {
    Csrf.verify(ctx);
    ProviderId provider = signInProvider(ctx);
    Providers.Connection connection = providers.get(provider);
    if (connection == null) {
      throw new FriendlyException(400, provider.label() + " is not configured",
          "Signing in with " + provider.label() + " needs a client id; see the app's README for"
              + " the LATCHKEY_" + provider.envName() + "_* settings.", null);
    }
    AuthorizationRequest request = connection.client().newAuthorizationRequest()
        .redirectUri(redirectUri(provider))
        .build();
    WebSession.startLogin(ctx, new WebSession.LoginAttempt(provider, request));
    ctx.redirect(request.url().toString(), HttpStatus.SEE_OTHER);
  }

  private void callback(Context ctx) throws IOException {
    ProviderId provider = signInProvider(ctx);
    WebSession.LoginAttempt attempt = WebSession.loginAttempt(ctx);
    if (attempt == null) {
      throw new FriendlyException(400, "No sign-in in progress",
          "This browser has no sign-in in progress, so the response from " + provider.label()
              + " can't be accepted. The sign-in may have been started in another browser, or"
              + " your session ended. Please start again.", provider);
    }
    if (attempt.provider() != provider) {
      throw new FriendlyException(400, "Sign-in could not be verified",
          "This response came back from " + provider.label() + ", but the sign-in this browser"
              + " started was with " + attempt.provider().label() + ". Please start again.",
          attempt.provider());
    }
    Providers.Connection connection = providers.get(provider);
    // The SDK parses the full callback URL (a repeated parameter is refused), checks state (in
    // constant time), single use and expiry, maps error= to AuthorizationDeniedException, then
    // exchanges the code with the PKCE verifier. ErrorPages turns each failure into a page.
    Token token = connection.client().exchange(attempt.request(), ctx.fullUrl());

    WebSession.User previous = WebSession.user(ctx);
    if (previous != null) {
      signOutQuietly(previous);
    }
    WebSession.User user = new WebSession.User(provider, Csrf.randomId());
    providers.userSession(provider, user.key()).save(token);
    WebSession.signIn(ctx, user);
    Csrf.reset(ctx); // A token seen before sign-in is not good after it.
    LOG.info(() -> "Signed in a user with " + provider.id());
    ctx.redirect("/profile", HttpStatus.SEE_OTHER);
  }

  private void signOut(Context ctx) throws IOException {
    Csrf.verify(ctx);
    WebSession.User user = WebSession.user(ctx);
    String outcome = "none";
    String endSession = null;
    if (user != null) {
      OAuth2Client client = providers.get(user.provider()).client();
      TokenSession session = providers.userSession(user.provider(), user.key());
      if (client.provider().endSessionEndpoint() != null) {
        // OpenID Connect RP-Initiated Logout: end the provider's session too, with the ID token
        // as the hint, and come back to the home page.
        endSession = client.endSessionUrl(storedToken(session),
            publicUrl.get() + "?signedOut=provider").toString();
      }
      // Revokes the token at the provider when it has a revocation endpoint (RFC 7009), and
      // deletes it from the token store either way.
      session.signOut();
      providers.forgetUser(user.provider(), user.key());
      outcome = client.provider().revocationEndpoint() != null ? "revoked" : "local";
    }
    if (ctx.req().getSession(false) != null) {
      ctx.req().getSession(false).invalidate();
    }
    ctx.redirect(endSession != null ? endSession : "/?signedOut=" + outcome,
        HttpStatus.SEE_OTHER);
  }

  /** The user's token for its ID token hint; null when it cannot be had (signing out anyway). */
  private static Token storedToken(TokenSession session) {
    try {
      return session.hasToken() ? session.token() : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Signs out a user who signs in again without signing out first. */
  private void signOutQuietly(WebSession.User user) {
    try {
      providers.userSession(user.provider(), user.key()).signOut();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Could not delete the previous token of a user: " + e.getMessage());
    }
    providers.forgetUser(user.provider(), user.key());
  }

  private static ProviderId signInProvider(Context ctx) {
    ProviderId provider = ProviderId.signInProvider(ctx.pathParam("provider"));
    if (provider == null) {
      throw new FriendlyException(404, "Page not found",
          "There is no provider by that name here.", null);
    }
    return provider;
  }
}
