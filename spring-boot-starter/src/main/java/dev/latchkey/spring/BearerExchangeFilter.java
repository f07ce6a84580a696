package dev.latchkey.spring;

import dev.latchkey.TokenSession;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Gives a {@code WebClient}'s requests a bearer token and, on a 401, renews it and retries once.
 * A token read that has to renew blocks, so it runs on the bounded elastic scheduler, never on
 * an event loop.
 */
final class BearerExchangeFilter implements ExchangeFilterFunction {
  private final SessionBearer bearer;

  BearerExchangeFilter(SessionBearer bearer) {
    this.bearer = bearer;
  }

  @Override
  public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
    if (request.headers().getFirst(HttpHeaders.AUTHORIZATION) != null) { // Boot 3.5 has it too.
      return next.exchange(request);
    }
    TokenSession session = bearer.session(
        request.attribute(LatchkeyClients.USER_KEY_ATTRIBUTE).orElse(null));
    return Mono.fromCallable(session::accessToken)
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(sent -> next.exchange(withToken(request, sent)).flatMap(response -> {
          int status = response.statusCode().value();
          if (!bearer.shouldRenew(status,
              response.headers().header(HttpHeaders.WWW_AUTHENTICATE))) {
            return Mono.just(response);
          }
          return response.releaseBody()
              .then(Mono.fromCallable(() -> bearer.retryToken(session, sent, status))
                  .subscribeOn(Schedulers.boundedElastic()))
              .flatMap(retry -> next.exchange(withToken(request, retry)));
        }));
  }

  private static ClientRequest withToken(ClientRequest request, String token) {
    return ClientRequest.from(request).headers(h -> h.setBearerAuth(token)).build();
  }
}
