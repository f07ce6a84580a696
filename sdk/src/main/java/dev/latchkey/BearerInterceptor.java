package dev.latchkey;

import java.io.IOException;
import java.util.Set;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Adds {@code Authorization: Bearer <token>} (RFC 6750 §2.1) to requests that carry no
 * {@code Authorization} header. For statuses other than 401 that a provider uses for "expired"
 * (OkHttp's authenticator only sees 401), renews and retries once here.
 */
final class BearerInterceptor implements Interceptor {
  private final TokenSession session;
  private final Set<Integer> expiredStatuses;

  BearerInterceptor(TokenSession session, Set<Integer> expiredStatuses) {
    this.session = session;
    this.expiredStatuses = expiredStatuses;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (request.header("Authorization") != null) {
      return chain.proceed(request); // The app set its own credentials: leave them alone.
    }
    SessionState current = session.current();
    if (current.token.dpopKey != null) {
      return DpopResourceRequests.proceed(chain, session, current, expiredStatuses);
    }
    String header = current.header;
    Request authorized = request.newBuilder()
        .header("Authorization", header)
        .tag(BearerInterceptor.class, this)
        .build();
    Response response = chain.proceed(authorized);
    int code = response.code();
    if (code == 401 || !expiredStatuses.contains(code)) {
      return response;
    }
    if (authorized.body() != null && authorized.body().isOneShot()) {
      return response;
    }
    if (BearerAuthenticator.insufficientScope(response)) {
      return response; // RFC 6750's own 403: a missing scope, which a new token will not fix.
    }
    response.close(); // First, so a failed renewal does not leak the connection.
    String retryHeader = session.renewAfterRejection(header);
    session.notifyRetried(code);
    return chain.proceed(authorized.newBuilder().header("Authorization", retryHeader).build());
  }
}
