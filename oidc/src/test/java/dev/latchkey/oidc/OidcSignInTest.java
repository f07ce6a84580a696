package dev.latchkey.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.latchkey.AuthorizationRequest;
import dev.latchkey.IdTokenException;
import dev.latchkey.IdTokenException.Reason;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Token;
import dev.latchkey.TokenSession;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A whole OpenID Connect sign-in through OAuth2Client, with the verifier plugged in. */
final class OidcSignInTest {
  private final TestIssuer issuer;
  private final OAuth2Client client;

  OidcSignInTest() throws Exception {
    issuer = new TestIssuer();
    client = issuer.client(OidcVerifier.create());
  }

  @AfterEach
  void close() throws Exception {
    issuer.close();
  }

  private static String callback(AuthorizationRequest request) {
    return request.redirectUri() + "?code=code-1&state=" + request.url().queryParameter("state");
  }

  private Token signIn(JWTClaimsSet.Builder claims, AuthorizationRequest request)
      throws Exception {
    issuer.enqueueToken("access-1", issuer.signRs256(claims.build()));
    return client.exchange(request, callback(request));
  }

  @Test
  void openidRequestSendsANonceAndTheValidatedClaimsReachTokenAndSession() throws Exception {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    String nonce = request.url().queryParameter("nonce");
    assertNotNull(nonce);
    assertEquals(nonce, request.nonce());

    Token token = signIn(issuer.claims(nonce), request);

    assertEquals("alice", token.idTokenClaims().get("sub"));
    assertEquals("alice@example.com", token.idTokenClaims().get("email"));
    assertEquals(token, Token.fromJson(token.toJson()));
    TokenSession session = client.session("alice");
    session.save(token);
    assertEquals("alice", session.idTokenClaims().get("sub"));
    assertTrue(token.toString().contains("idToken=validated"));
  }

  @Test
  void aRequestWithoutOpenidSendsNoNonce() {
    AuthorizationRequest request = client.newAuthorizationRequest().scopes("profile").build();
    assertNull(request.url().queryParameter("nonce"));
    assertNull(request.nonce());
  }

  @Test
  void aReplayedIdTokenFailsTheLogin() throws Exception {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    IdTokenException e = assertThrows(IdTokenException.class,
        () -> signIn(issuer.claims("from-another-login"), request));
    assertEquals(Reason.NONCE, e.reason());
  }

  @Test
  void anOpenidAnswerWithoutIdTokenFailsTheLogin() {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    issuer.enqueueToken("access-1", null);
    IdTokenException e = assertThrows(IdTokenException.class,
        () -> client.exchange(request, callback(request)));
    assertEquals(Reason.MISSING, e.reason());
    assertEquals("The token response of standard to an openid request has no id_token (OpenID"
        + " Connect Core §3.1.3.3); check that the provider supports OpenID Connect for this"
        + " client", e.getMessage());
  }

  @Test
  void userinfoForAnotherSubjectIsRefused() throws Exception {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    TokenSession session = client.session("alice");
    session.save(signIn(issuer.claims(request.nonce()), request));

    issuer.userinfo.set("{\"sub\":\"alice\",\"name\":\"Alice\"}");
    assertEquals("Alice", session.userInfo().get("name"));
    issuer.userinfo.set("{\"sub\":\"mallory\",\"name\":\"Mallory\"}");
    IdTokenException e = assertThrows(IdTokenException.class, session::userInfo);
    assertEquals(Reason.SUBJECT_MISMATCH, e.reason());
    assertEquals("The userinfo endpoint of standard answered for another user (sub) than the ID"
        + " token names; refusing the answer (OpenID Connect Core §5.3.2)", e.getMessage());
  }

  @Test
  void aRefreshKeepsTheClaimsAndRefusesAnIdTokenForAnotherUser() throws Exception {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    Token login = signIn(issuer.claims(request.nonce()), request);

    issuer.enqueueToken("access-2", null);
    Token refreshed = client.refresh(login);
    assertEquals("access-2", refreshed.accessToken());
    assertEquals(login.idTokenClaims(), refreshed.idTokenClaims());
    assertEquals(login.idToken(), refreshed.idToken());

    issuer.enqueueToken("access-3", issuer.signRs256(issuer.claims(null).subject("mallory")
        .build()));
    IdTokenException e = assertThrows(IdTokenException.class, () -> client.refresh(login));
    assertEquals(Reason.SUBJECT_MISMATCH, e.reason());
  }

  @Test
  void endSessionUrlCarriesTheIdTokenHintAndWhereToReturn() throws Exception {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    Token token = signIn(issuer.claims(request.nonce()), request);
    HttpUrl url = client.endSessionUrl(token, "http://127.0.0.1:9/signed-out");
    assertEquals(issuer.server.url("/logout").encodedPath(), url.encodedPath());
    assertEquals(token.idToken(), url.queryParameter("id_token_hint"));
    assertEquals("web-app", url.queryParameter("client_id"));
    assertEquals("http://127.0.0.1:9/signed-out", url.queryParameter("post_logout_redirect_uri"));
  }
}
