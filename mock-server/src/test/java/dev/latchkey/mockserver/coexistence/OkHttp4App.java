package dev.latchkey.mockserver.coexistence;

import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.MockAuthServer;
import dev.latchkey.mockserver.MockProvider;
import okhttp3.FormBody;
import okhttp3.OkHttp;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * An app's test on its own OkHttp (CoexistenceIT runs it on OkHttp 4.12 beside the mock
 * server's jar): starts the mock server, gets an Onna token with the app's OkHttp, prints both.
 */
public final class OkHttp4App {
  private OkHttp4App() {
  }

  public static void main(String[] args) throws Exception {
    try (MockAuthServer server = MockAuthServer.builder().build()) {
      server.start();
      DemoClient onna = server.demoClient(MockProvider.ONNA);
      Request request = new Request.Builder()
          .url(server.baseUrl(MockProvider.ONNA) + "v1/oauth/token")
          .post(new FormBody.Builder().add("grant_type", "client_credentials")
              .add("client_id", onna.clientId()).add("client_secret", onna.clientSecret())
              .build())
          .build();
      OkHttpClient client = new OkHttpClient();
      try (Response response = client.newCall(request).execute()) {
        System.out.println("okhttp " + OkHttp.VERSION + " token " + response.code());
      }
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }
}
