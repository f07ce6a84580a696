package dev.latchkey;

import java.io.IOException;
import java.util.Locale;
import okhttp3.Authenticator;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;

/**
 * Answers a 401 to a request this session authorized: renews the token (unless another thread
 * already has) and retries once. Gives up, returning the 401 to the caller, when the request was
 * already retried, carries a one-shot body, or the challenge says {@code insufficient_scope}
 * (RFC 6750 §3.1: a missing scope, which a new token will not fix). A 401 without any
 * {@code WWW-Authenticate} header, as Onna sends, still counts. Challenges this session has no
 * part in (a proxy's 407, a 401 to a request with the app's own credentials, a 401 from another
 * origin a redirect led to) go to the authenticator the app's client already had.
 */
final class BearerAuthenticator implements Authenticator {
  private final TokenSession session;
  private final Authenticator appAuthenticator;

  BearerAuthenticator(TokenSession session, Authenticator appAuthenticator) {
    this.session = session;
    this.appAuthenticator = appAuthenticator;
  }

  @Override
  public Request authenticate(Route route, Response response) throws IOException {
    Request request = response.request();
    BearerInterceptor.Authorized authorized = request.tag(BearerInterceptor.Authorized.class);
    // OkHttp copies tags to a redirected request, and drops Authorization on a cross-origin
    // redirect: only a request that still carries our header to the app's origin gets a token.
    if (response.code() != 401 || authorized == null || !authorized.carriesOurToken(request)) {
      return appAuthenticator.authenticate(route, response);
    }
    if (priorUnauthorized(response)) {
      return null; // Already retried once with a renewed token: never loop.
    }
    if (request.body() != null && request.body().isOneShot()) {
      return null;
    }
    if (insufficientScope(response)) {
      return null;
    }
    String sent = request.header("Authorization");
    String retry = session.renewAfterRejection(sent);
    session.retriedAfterRejection(401);
    return request.newBuilder().header("Authorization", retry).build();
  }

  private static boolean priorUnauthorized(Response response) {
    for (Response prior = response.priorResponse(); prior != null; prior = prior.priorResponse()) {
      if (prior.code() == 401) {
        return true;
      }
    }
    return false;
  }

  static boolean insufficientScope(Response response) {
    for (String challenge : response.headers("WWW-Authenticate")) {
      String lower = challenge.toLowerCase(Locale.ROOT);
      if (lower.contains("error=\"insufficient_scope\"") || lower.contains("error=insufficient_scope")) {
        return true;
      }
    }
    return false;
  }
}
