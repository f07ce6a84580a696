package dev.latchkey.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.ErrorCode;
import dev.latchkey.InvalidCallbackException;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Token;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.interop.server.InteropClients;
import dev.latchkey.interop.server.InteropServer;
import java.util.List;
import java.util.Set;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The authorization code flow (RFC 6749 §4.1) with state and PKCE S256 (RFC 7636), refresh with
 * rotation (§6) and revocation (RFC 7009), with Alice signing in at SAS's login form and
 * consenting on its consent page.
 */
class AuthorizationCodeInteropTest {
  private final InteropServer server = Interop.server();
  private final OAuth2Client client = Interop.client(InteropClients.WEB)
      .redirectUri(InteropClients.REDIRECT_URI)
      .scopes("openid", "profile", "email", "api.read")
      .build();

  @AfterEach
  void close() {
    client.close();
  }

  private Token login() throws Exception {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    return client.exchange(request, server.login(request.url().toString()));
  }

  @Test
  void codeFlowWithPkceAndStateGetsTheGrantedToken() throws Exception {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    HttpUrl url = request.url();
    assertEquals("S256", url.queryParameter("code_challenge_method"));

    String callback = server.login(url.toString());
    HttpUrl redirect = HttpUrl.get(callback);
    assertEquals(url.queryParameter("state"), redirect.queryParameter("state"));
    assertNotNull(redirect.queryParameter("code"));
    Token token = client.exchange(request, callback);

    assertEquals("Bearer", token.tokenType());
    assertEquals(Set.of("openid", "profile", "email", "api.read"), token.scopes());
    assertNotNull(token.refreshToken());
    assertTrue(token.extras().get("id_token") instanceof String, "an ID token comes along");
    List<InteropServer.Exchange> sent =
        server.exchanges(e -> e.isGrant(InteropClients.WEB, "authorization_code"));
    assertEquals("client_secret_basic:200", sent.get(sent.size() - 1).authentication() + ":"
        + sent.get(sent.size() - 1).status());
  }

  @Test
  void sasSendsNoIssSoACallbackIsAcceptedWithoutIt() throws Exception {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    String callback = server.login(request.url().toString());

    assertNull(HttpUrl.get(callback).queryParameter("iss"));
    assertNotNull(client.exchange(request, callback).accessToken());
  }

  @Test
  void providerThatRequiresIssRefusesSasCallback() throws Exception {
    // What discovery would set had SAS announced authorization_response_iss_parameter_supported.
    try (OAuth2Client strict = client.newBuilder()
        .provider(client.provider().newBuilder().issuerParameterRequired(true).build())
        .build()) {
      AuthorizationRequest request = strict.newAuthorizationRequest().build();
      String callback = server.login(request.url().toString());
      int exchanges = Interop.grants(InteropClients.WEB, "authorization_code");

      InvalidCallbackException e = assertThrows(InvalidCallbackException.class,
          () -> strict.exchange(request, callback));

      assertEquals(InvalidCallbackException.Reason.ISSUER_MISMATCH, e.reason());
      assertEquals(exchanges, Interop.grants(InteropClients.WEB, "authorization_code"));
    }
  }

  @Test
  void codeIsSingleUseAtSas() throws Exception {
    AuthorizationRequest first = client.newAuthorizationRequest().build();
    String callback = server.login(first.url().toString());
    client.exchange(first, callback);

    // A second exchange of the same callback: the sdk refuses the used request itself.
    InvalidCallbackException e = assertThrows(InvalidCallbackException.class,
        () -> client.exchange(first, callback));
    assertEquals(InvalidCallbackException.Reason.STATE_REPLAYED, e.reason());
  }

  @Test
  void refreshRotatesTheRefreshTokenAndSasRefusesTheOldOne() throws Exception {
    Token token = login();

    Token refreshed = client.refresh(token);

    assertNotEquals(token.accessToken(), refreshed.accessToken());
    assertNotNull(refreshed.refreshToken());
    assertNotEquals(token.refreshToken(), refreshed.refreshToken());
    assertEquals(token.scopes(), refreshed.scopes());
    TokenEndpointException e =
        assertThrows(TokenEndpointException.class, () -> client.refresh(token));
    assertEquals(ErrorCode.INVALID_GRANT, e.errorCode());
    assertEquals(400, e.httpStatus());
  }

  @Test
  void revokedTokenIsInactiveAtIntrospectionAndCannotBeRefreshed() throws Exception {
    Token token = login();
    assertTrue(Raw.introspect(server, token.accessToken()).contains("\"active\":true"));

    assertTrue(client.revoke(token));

    assertTrue(Raw.introspect(server, token.accessToken()).contains("\"active\":false"));
    int refreshes = Interop.grants(InteropClients.WEB, "refresh_token");
    TokenEndpointException e =
        assertThrows(TokenEndpointException.class, () -> client.refresh(token));
    assertEquals(ErrorCode.INVALID_GRANT, e.errorCode());
    assertEquals(refreshes + 1, Interop.grants(InteropClients.WEB, "refresh_token"),
        "invalid_grant is final: not retried");
    List<InteropServer.Exchange> revocations = server.exchanges(
        x -> x.path().equals("/oauth2/revoke") && InteropClients.WEB.equals(x.clientId()));
    assertEquals(200, revocations.get(revocations.size() - 1).status());
  }

  @Test
  void idTokenIsSignedWithAKeyFromSasJwksAndNamesAliceAndTheClient() throws Exception {
    Token token = login();

    Raw.Claims claims = Raw.verifiedClaims(server, (String) token.extras().get("id_token"));

    assertEquals(server.issuer(), claims.issuer());
    assertEquals(InteropClients.USERNAME, claims.subject());
    assertEquals(List.of(InteropClients.WEB), claims.audience());
    assertEquals(InteropClients.EMAIL, claims.get("email"));
    assertTrue(claims.has("nonce"), "the sdk sends a nonce with openid, and SAS echoes it");
  }
}
