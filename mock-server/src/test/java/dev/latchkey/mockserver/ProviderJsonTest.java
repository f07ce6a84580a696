package dev.latchkey.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderJsonTest {
  @Test void everyBuiltInSurvivesTheRoundTrip() throws Exception {
    for (MockProvider p : MockProvider.builtIns()) {
      String json = Wire.toJson(ProviderJson.toJson(p));
      assertEquals(p, ProviderJson.fromJson(Wire.parseJsonObject(json)), json);
    }
  }

  @Test void leftOutSettingsKeepTheBuildersDefaults() throws Exception {
    MockProvider p = ProviderJson.fromJson(Map.of("id", "acme", "grants",
        List.of("client_credentials"), "authorize_path", "/authorize",
        "client_authentication", List.of("basic"), "unauthorized", "bare"));
    assertEquals(MockProvider.builder("acme").grants(MockProvider.GrantType.CLIENT_CREDENTIALS)
        .clientAuthentication(MockProvider.ClientAuthMethod.BASIC)
        .unauthorized(MockProvider.Unauthorized.BARE).build(), p);
  }

  @Test void unknownSettingsAndValuesAreNamed() {
    OAuthError field = assertThrows(OAuthError.class,
        () -> ProviderJson.fromJson(Map.of("id", "acme", "colour", "red")));
    assertEquals(400, field.response.getCode());
    OAuthError grant = assertThrows(OAuthError.class,
        () -> ProviderJson.fromJson(Map.of("id", "acme", "grants", List.of("password"))));
    TestRequests.assertError(grant.response, 400, "invalid_request", "unknown grant "
        + "\"password\"; use authorization_code, refresh_token, client_credentials, "
        + "urn:ietf:params:oauth:grant-type:device_code or "
        + "urn:ietf:params:oauth:grant-type:token-exchange");
    OAuthError encoding = assertThrows(OAuthError.class,
        () -> ProviderJson.fromJson(Map.of("id", "acme", "body_encodings", List.of("xml"))));
    TestRequests.assertError(encoding.response, 400, "invalid_request",
        "unknown body_encodings \"xml\"; use one of [form, json]");
  }
}
