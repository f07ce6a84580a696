package dev.latchkey;

import java.io.IOException;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Adds {@code Authorization: Bearer <token>} (RFC 6750 §2.1) to requests that carry no
 * {@code Authorization} header. For statuses other than 401 that a provider uses for "expired"
 * (OkHttp's authenticator only sees 401), renews and retries once here.
 *
 * <p>The token goes only to the origin (scheme, host, port) of the request the app made, and
 * never over plain http to a host that is not loopback: OkHttp drops the header on a redirect to
 * another origin, and neither this, {@link BearerAuthenticator} nor {@link DpopResourceRequests}
 * puts it back there, or renews the token for that origin's answer.
 */
final class BearerInterceptor implements Interceptor {
  private final TokenSession session;
  private final Set<Integer> expiredStatuses;

  BearerInterceptor(TokenSession session, Set<Integer> expiredStatuses) {
    this.session = session;
    this.expiredStatuses = expiredStatuses;
  }

  /** Tags a request this session authorized with the origin the app meant it for. */
  static final class Authorized {
    private final String scheme;
    private final String host;
    private final int port;

    Authorized(HttpUrl url) {
      this.scheme = url.scheme();
      this.host = url.host();
      this.port = url.port();
    }

    /**
     * True when {@code request} still goes to the app's origin and carries an
     * {@code Authorization} header, as OkHttp keeps it only on a same-origin redirect.
     */
    boolean carriesOurToken(Request request) {
      return sameOrigin(request.url()) && request.header("Authorization") != null;
    }

    boolean sameOrigin(HttpUrl url) {
      return scheme.equals(url.scheme()) && host.equals(url.host()) && port == url.port();
    }
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (request.header("Authorization") != null) {
      return chain.proceed(request); // The app set its own credentials: leave them alone.
    }
    HttpUrl url = request.url();
    if (!url.isHttps() && !Urls.isLoopback(url.host())) {
      throw new OAuth2Exception("Refusing to send the access token of session " + session.key
          + " over plain http to " + Urls.redact(url) + ": anyone on the network could read it."
          + " Use https; plain http is allowed only for loopback hosts (localhost, 127.0.0.1,"
          + " ::1)");
    }
    SessionState current = session.current();
    if (current.token.dpopKey != null) {
      return DpopResourceRequests.proceed(chain, session, current, expiredStatuses);
    }
    String header = current.header;
    Authorized tag = new Authorized(url);
    Request authorized = request.newBuilder()
        .header("Authorization", header)
        .tag(Authorized.class, tag)
        .build();
    Response response = chain.proceed(authorized);
    int code = response.code();
    if (code == 401 || !expiredStatuses.contains(code)) {
      return response;
    }
    if (!tag.carriesOurToken(response.request())) {
      return response; // Answered by another origin after a redirect: not our token's doing.
    }
    if (authorized.body() != null && authorized.body().isOneShot()) {
      return response;
    }
    if (BearerAuthenticator.insufficientScope(response)) {
      return response; // RFC 6750's own 403: a missing scope, which a new token will not fix.
    }
    response.close(); // First, so a failed renewal does not leak the connection.
    String retryHeader = session.renewAfterRejection(header);
    session.retriedAfterRejection(code);
    return chain.proceed(authorized.newBuilder().header("Authorization", retryHeader).build());
  }
}
