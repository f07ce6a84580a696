package dev.latchkey.docs.examples;

// snippet:http-clients-apache-imports
import dev.latchkey.TokenSession;
import java.io.IOException;
import java.net.URI;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.io.entity.EntityUtils;
// end-snippet

/** docs/http-clients.md, "Apache HttpClient 5". */
final class ApacheHttpClientExamples {
  private ApacheHttpClientExamples() {
  }

  // snippet:http-clients-apache
  static CloseableHttpClient httpClient(TokenSession app) {
    return HttpClients.custom()
        .addExecInterceptorFirst("latchkey-bearer", (request, scope, chain) -> {
          String token = app.accessToken();
          request.setHeader("Authorization", "Bearer " + token);
          ClassicHttpResponse response = chain.proceed(request, scope);
          if (response.getCode() != 401 || (request.getEntity() != null
              && !request.getEntity().isRepeatable())) {
            return response;
          }
          EntityUtils.consume(response.getEntity());
          response.close();                          // revoked, or expired early: renew, once
          request.setHeader("Authorization", "Bearer " + Bearer.retryToken(app, token));
          return chain.proceed(request, scope);
        })
        .build();
  }
  // end-snippet

  // snippet:http-clients-apache-use
  static String listWorkspaces(CloseableHttpClient http, String baseUrl) throws IOException {
    URI workspaces = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/")
        .resolve("v1/workspaces");
    return http.execute(new HttpGet(workspaces),
        response -> EntityUtils.toString(response.getEntity()));
  }
  // end-snippet
}
