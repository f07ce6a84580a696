package dev.latchkey.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.interop.server.InteropClients;
import dev.latchkey.interop.server.InteropServer;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

/**
 * The wire facts of SAS that docs/interop.md lists as findings (where SAS differs from the mock
 * server or from what the sdk assumes), pinned so an upgrade that changes one shows up here.
 */
class SasWireTest {
  private final InteropServer server = Interop.server();

  private Raw.Answer clientCredentials(String clientId, FormBody.Builder form) throws Exception {
    return Raw.post(server.url("/oauth2/token"), clientId,
        form.add("grant_type", "client_credentials").build());
  }

  @Test
  void tokenResponseHasCapitalisedBearerAndNumericExpiresIn() throws Exception {
    Map<String, Object> token = Json.object(
        clientCredentials(InteropClients.BASIC, new FormBody.Builder().add("scope", "api.read"))
            .body());

    assertEquals("Bearer", token.get("token_type"));
    assertTrue(token.get("expires_in") instanceof Number, "a JSON number");
  }

  @Test
  void noScopeRequestedMeansATokenWithNoScope() throws Exception {
    Map<String, Object> token =
        Json.object(clientCredentials(InteropClients.BASIC, new FormBody.Builder()).body());

    assertFalse(token.containsKey("scope"), "not the registered api.read api.write");
  }

  @Test
  void invalidClientIs401WithoutChallengeOrDescription() throws Exception {
    Raw.Answer answer = clientCredentials(InteropClients.POST, new FormBody.Builder());

    assertEquals(401, answer.status());
    assertNull(answer.header(), "no WWW-Authenticate, though the client sent Basic");
    assertEquals(Map.of("error", "invalid_client"), Json.object(answer.body()));
  }

  @Test
  void revokingAnUnknownTokenIsAnswered200() throws Exception {
    Raw.Answer answer = Raw.post(server.url("/oauth2/revoke"), InteropClients.BASIC,
        new FormBody.Builder().add("token", "no-such-token").build());

    assertEquals(200, answer.status());
  }

  @Test
  void bearerChallengeNamesTheProtectedResourceMetadata() throws Exception {
    Raw.Answer answer = Raw.send(new Request.Builder().url(server.url("/api/me")).build());

    assertEquals(401, answer.status());
    assertEquals("Bearer resource_metadata=\"" + server.url("/.well-known/oauth-protected-resource")
        + "\"", answer.header());
  }
}
