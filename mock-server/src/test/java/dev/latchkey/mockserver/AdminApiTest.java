package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.Http.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AdminApiTest {
  @RegisterExtension static MockAuthServerExtension mock = new MockAuthServerExtension();

  @AfterEach void resetServer() {
    Http.json(admin("reset"), "");
  }

  HttpUrl admin(String path) {
    return Http.url(mock.server().url()).resolve("__admin/" + path);
  }

  Http.Result onnaToken() {
    return Http.form(Http.url(mock.server().baseUrl("onna")).resolve("v1/oauth/token"),
        "grant_type", "client_credentials", "client_id", "onna-demo-client",
        "client_secret", "onna-demo-secret");
  }

  @Test void consentRouteSwitchesMode() {
    Http.Result set = Http.json(admin("consent"), "{\"mode\":\"auto-deny\"}");
    assertEquals(200, set.code, set.body);
    assertEquals("AUTO_DENY", Http.get(admin("consent")).string("mode"));
    assertEquals(ConsentMode.AUTO_DENY, mock.server().consent());
    HttpUrl location = Http.get(Http.url(mock.server().baseUrl("ora")).resolve("oauth/authorize")
        .newBuilder().addQueryParameter("client_id", "ora-demo-client")
        .addQueryParameter("redirect_uri", "http://127.0.0.1/cb")
        .addQueryParameter("response_type", "code").build()).location();
    assertEquals("access_denied", location.queryParameter("error"));
  }

  @Test void consentRouteRejectsUnknownMode() {
    assertError(Http.json(admin("consent"), "{\"mode\":\"maybe\"}"), 400, "invalid_request",
        "unknown consent mode \"maybe\"; use prompt, auto-approve or auto-deny");
  }

  @Test void faultsRouteQueuesFaultsForOneProvider() {
    Http.Result queued = Http.json(admin("faults"),
        "{\"kind\":\"UNAVAILABLE\",\"times\":2,\"provider\":\"onna\",\"retry_after\":4}");
    assertEquals(201, queued.code, queued.body);
    assertEquals("[{\"kind\":\"UNAVAILABLE\",\"status\":503,\"retry_after\":4,"
        + "\"provider\":\"onna\",\"times\":2}]", Http.get(admin("faults")).body);
    Http.Result first = onnaToken();
    assertEquals(503, first.code);
    assertEquals("4", first.header("Retry-After"));
    assertEquals(503, onnaToken().code);
    assertEquals(200, onnaToken().code);
    assertEquals("[]", Http.get(admin("faults")).body);
  }

  @Test void faultsRouteAcceptsStatusAndDelay() {
    assertEquals(201, Http.json(admin("faults"), "{\"status\":429}").code);
    assertEquals(201, Http.json(admin("faults"), "{\"kind\":\"delay\",\"delay_ms\":1}").code);
    assertEquals(429, onnaToken().code);
    assertEquals(200, onnaToken().code);
  }

  @Test void faultsRouteRejectsUnknownKind() {
    assertError(Http.json(admin("faults"), "{\"kind\":\"GREMLINS\"}"), 400, "invalid_request",
        "unknown fault kind \"GREMLINS\"; use one of SERVER_ERROR, UNAVAILABLE, "
            + "TOO_MANY_REQUESTS, HTML, TRUNCATED_JSON, DELAY, DISCONNECT");
  }

  @Test void countersRouteCountsTokenRequestsPerProviderAndGrant() {
    onnaToken();
    onnaToken();
    Http.form(Http.url(mock.server().baseUrl("onna")).resolve("v1/oauth/token"),
        "grant_type", "refresh_token");
    Map<String, Object> counters = Http.get(admin("counters")).json();
    assertEquals(Map.of("client_credentials", 2.0, "refresh_token", 1.0), counters.get("onna"));
    assertEquals(Map.of(), counters.get("ora"));
    assertEquals(3, mock.server().tokenRequests("onna"));
  }

  @Test void journalRouteListsRequestsWithBodiesButNotAdminCalls() {
    onnaToken();
    Http.get(admin("counters"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> journal =
        (List<Map<String, Object>>) fromJson(Http.get(admin("journal")).body);
    assertEquals(1, journal.size());
    Map<String, Object> entry = journal.get(0);
    assertEquals("POST", entry.get("method"));
    assertEquals("/onna/v1/oauth/token", entry.get("path"));
    assertEquals("onna", entry.get("provider"));
    assertEquals("grant_type=client_credentials&client_id=onna-demo-client"
        + "&client_secret=onna-demo-secret", entry.get("body"));
    assertEquals(Map.of("Content-Type", List.of("application/x-www-form-urlencoded")),
        Map.of("Content-Type", ((Map<?, ?>) entry.get("headers")).get("Content-Type")));
    assertEquals(1, mock.server().journal().size());
    assertEquals("/onna/v1/oauth/token", mock.server().journal("onna").get(0).path());
  }

  private static Object fromJson(String json) {
    try {
      return new com.squareup.moshi.Moshi.Builder().build().adapter(Object.class).fromJson(json);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test void clientsRouteRegistersClientWithExactRedirect() {
    Http.Result created = Http.json(admin("clients"), "{\"provider\":\"orgo\","
        + "\"client_id\":\"ci-app\",\"client_secret\":\"ci-secret\","
        + "\"redirect_uris\":[\"https://ci.example/cb\"],\"scopes\":[\"email\"]}");
    assertEquals(201, created.code, created.body);
    String code = Http.authorize(mock.server(), "orgo", "oauth/authorize", "ci-app",
        "https://ci.example/cb", "scope", "email");
    Http.Result token = Http.formBasic(Http.url(mock.server().baseUrl("orgo")).resolve("oauth/token"),
        "ci-app", "ci-secret", "grant_type", "authorization_code", "code", code,
        "redirect_uri", "https://ci.example/cb");
    assertEquals(200, token.code, token.body);
    assertTrue(Http.get(admin("clients")).body.contains("\"client_id\":\"ci-app\""));
  }

  @Test void clientsRouteRejectsRelativeRedirect() {
    assertError(Http.json(admin("clients"), "{\"provider\":\"orgo\",\"client_id\":\"x\","
        + "\"client_secret\":\"y\",\"redirect_uris\":[\"/cb\"]}"), 400, "invalid_request",
        "redirect URI must be absolute and have no fragment (RFC 6749 §3.1.2): \"/cb\"; pass a "
            + "full URI such as http://127.0.0.1/callback");
  }

  @Test void lifetimesRouteSetsProviderLifetime() {
    Http.Result set = Http.json(admin("lifetimes"),
        "{\"provider\":\"onna\",\"access_token_seconds\":5}");
    assertEquals(200, set.code, set.body);
    assertEquals(5.0, ((Map<?, ?>) set.json().get("onna")).get("access_token_seconds"));
    assertEquals(5.0, onnaToken().json().get("expires_in"));
  }

  @Test void tokensRoutesRevokeAndExpire() {
    String access = onnaToken().string("access_token");
    assertEquals(Map.of("revoked", true),
        Http.json(admin("tokens/revoke"), "{\"token\":\"" + access + "\"}").json());
    assertEquals(401, workspaces(access).code);

    String other = onnaToken().string("access_token");
    assertEquals(Map.of("expired", 1.0),
        Http.json(admin("tokens/expire"), "{\"which\":\"access\"}").json());
    assertEquals(401, workspaces(other).code);
  }

  Http.Result workspaces(String access) {
    return Http.execute(new Request.Builder()
        .url(Http.url(mock.server().baseUrl("onna")).resolve("v1/workspaces"))
        .header("Authorization", "Bearer " + access)
        .post(okhttp3.RequestBody.create(new byte[0])).build());
  }

  @Test void resetRouteForgetsEverything() {
    onnaToken();
    Http.json(admin("faults"), "{\"kind\":\"HTML\"}");
    Http.json(admin("consent"), "{\"mode\":\"prompt\"}");
    assertEquals(Map.of("reset", true), Http.json(admin("reset"), "").json());
    assertEquals(0, mock.server().tokenRequests("onna"));
    assertTrue(mock.server().journal().isEmpty());
    assertEquals(ConsentMode.AUTO_APPROVE, mock.server().consent());
    assertEquals(200, onnaToken().code);
  }

  @Test void clockRouteNeedsManualClock() {
    assertError(Http.json(admin("clock/advance"), "{\"seconds\":10}"), 409, "invalid_request",
        "the server runs on the system clock; start it with a ManualClock to move time");
  }

  @Test void unknownRouteAnswers404AndMalformedJsonAnswers400() {
    assertError(Http.get(admin("nope")), 404, "not_found",
        "no admin route /__admin/nope; GET /__admin/ lists them");
    Http.Result bad = Http.json(admin("consent"), "{not json");
    assertEquals(400, bad.code);
    assertTrue(bad.string("error_description").startsWith("the admin API takes a JSON object"));
    assertFalse(Http.get(admin("")).body.isEmpty());
  }

  @Test void rootListsEveryRouteAndEachListedRouteAnswers() {
    List<?> routes = (List<?>) fromJson(Http.get(admin("")).body);
    assertEquals(List.of("GET /__admin/journal", "DELETE /__admin/journal",
        "GET /__admin/counters", "GET /__admin/providers", "POST /__admin/providers",
        "POST /__admin/stubs", "GET /__admin/stubs", "DELETE /__admin/stubs",
        "POST /__admin/faults", "GET /__admin/faults", "DELETE /__admin/faults",
        "POST /__admin/clients", "GET /__admin/clients", "POST /__admin/clients/settings",
        "POST /__admin/settings", "GET /__admin/settings", "POST /__admin/keys/rotate",
        "POST /__admin/device", "POST /__admin/lifetimes", "GET /__admin/lifetimes",
        "POST /__admin/consent", "GET /__admin/consent", "POST /__admin/tokens/expire",
        "POST /__admin/tokens/revoke", "POST /__admin/clock/advance", "POST /__admin/reset"),
        routes);
    for (Object route : routes) {
      String[] methodAndPath = ((String) route).split(" ");
      Http.Result result = Http.execute(new Request.Builder()
          .url(Http.url(mock.server().url()).resolve(methodAndPath[1]))
          .method(methodAndPath[0], methodAndPath[0].equals("POST")
              ? okhttp3.RequestBody.create("{}", Http.JSON) : null)
          .build());
      assertFalse(result.code == 404 || result.code == 405, route + ": " + result);
    }
    assertError(Http.execute(new Request.Builder().url(admin("")).delete().build()), 405,
        "invalid_request", "DELETE is not allowed on /__admin/");
  }

  @Test void providersRouteHostsAProviderOfYourOwnForEveryFlowAndControl() {
    Http.Result added = Http.json(admin("providers"), "{\"id\":\"acme\",\"userinfo_path\":"
        + "\"/me\",\"scopes\":[\"profile\"],\"access_token_seconds\":120}");
    assertEquals(201, added.code, added.body);
    assertEquals("acme-demo-client", added.string("demo_client_id"));
    String code = Http.authorize(mock.server(), "acme", "authorize", "acme-demo-client",
        "http://127.0.0.1/cb", "scope", "profile");
    HttpUrl token = Http.url(mock.server().baseUrl("acme")).resolve("token");
    Http.Result issued = Http.formBasic(token, "acme-demo-client", "acme-demo-secret",
        "grant_type", "authorization_code", "code", code, "redirect_uri", "http://127.0.0.1/cb");
    assertEquals(200, issued.code, issued.body);
    assertEquals(120.0, issued.json().get("expires_in"));
    Http.Result me = Http.get(Http.url(mock.server().baseUrl("acme")).resolve("me"),
        "Bearer " + issued.string("access_token"));
    assertEquals("Dana Demo", me.string("name"));
    assertEquals(401, Http.get(Http.url(mock.server().baseUrl("acme")).resolve("me")).code);

    Http.json(admin("lifetimes"), "{\"provider\":\"acme\",\"access_token_seconds\":7}");
    Http.json(admin("faults"), "{\"kind\":\"UNAVAILABLE\",\"provider\":\"acme\"}");
    assertEquals(503, Http.formBasic(token, "acme-demo-client", "acme-demo-secret",
        "grant_type", "refresh_token", "refresh_token", issued.string("refresh_token")).code);
    Http.Result refreshed = Http.formBasic(token, "acme-demo-client", "acme-demo-secret",
        "grant_type", "refresh_token", "refresh_token", issued.string("refresh_token"));
    assertEquals(7.0, refreshed.json().get("expires_in"), refreshed.body);
    assertEquals(3, mock.server().tokenRequests("acme"));
    assertTrue(Http.get(admin("journal")).body.contains("\"provider\":\"acme\""));
    assertTrue(Http.get(admin("providers")).body.contains("\"id\":\"acme\""));
  }

  @Test void providersRouteRefusesATakenPrefixAndBadSettings() {
    assertError(Http.json(admin("providers"), "{\"id\":\"ora\"}"), 400, "invalid_request",
        "a provider with prefix ora is already hosted");
    assertError(Http.json(admin("providers"), "{\"id\":\"x\",\"token_path\":\"token\"}"),
        400, "invalid_request", "a path is /segment[/segment...] of A-Z a-z 0-9 . _ ~ - (and not"
        + " /consent); got \"token\"");
  }

  Http.Result adminCall(String method, String body, String... headers) {
    Request.Builder b = new Request.Builder().url(admin("consent"));
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    b.method(method, body == null ? null : okhttp3.RequestBody.create(body,
        okhttp3.MediaType.get("text/plain")));
    return Http.execute(b.build());
  }

  @Test void adminAnswersOnlyALoopbackHost() {
    assertEquals(200, adminCall("GET", null, "Host", "localhost:1").code);
    assertEquals(200, adminCall("GET", null, "Host", "[::1]:8080").code);
    assertError(adminCall("GET", null, "Host", "evil.example:" + mock.server().port()), 403,
        "access_denied", "the admin API answers only requests whose Host is 127.0.0.1, "
        + "localhost or [::1]");
    assertError(adminCall("GET", null, "Host", "127.0.0.1.evil.example"), 403,
        "access_denied", "the admin API answers only requests whose Host is 127.0.0.1, "
        + "localhost or [::1]");
  }

  @Test void adminRefusesBrowsersAndBodiesThatAreNotJson() {
    assertError(adminCall("GET", null, "Origin", "http://127.0.0.1:" + mock.server().port()),
        403, "access_denied", "the admin API answers no browser requests (they carry Origin); "
        + "call it from a test, a script or curl");
    assertError(adminCall("POST", "{\"mode\":\"auto-deny\"}"), 415, "invalid_request",
        "the admin API takes JSON bodies only; send Content-Type: application/json");
    assertEquals(ConsentMode.AUTO_APPROVE, mock.server().consent());
  }

  @Test void aBodyOverOneMebibyteIs413AndTheJournalKeepsItsStart() {
    char[] big = new char[(1 << 20) + 1];
    java.util.Arrays.fill(big, 'a');
    Http.Result admin = Http.json(admin("consent"), new String(big));
    assertEquals(413, admin.code, admin.body);
    Http.Result token = Http.post(Http.url(mock.server().baseUrl("onna")).resolve(
        "v1/oauth/token"), "grant_type=client_credentials&x=" + new String(big), Http.FORM);
    assertEquals(413, token.code);
    assertEquals(8192, mock.server().journal("onna").get(0).body().length());
    assertEquals(200, onnaToken().code);
  }
}
