package dev.latchkey.examples;

import dev.latchkey.AuthorizationDeniedException;
import dev.latchkey.AuthorizationRequest;
import dev.latchkey.ErrorCode;
import dev.latchkey.InvalidCallbackException;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenSession;
import java.io.IOException;
import java.util.Map;

/**
 * README.md and docs/authorization-code.md: "Sign in with Orgo" in a web app. The HTTP session
 * is a plain map here; in a servlet app it is {@code HttpSession}, in Javalin {@code ctx.sessionAttribute}.
 */
final class WebLogin {
  private final OAuth2Client orgo;

  WebLogin(String baseUrl, String clientId, String clientSecret, String redirectUri) {
    // snippet:authorization-code-client
    OAuth2Client orgo = OAuth2Client.builder()
        .provider(Provider.orgo(baseUrl))                // such as https://orgo.example.com/
        .clientId(clientId)
        .clientSecret(clientSecret)
        .redirectUri(redirectUri)                        // exactly as registered at Orgo
        .scopes("profile", "email")
        .build();
    // end-snippet
    this.orgo = orgo;
  }

  // snippet:readme-authorization-code
  // 1. Sign-in: keep the request (state + PKCE verifier) in the user's HTTP session.
  String signIn(Map<String, Object> httpSession) {
    AuthorizationRequest login = orgo.newAuthorizationRequest().build();
    httpSession.put("login", login);
    return login.url().toString();  // redirect the browser here
  }

  // 2. Callback: validate and exchange, then keep the token under the user's id.
  Map<String, Object> callback(Map<String, Object> httpSession, String userId,
      String fullCallbackUri) throws IOException {
    AuthorizationRequest login = (AuthorizationRequest) httpSession.remove("login");
    Token token = orgo.exchange(login, fullCallbackUri);
    TokenSession user = orgo.session(userId);
    user.save(token);
    return user.userInfo();         // refreshes the token by itself when needed
  }
  // end-snippet

  String signInWithGroups(Map<String, Object> httpSession) {
    // snippet:authorization-code-scopes
    AuthorizationRequest login = orgo.newAuthorizationRequest()
        .scopes("profile", "email", "groups")     // instead of the client's default scopes
        .parameter("prompt", "login")             // any parameter the provider understands
        .build();
    // end-snippet
    httpSession.put("login", login);
    return login.url().toString();
  }

  /** What the callback page shows; a real app renders a template. */
  // snippet:authorization-code-callback-errors
  String callbackPage(Map<String, Object> httpSession, String userId, String fullCallbackUri)
      throws IOException {
    AuthorizationRequest login = (AuthorizationRequest) httpSession.remove("login");
    if (login == null) {
      return "Your sign-in expired. Sign in again.";      // no login in this browser session
    }
    try {
      Token token = orgo.exchange(login, fullCallbackUri);
      orgo.session(userId).save(token);
      return "Welcome!";
    } catch (AuthorizationDeniedException e) {
      if (e.errorCode() == ErrorCode.ACCESS_DENIED) {
        return "You declined to share your Orgo profile. Sign in again?";
      }
      return "Orgo refused the sign-in (" + e.error() + "). Sign in again.";
    } catch (InvalidCallbackException e) {
      // Forged, replayed, expired or mixed-up callback: nothing was sent to the token endpoint.
      return "That sign-in link is not valid any more (" + e.reason() + "). Sign in again.";
    }
  }
  // end-snippet

  OAuth2Client client() {
    return orgo;
  }
}
