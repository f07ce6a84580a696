package dev.latchkey.docs.examples;

// snippet:http-clients-spring-imports
import dev.latchkey.TokenSession;
import java.util.concurrent.Callable;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
// end-snippet

/** docs/http-clients.md, "Spring's RestClient and WebClient" (without the Boot starter). */
final class SpringExamples {
  private SpringExamples() {
  }

  // snippet:http-clients-rest-client
  static RestClient restClient(TokenSession app, String baseUrl) {
    return RestClient.builder()
        .baseUrl(baseUrl)
        .requestInterceptor((request, body, execution) -> {
          String token = app.accessToken();
          request.getHeaders().setBearerAuth(token);
          ClientHttpResponse response = execution.execute(request, body);
          if (response.getStatusCode().value() != 401) {
            return response;
          }
          response.close();                          // revoked, or expired early: renew, once
          request.getHeaders().setBearerAuth(Bearer.retryToken(app, token));
          return execution.execute(request, body);
        })
        .build();
  }
  // end-snippet

  // snippet:http-clients-spring-use
  static String listWorkspacesWithRestClient(TokenSession app, String baseUrl) {
    return restClient(app, baseUrl).get()
        .uri("/v1/workspaces")                         // with or without a trailing slash
        .retrieve()
        .body(String.class);
  }

  static String listWorkspacesWithWebClient(TokenSession app, String baseUrl) {
    return webClient(app, baseUrl).get()
        .uri("/v1/workspaces")
        .retrieve()
        .bodyToMono(String.class)
        .block();
  }
  // end-snippet

  // snippet:http-clients-web-client
  static WebClient webClient(TokenSession app, String baseUrl) {
    return WebClient.builder()
        .baseUrl(baseUrl)
        .filter((request, next) -> blocking(app::accessToken)
            .flatMap(token -> next.exchange(withBearer(request, token))
                .flatMap(response -> response.statusCode().value() != 401
                    ? Mono.just(response)
                    : response.releaseBody()       // revoked, or expired early: renew, once
                        .then(blocking(() -> Bearer.retryToken(app, token)))
                        .flatMap(retry -> next.exchange(withBearer(request, retry))))))
        .build();
  }

  /** A token may need a renewal on the wire: never on an event-loop thread. */
  static Mono<String> blocking(Callable<String> call) {
    return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
  }

  static ClientRequest withBearer(ClientRequest request, String token) {
    return ClientRequest.from(request).headers(h -> h.setBearerAuth(token)).build();
  }
  // end-snippet
}
