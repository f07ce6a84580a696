package dev.latchkey.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConcurrencyTest {
  @RegisterExtension static MockAuthServerExtension mock = new MockAuthServerExtension();

  static final ExecutorService pool = Executors.newFixedThreadPool(64);

  @AfterAll static void stopPool() {
    pool.shutdownNow();
  }

  HttpUrl token() {
    return Http.url(mock.server().baseUrl("orgapi")).resolve("oauth2/token");
  }

  @Test void servesHundredsOfConcurrentTokenRequests() throws Exception {
    int before = mock.server().tokenRequests("orgapi", "client_credentials");
    List<CompletableFuture<Http.Result>> calls = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      calls.add(CompletableFuture.supplyAsync(() -> Http.formBasic(token(),
          "orgapi-demo-client", "orgapi-demo-secret", "grant_type", "client_credentials"), pool));
    }
    Set<String> tokens = new HashSet<>();
    for (CompletableFuture<Http.Result> call : calls) {
      Http.Result result = call.get(30, TimeUnit.SECONDS);
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
    List<CompletableFuture<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      calls.add(CompletableFuture.supplyAsync(() -> {
        try (okhttp3.Response response = racing.newCall(new okhttp3.Request.Builder()
            .url(token())
            .header("Authorization", Http.basic("orgapi-demo-client", "orgapi-demo-secret"))
            .post(Http.formBody("grant_type", "refresh_token", "refresh_token", refresh))
            .build()).execute()) {
          return response.code();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }, pool));
    }
    int ok = 0;
    for (CompletableFuture<Integer> call : calls) {
      if (call.get(30, TimeUnit.SECONDS) == 200) ok++;
    }
    assertEquals(1, ok);
  }
}
