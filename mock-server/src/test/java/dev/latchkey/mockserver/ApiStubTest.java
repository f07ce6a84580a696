package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.Http.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Your API behind the mock's tokens: stubs per provider, method and path. */
class ApiStubTest {
  private static final MockProvider ACME = MockProvider.builder("acme")
      .grants(MockProvider.GrantType.CLIENT_CREDENTIALS).build();
  @RegisterExtension static MockAuthServerExtension mock =
      new MockAuthServerExtension(MockAuthServer.builder().provider(ACME));

  @AfterEach void reset() {
    mock.server().reset();
  }

  HttpUrl url(MockProvider p, String path) {
    return Http.url(mock.server().baseUrl(p)).resolve(path);
  }

  String token(MockProvider p) {
    DemoClient demo = mock.server().demoClient(p);
    return Http.form(url(p, p.tokenPath.substring(1)), "grant_type", "client_credentials",
        "client_id", demo.clientId(), "client_secret", demo.clientSecret())
        .string("access_token");
  }

  @Test void aStubAnswersOnlyALiveTokenOfItsProvider() {
    mock.server().stubApi(MockProvider.ONNA, "GET", "/v1/files",
        ApiStub.json(200, "[{\"id\":\"f1\"}]").header("X-Total", "1"));
    Http.Result ok = Http.get(url(MockProvider.ONNA, "v1/files"),
        "Bearer " + token(MockProvider.ONNA));
    assertEquals(200, ok.code);
    assertEquals("[{\"id\":\"f1\"}]", ok.body);
    assertEquals("application/json", ok.header("Content-Type"));
    assertEquals("1", ok.header("X-Total"));

    Http.Result none = Http.get(url(MockProvider.ONNA, "v1/files"));
    assertEquals(401, none.code);
    assertNull(none.header("WWW-Authenticate"));
    assertEquals("", none.body);
    assertEquals(401, Http.get(url(MockProvider.ONNA, "v1/files"), "Bearer " + token(ACME)).code);
    assertEquals(3, mock.server().journal(MockProvider.ONNA).stream()
        .filter(e -> e.path().equals("/onna/v1/files")).count());
  }

  @Test void aProviderThatChallengesChallengesForItsStubs() {
    mock.server().stubApi(ACME, "POST", "/things", ApiStub.of(201, null, ""));
    Http.Result none = Http.post(url(ACME, "things"), "{}", Http.JSON);
    assertError(none, 401, "unauthorized",
        "send Authorization: Bearer <access token> (RFC 6750 §2.1)");
    assertEquals("Bearer realm=\"acme\"", none.header("WWW-Authenticate"));
    Http.Result created = Http.execute(new okhttp3.Request.Builder().url(url(ACME, "things"))
        .header("Authorization", "Bearer " + token(ACME))
        .post(okhttp3.RequestBody.create("{}", Http.JSON)).build());
    assertEquals(201, created.code);
    assertError(Http.get(url(ACME, "things"), "Bearer " + token(ACME)), 405, "invalid_request",
        "use POST for /acme/things");
  }

  @Test void apiFaultsAnswerBeforeTheTokenCheckAndLeaveTokenRequestsAlone() {
    mock.server().stubApi(MockProvider.ONNA, "GET", "/v1/files", ApiStub.json(200, "[]"));
    mock.server().enqueueFault(Fault.unavailable().onApis().forProvider(MockProvider.ONNA));
    String token = token(MockProvider.ONNA);
    Http.Result faulted = Http.get(url(MockProvider.ONNA, "v1/files"), "Bearer " + token);
    assertEquals(503, faulted.code);
    assertEquals("1", faulted.header("Retry-After"));
    assertEquals(200, Http.get(url(MockProvider.ONNA, "v1/files"), "Bearer " + token).code);
  }

  @Test void onnaListsItsWorkspacesAndAStubCanReplaceTheList() {
    String token = token(MockProvider.ONNA);
    Http.Result list = Http.get(url(MockProvider.ONNA, "v1/workspaces"), "Bearer " + token);
    assertEquals(200, list.code, list.body);
    assertTrue(list.body.startsWith("[{\"id\":\"ws-demo\""), list.body);
    mock.server().stubApi(MockProvider.ONNA, "get", "/v1/workspaces", ApiStub.json(200, "[]"));
    assertEquals("[]", Http.get(url(MockProvider.ONNA, "v1/workspaces"), "Bearer " + token).body);
    mock.server().clearApiStubs();
    assertEquals(list.body.length(),
        Http.get(url(MockProvider.ONNA, "v1/workspaces"), "Bearer " + token).body.length());
  }

  @Test void stubsCannotShadowOAuthEndpointsOrLeaveTheirPrefix() {
    IllegalArgumentException token = assertThrows(IllegalArgumentException.class,
        () -> mock.server().stubApi(MockProvider.ONNA, "POST", "/v1/oauth/token",
            ApiStub.json(200, "{}")));
    assertEquals("/v1/oauth/token is an OAuth endpoint of onna; stub an API path",
        token.getMessage());
    for (String extension : new String[] {"/par", "/jwks", "/logout", "/device_authorization",
        "/device", "/.well-known/openid-configuration"}) {
      assertEquals(extension + " is an OAuth endpoint of standard; stub an API path",
          assertThrows(IllegalArgumentException.class, () -> mock.server().stubApi(
              MockProvider.STANDARD, "GET", extension, ApiStub.json(200, "{}"))).getMessage());
    }
    for (String bad : List.of("/../ora/v1/projects", "v1/files", "/v1/files?x=1")) {
      assertThrows(IllegalArgumentException.class, () -> mock.server().stubApi(
          MockProvider.ONNA, "GET", bad, ApiStub.json(200, "{}")), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> ApiStub.json(200, "{}").header("X", "a\r\nb"));
  }

  @Test void theAdminApiStubsListsAndClears() {
    HttpUrl stubs = Http.url(mock.server().url()).resolve("__admin/stubs");
    Http.Result added = Http.json(stubs, "{\"provider\":\"onna\",\"method\":\"GET\","
        + "\"path\":\"/v1/files\",\"json\":{\"files\":[]},\"headers\":{\"X-Total\":\"0\"}}");
    assertEquals(201, added.code, added.body);
    Http.Result ok = Http.get(url(MockProvider.ONNA, "v1/files"),
        "Bearer " + token(MockProvider.ONNA));
    assertEquals("{\"files\":[]}", ok.body);
    assertEquals("0", ok.header("X-Total"));
    assertEquals("[{\"provider\":\"onna\",\"method\":\"GET\",\"path\":\"/v1/files\",\"status\":200,"
        + "\"content_type\":\"application/json\",\"headers\":{\"X-Total\":\"0\"},"
        + "\"body\":\"{\\\"files\\\":[]}\"}]", Http.get(stubs).body);
    Http.json(Http.url(mock.server().url()).resolve("__admin/faults"),
        "{\"kind\":\"SERVER_ERROR\",\"on\":\"api\"}");
    assertEquals(500, Http.get(url(MockProvider.ONNA, "v1/files")).code);
    assertEquals(200, Http.execute(new okhttp3.Request.Builder().url(stubs).delete().build()).code);
    assertEquals("[]", Http.get(stubs).body);
    assertError(Http.get(url(MockProvider.ONNA, "v1/files")), 404, "not_found",
        "no endpoint at /onna/v1/files on Onna");
  }
}
