package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.Http.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** POST /__admin/settings and /__admin/clients/settings. */
class AdminSwitchesTest {
  @RegisterExtension static MockAuthServerExtension mock = new MockAuthServerExtension();

  @AfterEach void reset() {
    mock.server().reset();
  }

  HttpUrl admin(String path) {
    return Http.url(mock.server().url()).resolve("__admin/" + path);
  }

  @Test void providerSwitchesAreSetAndShown() {
    Http.Result r = Http.json(admin("settings"), "{\"provider\":\"standard\",\"dpop_nonce\":true,"
        + "\"require_pushed_authorization_requests\":true}");
    assertEquals(200, r.code, r.body);
    assertEquals(Map.of("dpop_nonce", true, "require_pushed_authorization_requests", true,
        "device_code_seconds", 600.0, "device_polling_interval_seconds", 5.0),
        r.json().get("standard"));
    assertEquals(Map.of("dpop_nonce", false), Http.get(admin("settings")).json().get("onna"));
    assertTrue(mock.server().settings(MockProvider.STANDARD).dpopNonce());
    assertError(Http.json(admin("settings"), "{\"provider\":\"onna\","
        + "\"require_pushed_authorization_requests\":true}"), 400, "invalid_request",
        "onna has no PAR endpoint; build it with parPath(\"/par\")");
    assertError(Http.json(admin("settings"), "{\"provider\":\"standard\"}"), 400,
        "invalid_request", "send dpop_nonce, require_pushed_authorization_requests, "
        + "device_code_seconds or device_polling_interval_seconds");
  }

  @Test void clientSwitchesAreSetAndShown() {
    Http.Result r = Http.json(admin("clients/settings"), "{\"provider\":\"standard\","
        + "\"client_id\":\"standard-demo-client\",\"dpop_bound_access_tokens\":true,"
        + "\"require_pushed_authorization_requests\":false,"
        + "\"token_exchange_audiences\":[\"https://b.example\",\"https://a.example\"],"
        + "\"tls_client_auth_subject_dn\":\"CN=app\",\"keys\":[" + Proofs.EC.toPublicJWK()
        .toJSONString() + "]}");
    assertEquals(200, r.code, r.body);
    Map<String, Object> c = r.json();
    assertEquals(true, c.get("dpop_bound_access_tokens"));
    assertEquals(false, c.get("require_pushed_authorization_requests"));
    assertEquals(List.of("https://a.example", "https://b.example"),
        c.get("token_exchange_audiences"));
    assertEquals("CN=app", c.get("tls_client_auth_subject_dn"));
    assertEquals(Proofs.EC.getKeyID(), ((Map<?, ?>) ((List<?>) c.get("keys")).get(0)).get("kid"));
    assertError(Http.json(admin("clients/settings"), "{\"provider\":\"standard\","
        + "\"client_id\":\"nobody\",\"dpop_bound_access_tokens\":true}"), 400, "invalid_request",
        "no client \"nobody\" of standard; register it first");
    Http.Result unknown = Http.json(admin("clients/settings"), "{\"provider\":\"standard\","
        + "\"client_id\":\"standard-demo-client\",\"colour\":\"red\"}");
    assertEquals(400, unknown.code);
    assertTrue(unknown.string("error_description").startsWith("unknown client setting "
        + "\"colour\""), unknown.body);
    assertError(Http.json(admin("clients/settings"), "{\"provider\":\"onna\","
        + "\"client_id\":\"onna-demo-client\",\"dpop_bound_access_tokens\":true}"), 400,
        "invalid_request", "onna has no DPoP; build it with tokenPresentation(DPOP)");
  }
}
