package dev.latchkey;

import java.io.IOException;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Sends an API request with a DPoP-bound token (RFC 9449 §7): {@code Authorization: DPoP} and a
 * proof with {@code ath}, made anew for every attempt. Retries once with the server's nonce on
 * {@code use_dpop_nonce} (§9), and once with a renewed token on a 401 or an expired status, as
 * the bearer glue does; never more, and neither for an answer from an origin a redirect led to,
 * which never saw the token.
 */
final class DpopResourceRequests {
  /**
   * Keeps a proof from following a redirect to another origin, as OkHttp keeps the token, and
   * signs a new one for a redirect within the origin, whose URL or method the first proof does
   * not name (a server that checks {@code htu} and {@code htm} would refuse it): a network
   * interceptor, so it sees every request a redirect makes.
   */
  static final Interceptor PROOF_STAYS_HOME = chain -> {
    Request request = chain.request();
    Proved proved = request.tag(Proved.class);
    if (proved != null && !proved.origin.sameOrigin(request.url())) {
      request = request.newBuilder().removeHeader("DPoP").build();
    } else if (proved != null && request.header("DPoP") != null
        && !proved.names(request.method(), request.url())) {
      request = request.newBuilder().header("DPoP", proved.dpop.proof(proved.key,
          request.method(), request.url(), proved.accessToken)).build();
    }
    return chain.proceed(request);
  };

  /** Tags a request that carries a proof with what the proof was made of. */
  private static final class Proved {
    final BearerInterceptor.Authorized origin;
    final Dpop dpop;
    final DpopKey key;
    final String accessToken;
    final String method;
    final String htu;

    Proved(Dpop dpop, DpopKey key, String accessToken, String method, HttpUrl url) {
      this.origin = new BearerInterceptor.Authorized(url);
      this.dpop = dpop;
      this.key = key;
      this.accessToken = accessToken;
      this.method = method;
      this.htu = Dpop.htu(url);
    }

    boolean names(String method, HttpUrl url) {
      return this.method.equals(method) && htu.equals(Dpop.htu(url));
    }
  }

  private DpopResourceRequests() {
  }

  static Response proceed(Interceptor.Chain chain, TokenSession session, SessionState state,
      Set<Integer> expiredStatuses) throws IOException {
    Request request = chain.request();
    Dpop dpop = session.config.dpop;
    boolean replayable = request.body() == null || !request.body().isOneShot();
    BearerInterceptor.Authorized origin = new BearerInterceptor.Authorized(request.url());
    Response response = send(chain, request, dpop, state);
    boolean newNonce = dpop.remember(response);
    // OkHttp drops the token on a redirect to another origin: that origin's answer is not ours.
    if (replayable && newNonce && Dpop.nonceChallenge(response)
        && origin.carriesOurToken(response.request())) {
      response.close();
      response = send(chain, request, dpop, state);
      dpop.remember(response);
    }
    int code = response.code();
    if (!replayable || code != 401 && !expiredStatuses.contains(code)
        || !origin.carriesOurToken(response.request()) || Dpop.nonceChallenge(response)
        || BearerAuthenticator.insufficientScope(response)) {
      return response;
    }
    response.close(); // First, so a failed renewal does not leak the connection.
    session.renewAfterRejection(state.header);
    session.retriedAfterRejection(code);
    Response retried = send(chain, request, dpop, session.current());
    dpop.remember(retried);
    return retried;
  }

  private static Response send(Interceptor.Chain chain, Request request, Dpop dpop,
      SessionState state) throws IOException {
    Token token = state.token;
    Request.Builder signed = request.newBuilder().header("Authorization", state.header);
    if (token.dpopKey != null) {
      signed.header("DPoP", dpop.proof(token.dpopKey, request.method(), request.url(),
          token.accessToken()))
          .tag(Proved.class, new Proved(dpop, token.dpopKey, token.accessToken(),
              request.method(), request.url()));
    } else {
      signed.removeHeader("DPoP"); // The renewal brought a bearer token (the server gave up DPoP).
    }
    return chain.proceed(signed.build());
  }
}
