package dev.latchkey.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** OpenID Connect: ID tokens checked against the JWKS, rotation, discovery, logout. */
class OpenIdTest {
  static final ManualClock clock = new ManualClock(TestRequests.START);
  static final MockProvider EC = MockProvider.builder("ec").openIdConnect(true)
      .idTokenSigningAlgorithm(MockProvider.SigningAlgorithm.ES256).build();
  @RegisterExtension static MockAuthServerExtension mock = new MockAuthServerExtension(
      MockAuthServer.builder().clock(clock).provider(EC));
  static final String CLIENT = "standard-demo-client";
  static final String SECRET = "standard-demo-secret";
  static final String REDIRECT = "http://127.0.0.1:9000/cb";

  @AfterEach void reset() {
    mock.server().reset();
  }

  HttpUrl url(MockProvider p, String path) {
    return Http.url(mock.server().baseUrl(p)).resolve(path);
  }

  String issuer(MockProvider p) {
    return Http.url(mock.server().url()) + p.id;
  }

  /** A code flow with {@code scope}; returns the code and the token response. */
  String[] codeFlow(MockProvider p, String scope) {
    DemoClient demo = mock.server().demoClient(p);
    String code = Http.authorize(mock.server(), p.id, "authorize", demo.clientId(), REDIRECT,
        "scope", scope, "nonce", "n-0S6_WzA2Mj");
    Http.Result token = Http.formBasic(url(p, "token"), demo.clientId(), demo.clientSecret(),
        "grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT);
    assertEquals(200, token.code, token.body);
    return new String[] {code, token.body};
  }

  static Map<String, Object> json(String body) {
    return new Http.Result(200, okhttp3.Headers.of(), body).json();
  }

  /** Verifies {@code idToken} with the key of its kid in the provider's JWKS, as a client would. */
  JWTClaimsSet verified(MockProvider p, String idToken) throws Exception {
    SignedJWT jwt = SignedJWT.parse(idToken);
    JWKSet jwks = JWKSet.parse(Http.get(url(p, "jwks")).body);
    JWK key = jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
    assertTrue(key != null, "no key " + jwt.getHeader().getKeyID() + " in " + jwks);
    assertFalse(key.isPrivate());
    assertTrue(jwt.verify(key instanceof RSAKey ? new RSASSAVerifier((RSAKey) key)
        : new ECDSAVerifier((ECKey) key)));
    return jwt.getJWTClaimsSet();
  }

  @Test void theCodeFlowWithOpenidReturnsASignedIdTokenAboutTheUserinfoSubject() throws Exception {
    String[] flow = codeFlow(MockProvider.STANDARD, "openid profile");
    Map<String, Object> token = json(flow[1]);
    String idToken = (String) token.get("id_token");
    assertEquals(JWSAlgorithm.RS256, SignedJWT.parse(idToken).getHeader().getAlgorithm());
    JWTClaimsSet claims = verified(MockProvider.STANDARD, idToken);
    assertEquals(issuer(MockProvider.STANDARD), claims.getIssuer());
    assertEquals(List.of(CLIENT), claims.getAudience());
    assertEquals(CLIENT, claims.getStringClaim("azp"));
    assertEquals("n-0S6_WzA2Mj", claims.getStringClaim("nonce"));
    assertEquals(TestRequests.START.getEpochSecond(), claims.getLongClaim("auth_time"));
    assertEquals(TestRequests.START, claims.getIssueTime().toInstant());
    assertEquals(TestRequests.START.plusSeconds(3600), claims.getExpirationTime().toInstant());
    String access = (String) token.get("access_token");
    assertEquals(IdTokens.halfHash(access), claims.getStringClaim("at_hash"));
    assertEquals(IdTokens.halfHash(flow[0]), claims.getStringClaim("c_hash"));
    Http.Result userinfo = Http.get(url(MockProvider.STANDARD, "userinfo"), "Bearer " + access);
    assertEquals(claims.getSubject(), userinfo.string("sub"));
  }

  @Test void noIdTokenWithoutTheOpenidScopeOrForClientCredentials() {
    assertFalse(json(codeFlow(MockProvider.STANDARD, "profile")[1]).containsKey("id_token"));
    Http.Result cc = Http.formBasic(url(MockProvider.STANDARD, "token"), CLIENT, SECRET,
        "grant_type", "client_credentials", "scope", "openid");
    assertEquals(200, cc.code, cc.body);
    assertFalse(cc.json().containsKey("id_token"));
  }

  @Test void aRefreshGivesANewIdTokenWithTheSameAuthTimeAndNoNonce() throws Exception {
    String refresh = (String) json(codeFlow(MockProvider.STANDARD, "openid")[1])
        .get("refresh_token");
    clock.advance(java.time.Duration.ofMinutes(10));
    Http.Result refreshed = Http.formBasic(url(MockProvider.STANDARD, "token"), CLIENT, SECRET,
        "grant_type", "refresh_token", "refresh_token", refresh);
    JWTClaimsSet claims = verified(MockProvider.STANDARD, refreshed.string("id_token"));
    assertEquals(TestRequests.START.getEpochSecond(), claims.getLongClaim("auth_time"));
    assertNull(claims.getClaim("nonce"));
    assertNull(claims.getClaim("c_hash"));
  }

  @Test void rotationPublishesTheNewKeyBesideTheOldOneUntilTheNextRotation() throws Exception {
    String before = (String) json(codeFlow(MockProvider.STANDARD, "openid")[1]).get("id_token");
    String oldKid = SignedJWT.parse(before).getHeader().getKeyID();
    Http.Result rotated = Http.json(Http.url(mock.server().url()).resolve("__admin/keys/rotate"),
        "{\"provider\":\"standard\"}");
    assertEquals(200, rotated.code, rotated.body);
    String newKid = rotated.string("kid");
    assertNotEquals(oldKid, newKid);
    String after = (String) json(codeFlow(MockProvider.STANDARD, "openid")[1]).get("id_token");
    assertEquals(newKid, SignedJWT.parse(after).getHeader().getKeyID());
    verified(MockProvider.STANDARD, before);
    verified(MockProvider.STANDARD, after);

    mock.server().rotateSigningKey(MockProvider.STANDARD);
    JWKSet jwks = JWKSet.parse(Http.get(url(MockProvider.STANDARD, "jwks")).body);
    assertEquals(2, jwks.getKeys().size());
    assertNull(jwks.getKeyByKeyId(oldKid));
  }

  @Test void es256IsPossible() throws Exception {
    String idToken = (String) json(codeFlow(EC, "openid")[1]).get("id_token");
    assertEquals(JWSAlgorithm.ES256, SignedJWT.parse(idToken).getHeader().getAlgorithm());
    assertEquals("ec-demo-client", verified(EC, idToken).getAudience().get(0));
  }

  @Test void discoveryAdvertisesEachEndpointAndAlgorithm() {
    Map<String, Object> m = Http.get(url(MockProvider.STANDARD,
        ".well-known/openid-configuration")).json();
    String issuer = issuer(MockProvider.STANDARD);
    assertEquals(issuer, m.get("issuer"));
    assertEquals(issuer + "/jwks", m.get("jwks_uri"));
    assertEquals(issuer + "/logout", m.get("end_session_endpoint"));
    assertEquals(List.of("RS256"), m.get("id_token_signing_alg_values_supported"));
    assertEquals(List.of("public"), m.get("subject_types_supported"));
    assertTrue(((List<?>) m.get("scopes_supported")).contains("openid"));
    assertEquals(m, Http.get(url(MockProvider.STANDARD,
        ".well-known/oauth-authorization-server")).json());
  }

  @Test void logoutRedirectsToARegisteredUriWithTheState() {
    String idToken = (String) json(codeFlow(MockProvider.STANDARD, "openid")[1]).get("id_token");
    Http.Result out = Http.get(url(MockProvider.STANDARD, "logout").newBuilder()
        .addQueryParameter("id_token_hint", idToken)
        .addQueryParameter("post_logout_redirect_uri", "http://127.0.0.1:9000/bye")
        .addQueryParameter("state", "s-1").build());
    assertEquals(302, out.code, out.body);
    assertEquals("http://127.0.0.1:9000/bye?state=s-1", out.header("Location"));

    Http.Result elsewhere = Http.get(url(MockProvider.STANDARD, "logout").newBuilder()
        .addQueryParameter("id_token_hint", idToken)
        .addQueryParameter("post_logout_redirect_uri", "https://evil.example/").build());
    assertEquals(400, elsewhere.code);
    assertTrue(elsewhere.body.contains("is not registered for client " + CLIENT));

    Http.Result forged = Http.get(url(MockProvider.STANDARD, "logout").newBuilder()
        .addQueryParameter("id_token_hint", idToken.substring(0, idToken.length() - 4) + "AAAA")
        .build());
    assertEquals(400, forged.code);
    assertTrue(forged.body.contains("id_token_hint is not an ID token"), forged.body);

    Http.Result plain = Http.get(url(MockProvider.STANDARD, "logout"));
    assertEquals(200, plain.code);
    assertTrue(plain.body.contains("You are signed out of Standard (RFC 6749)."));
  }
}
