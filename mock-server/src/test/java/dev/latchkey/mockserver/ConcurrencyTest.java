package dev.latchkey.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConcurrencyTest {
  @RegisterExtension static MockAuthServerExtension mock = new MockAuthServerExtension();

  HttpUrl token() {
    return Http.url(mock.server().baseUrl("orgapi")).resolve("oauth2/token");
  }

  @Test void servesHundredsOfConcurrentTokenRequests() throws Exception {
    int before = mock.server().tokenRequests("orgapi", "client_credentials");
    List<Http.Result> results = Concurrently.call(300, 64, () -> Http.formBasic(token(),
        "orgapi-demo-client", "orgapi-demo-secret", "grant_type", "client_credentials"));
    Set<String> tokens = new HashSet<>();
    for (Http.Result result : results) {
      assertEquals(200, result.code, result.body);
      tokens.add(result.string("access_token"));
    }
    assertEquals(300, tokens.size());
    assertEquals(before + 300, mock.server().tokenRequests("orgapi", "client_credentials"));
  }

  @Test void rotatingRefreshTokenIsRedeemedExactlyOnceUnderRace() throws Exception {
    String refresh = Http.formBasic(token(), "orgapi-demo-client", "orgapi-demo-secret",
        "grant_type", "client_credentials").string("refresh_token");
    // Separate connections, so the requests really do race on the server.
    OkHttpClient racing = Http.CLIENT.newBuilder().connectionPool(new ConnectionPool())
        .dispatcher(new Dispatcher()).build();
    List<Integer> codes = Concurrently.call(32, 32, () -> {
      try (okhttp3.Response response = racing.newCall(new okhttp3.Request.Builder()
          .url(token())
          .header("Authorization", Http.basic("orgapi-demo-client", "orgapi-demo-secret"))
          .post(Http.formBody("grant_type", "refresh_token", "refresh_token", refresh))
          .build()).execute()) {
        return response.code();
      }
    });
    long ok = codes.stream().filter(code -> code == 200).count();
    assertEquals(1, ok, codes.toString());
  }
}
