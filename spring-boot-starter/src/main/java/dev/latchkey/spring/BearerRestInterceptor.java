package dev.latchkey.spring;

import dev.latchkey.TokenSession;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Gives a {@code RestClient}'s requests a bearer token and, on a 401, renews it and retries
 * once. Requests that set their own {@code Authorization} header are left alone.
 */
final class BearerRestInterceptor implements ClientHttpRequestInterceptor {
  private final SessionBearer bearer;

  BearerRestInterceptor(SessionBearer bearer) {
    this.bearer = bearer;
  }

  @Override
  public ClientHttpResponse intercept(HttpRequest request, byte[] body,
      ClientHttpRequestExecution execution) throws IOException {
    // getFirst and getValuesAsList: HttpHeaders methods Spring Framework 6.2 (Boot 3.5) has too.
    if (request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION) != null) {
      return execution.execute(request, body);
    }
    TokenSession session = bearer.session(
        request.getAttributes().get(LatchkeyClients.USER_KEY_ATTRIBUTE));
    String sent = session.accessToken();
    request.getHeaders().setBearerAuth(sent);
    ClientHttpResponse response = execution.execute(request, body);
    int status = response.getStatusCode().value();
    if (!bearer.shouldRenew(status, response.getHeaders()
        .getValuesAsList(HttpHeaders.WWW_AUTHENTICATE))) {
      return response;
    }
    response.close();
    request.getHeaders().setBearerAuth(bearer.retryToken(session, sent, status));
    return execution.execute(request, body);
  }
}
