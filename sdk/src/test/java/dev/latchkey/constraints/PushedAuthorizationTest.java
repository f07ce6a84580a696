package dev.latchkey.constraints;

import static dev.latchkey.testing.WireTestSupport.body;
import static dev.latchkey.testing.WireTestSupport.form;
import static dev.latchkey.testing.WireTestSupport.json;
import static dev.latchkey.testing.WireTestSupport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.Dialect;
import dev.latchkey.MalformedResponseException;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.SigningKey;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.testing.ManualTestClock;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pushed authorization requests (RFC 9126) on the wire. */
final class PushedAuthorizationTest {
  private static final String REQUEST_URI = "urn:ietf:params:oauth:request_uri:6esc_11ACC5bwc014ltc14eY22c";

  private final MockWebServer server = new MockWebServer();
  private final ManualTestClock clock = new ManualTestClock();

  @BeforeEach
  void setUp() throws Exception {
    server.start();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private Provider.Builder provider() {
    return Provider.standard(server.url("/authorize?tenant=acme").toString(),
            server.url("/token").toString()).newBuilder()
        .issuer("https://issuer.example")
        .pushedAuthorizationRequestEndpoint(server.url("/par").toString());
  }

  private OAuth2Client.Builder client(Provider provider) {
    return OAuth2Client.builder().provider(provider).clientId("app-1").clientSecret("s3cret")
        .redirectUri("https://app.example/cb").scopes("openid", "profile").clock(clock)
        .httpClient(new OkHttpClient());
  }

  private static mockwebserver3.MockResponse created() {
    return json(201, "{\"request_uri\":\"" + REQUEST_URI + "\",\"expires_in\":60}");
  }

  @Test
  void pushSendsTheParametersWithClientAuthenticationAndTheBrowserOnlyAReference()
      throws Exception {
    server.enqueue(created());
    server.enqueue(token("at1"));
    try (OAuth2Client client = client(provider().build()).build()) {
      AuthorizationRequest request = client.newAuthorizationRequest().parameter("prompt", "login")
          .push();

      HttpUrl url = request.url();
      assertEquals("/authorize", url.encodedPath());
      assertEquals(new LinkedHashSet<>(Arrays.asList("tenant", "client_id", "request_uri")),
          url.queryParameterNames());
      assertEquals("app-1", url.queryParameter("client_id"));
      assertEquals(REQUEST_URI, url.queryParameter("request_uri"));

      RecordedRequest pushed = server.takeRequest();
      assertEquals("/par", pushed.getTarget());
      assertTrue(pushed.getHeaders().get("Authorization").startsWith("Basic "));
      Map<String, String> params = form(body(pushed));
      assertEquals("code", params.get("response_type"));
      assertEquals("app-1", params.get("client_id"));
      assertEquals("https://app.example/cb", params.get("redirect_uri"));
      assertEquals("openid profile", params.get("scope"));
      assertEquals("S256", params.get("code_challenge_method"));
      assertEquals("login", params.get("prompt"));
      assertNull(params.get("tenant"), "the endpoint's own query stays on the URL");

      // The callback still checks the state the pushed request carried.
      client.exchange(request, "https://app.example/cb?code=code-1&state=" + request.state());
      assertEquals("/token", server.takeRequest().getTarget());
    }
  }

  @Test
  void requiredByTheProviderBuildPushesAutomatically() throws Exception {
    server.enqueue(created());
    try (OAuth2Client client = client(provider().pushedAuthorizationRequired(true).build())
        .build()) {
      AuthorizationRequest request = client.newAuthorizationRequest().build();
      assertEquals(REQUEST_URI, request.url().queryParameter("request_uri"));
      assertEquals(1, server.getRequestCount());
    }
  }

  @Test
  void notRequiredBuildDoesNotPush() {
    try (OAuth2Client client = client(provider().build()).build()) {
      AuthorizationRequest request = client.newAuthorizationRequest().build();
      assertNull(request.url().queryParameter("request_uri"));
      assertEquals(0, server.getRequestCount());
    }
  }

  @Test
  void pushUsesPrivateKeyJwtWhenTheClientHasAKey() throws Exception {
    KeyPair keys = ClientAssertionTest.ec();
    server.enqueue(created());
    try (OAuth2Client client = client(provider().build()).clientSecret(null)
        .clientKey(SigningKey.of(keys.getPrivate())).build()) {
      client.newAuthorizationRequest().push();
    }
    Map<String, String> params = form(body(server.takeRequest()));
    assertEquals("https://issuer.example", Jwts.verified(params.get("client_assertion"),
        keys.getPublic()).getAudience().get(0));
  }

  @Test
  void refusalAndMalformedAnswersAreClearErrors() {
    server.enqueue(json(400, "{\"error\":\"invalid_request\",\"error_description\":\"bad scope\"}"));
    server.enqueue(json(201, "{\"expires_in\":60}"));
    try (OAuth2Client client = client(provider().pushedAuthorizationRequired(true).build())
        .build()) {
      UncheckedIOException refused = assertThrows(UncheckedIOException.class,
          () -> client.newAuthorizationRequest().build());
      assertTrue(refused.getCause() instanceof TokenEndpointException);
      MalformedResponseException malformed = assertThrows(MalformedResponseException.class,
          () -> client.newAuthorizationRequest().push());
      assertTrue(malformed.getMessage().contains("has no request_uri"), malformed.getMessage());
    }
  }

  @Test
  void pushWithoutAParEndpointIsAClearError() {
    Provider plain = Provider.standard(server.url("/authorize").toString(),
        server.url("/token").toString());
    try (OAuth2Client client = client(plain).build()) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> client.newAuthorizationRequest().push());
      assertTrue(e.getMessage().contains("has no pushed authorization request endpoint"));
    }
  }
}
