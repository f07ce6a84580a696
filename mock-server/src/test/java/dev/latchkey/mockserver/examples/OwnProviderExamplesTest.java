package dev.latchkey.mockserver.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.Fault;
import dev.latchkey.mockserver.MockAuthServer;
import dev.latchkey.mockserver.MockAuthServerExtension;
import dev.latchkey.mockserver.MockProvider;
import java.io.IOException;
import java.time.Duration;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The examples of docs/mock-server.md, "A provider of your own": a provider defined in Java and
 * one defined through the admin API, each run through a token request, the journal, a fault and
 * a lifetime change, as a user's test would.
 */
class OwnProviderExamplesTest {
  // snippet:mock-own-provider
  static final MockProvider ACME = MockProvider.builder("acme")
      .displayName("Acme")
      .tokenPath("/oauth2/token")
      .grants(MockProvider.GrantType.CLIENT_CREDENTIALS)
      .clientAuthentication(MockProvider.ClientAuthMethod.BASIC)
      .tokenType("bearer")
      .accessTokenLifetime(Duration.ofMinutes(5))
      .unauthorized(MockProvider.Unauthorized.BARE)
      .build();

  @RegisterExtension
  static MockAuthServerExtension mock =
      new MockAuthServerExtension(MockAuthServer.builder().provider(ACME));
  // end-snippet

  /** What docs/mock-server.md sends to {@code POST /__admin/providers}. */
  static final String ADMIN_PROVIDER_JSON = "{\"id\": \"globex\", \"name\": \"Globex\","
      + " \"token_path\": \"/v2/token\", \"grants\": [\"client_credentials\"],"
      + " \"body_encodings\": [\"json\"], \"client_authentication\": [\"body\"],"
      + " \"access_token_seconds\": 600}";

  static final OkHttpClient HTTP = new OkHttpClient();

  @AfterEach void reset() {
    mock.server().reset();
  }

  static Response call(Request request) throws IOException {
    return HTTP.newCall(request).execute();
  }

  @Test void aProviderDefinedInJavaServesItsDialect() throws IOException {
    // snippet:mock-own-provider-use
    MockAuthServer server = mock.server();
    String tokenUrl = server.baseUrl(ACME) + "oauth2/token";  // http://127.0.0.1:PORT/acme/oauth2/token
    DemoClient demo = server.demoClient(ACME);                // acme-demo-client / acme-demo-secret
    server.settings(ACME).accessTokenLifetime(Duration.ofSeconds(30));
    server.enqueueFault(Fault.unavailable().forProvider(ACME));
    // end-snippet
    Request token = new Request.Builder().url(tokenUrl)
        .header("Authorization", Credentials.basic(demo.clientId(), demo.clientSecret()))
        .post(new FormBody.Builder().add("grant_type", "client_credentials").build()).build();
    try (Response unavailable = call(token)) {
      assertEquals(503, unavailable.code());
    }
    try (Response ok = call(token)) {
      assertEquals(200, ok.code());
      String body = ok.body().string();
      assertEquals(true, body.contains("\"token_type\":\"bearer\""), body);
      assertEquals(true, body.contains("\"expires_in\":30"), body);
    }
    Request inBody = new Request.Builder().url(tokenUrl).post(new FormBody.Builder()
        .add("grant_type", "client_credentials").add("client_id", demo.clientId())
        .add("client_secret", demo.clientSecret()).build()).build();
    try (Response refused = call(inBody)) {
      assertEquals(401, refused.code());
    }
    assertEquals(3, server.tokenRequests(ACME, "client_credentials"));
    assertEquals("/acme/oauth2/token", server.journal(ACME).get(0).path());
  }

  @Test void aProviderAddedThroughTheAdminApiServesItsDialect() throws IOException {
    MockAuthServer server = mock.server();
    Request add = new Request.Builder().url(server.url() + "__admin/providers")
        .post(RequestBody.create(ADMIN_PROVIDER_JSON, MediaType.get("application/json")))
        .build();
    try (Response added = call(add)) {
      assertEquals(201, added.code());
      assertEquals(true, added.body().string().contains("\"demo_client_secret\":\"globex-demo-secret\""));
    }
    MockProvider globex = server.provider("globex");
    Request token = new Request.Builder().url(server.baseUrl(globex) + "v2/token")
        .post(RequestBody.create("{\"grant_type\":\"client_credentials\","
            + "\"client_id\":\"globex-demo-client\",\"client_secret\":\"globex-demo-secret\"}",
            MediaType.get("application/json"))).build();
    try (Response ok = call(token)) {
      assertEquals(200, ok.code());
      assertEquals(true, ok.body().string().contains("\"expires_in\":600"));
    }
    Request form = new Request.Builder().url(server.baseUrl(globex) + "v2/token")
        .post(new FormBody.Builder().add("grant_type", "client_credentials").build()).build();
    try (Response refused = call(form)) {
      assertEquals(400, refused.code());
    }
    assertEquals(2, server.tokenRequests(globex, "client_credentials"));
    server.reset();
    try (Response gone = call(token)) {
      assertEquals(404, gone.code());
    }
    assertNull(server.hostedProviders().stream().filter(p -> p.id().equals("globex"))
        .findFirst().orElse(null));
  }
}
