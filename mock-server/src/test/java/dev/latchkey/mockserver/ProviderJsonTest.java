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

  @Test void theExtensionsSettingsAreRead() throws Exception {
    MockProvider p = ProviderJson.fromJson(Wire.parseJsonObject("{\"id\":\"acme\","
        + "\"grants\":[\"authorization_code\",\"urn:ietf:params:oauth:grant-type:device_code\"],"
        + "\"client_authentication\":[\"private-key-jwt\",\"self-signed-tls-client-auth\"],"
        + "\"token_presentation\":\"dpop\",\"require_dpop\":true,\"dpop_nonce\":true,"
        + "\"par_path\":\"/par\",\"require_pushed_authorization_requests\":true,"
        + "\"openid_connect\":true,\"id_token_signing_alg\":\"ES256\","
        + "\"certificate_bound_access_tokens\":true}"));
    assertEquals(MockProvider.builder("acme")
        .grants(MockProvider.GrantType.AUTHORIZATION_CODE, MockProvider.GrantType.DEVICE_CODE)
        .clientAuthentication(MockProvider.ClientAuthMethod.PRIVATE_KEY_JWT,
            MockProvider.ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH)
        .tokenPresentation(MockProvider.TokenPresentation.DPOP).requireDpop(true)
        .dpopNonce(true).parPath("/par").requirePushedAuthorizationRequests(true)
        .openIdConnect(true).idTokenSigningAlgorithm(MockProvider.SigningAlgorithm.ES256)
        .certificateBoundAccessTokens(true).build(), p);
    OAuthError alg = assertThrows(OAuthError.class, () -> ProviderJson.fromJson(
        Map.of("id", "acme", "openid_connect", true, "id_token_signing_alg", "HS256")));
    TestRequests.assertError(alg.response, 400, "invalid_request",
        "unknown id_token_signing_alg \"HS256\"; use RS256 or ES256");
    OAuthError requireDpop = assertThrows(OAuthError.class, () -> ProviderJson.fromJson(
        Map.of("id", "acme", "require_dpop", true)));
    TestRequests.assertError(requireDpop.response, 400, "invalid_request",
        "requireDpop needs tokenPresentation(DPOP)");
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
