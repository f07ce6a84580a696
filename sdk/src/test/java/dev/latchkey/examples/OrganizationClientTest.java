package dev.latchkey.examples;

// docs/getting-started.md, "Test your code without the provider".
// snippet:getting-started-junit
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.TokenSession;
import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.MockAuthServer;
import dev.latchkey.mockserver.MockAuthServerExtension;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OrganizationClientTest {
  @RegisterExtension
  static MockAuthServerExtension mock = new MockAuthServerExtension();

  @Test
  void readsTheOrganization() throws IOException {
    MockAuthServer server = mock.server();
    String baseUrl = server.baseUrl("orgapi").toString();   // http://127.0.0.1:PORT/orgapi/
    DemoClient demo = server.demoClient("orgapi");
    OAuth2Client client = OAuth2Client.builder()
        .provider(Provider.organizationApiBasic(baseUrl))
        .clientId(demo.clientId())
        .clientSecret(demo.clientSecret())
        .build();
    TokenSession app = client.clientCredentialsSession();

    HttpUrl organization = HttpUrl.get(baseUrl).newBuilder()
        .addPathSegments("api/organization")               // with or without a trailing slash
        .build();
    Request request = new Request.Builder().url(organization).build();
    try (Response response = app.authorize(new OkHttpClient()).newCall(request).execute()) {
      assertEquals(200, response.code());
    }
    assertEquals(1, server.tokenRequests("orgapi", "client_credentials"));
  }
}
// end-snippet
