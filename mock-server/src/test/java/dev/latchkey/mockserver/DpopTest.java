package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.Http.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** DPoP (RFC 9449) through the running server: binding, presentation, nonces, refresh. */
class DpopTest {
  static final ManualClock clock = new ManualClock(TestRequests.START);
  static final MockProvider STRICT = MockProvider.builder("strict")
      .grants(MockProvider.GrantType.CLIENT_CREDENTIALS)
      .tokenPresentation(MockProvider.TokenPresentation.DPOP).requireDpop(true).build();
  @RegisterExtension static MockAuthServerExtension mock = new MockAuthServerExtension(
      MockAuthServer.builder().clock(clock).provider(STRICT));

  @AfterEach void reset() {
    mock.server().reset();
  }

  HttpUrl url(MockProvider p, String path) {
    return Http.url(mock.server().baseUrl(p)).resolve(path);
  }

  String proof(JWK key, String method, HttpUrl url, String token, String nonce) {
    com.nimbusds.jwt.JWTClaimsSet.Builder claims =
        Proofs.claims(method, url.toString(), clock.instant());
    if (token != null) claims.claim("ath", DpopVerifier.hash(token));
    if (nonce != null) claims.claim("nonce", nonce);
    return Proofs.dpop(key, Proofs.alg(key), "dpop+jwt", claims.build());
  }

  Http.Result clientCredentials(MockProvider p, String proof) {
    DemoClient demo = mock.server().demoClient(p);
    Request.Builder b = new Request.Builder().url(url(p, "token"))
        .header("Authorization", Http.basic(demo.clientId(), demo.clientSecret()))
        .post(Http.formBody("grant_type", "client_credentials"));
    if (proof != null) b.header("DPoP", proof);
    return Http.execute(b.build());
  }

  Http.Result userinfo(String scheme, String token, String proof) {
    Request.Builder b = new Request.Builder().url(url(MockProvider.STANDARD, "userinfo"))
        .header("Authorization", scheme + " " + token);
    if (proof != null) b.header("DPoP", proof);
    return Http.execute(b.build());
  }

  String boundToken(JWK key) {
    Http.Result token = clientCredentials(MockProvider.STANDARD,
        proof(key, "POST", url(MockProvider.STANDARD, "token"), null, null));
    assertEquals(200, token.code, token.body);
    assertEquals("DPoP", token.string("token_type"));
    return token.string("access_token");
  }

  @Test void aProofBindsTheTokenWhichApisTakeOnlyWithAProofOfTheSameKey() {
    String token = boundToken(Proofs.EC);
    HttpUrl userinfo = url(MockProvider.STANDARD, "userinfo");
    Http.Result ok = userinfo("DPoP", token, proof(Proofs.EC, "GET", userinfo, token, null));
    assertEquals(200, ok.code, ok.body);
    assertEquals("standard-demo-client", ok.string("sub"));

    Http.Result asBearer = userinfo("Bearer", token, null);
    assertError(asBearer, 401, "invalid_token", "the access token is DPoP-bound; present it as "
        + "Authorization: DPoP with a DPoP proof (RFC 9449 §7.1)");
    assertEquals("DPoP error=\"invalid_token\", error_description=\"the access token is "
        + "DPoP-bound; present it as Authorization: DPoP with a DPoP proof (RFC 9449 section "
        + "7.1)\", "
        + "algs=\"ES256 RS256 PS256\"", asBearer.header("WWW-Authenticate"));

    assertError(userinfo("DPoP", token, proof(Proofs.OTHER_EC, "GET", userinfo, token, null)),
        401, "invalid_token", "the access token is bound to another DPoP key than this "
        + "proof's (RFC 9449 §7.1)");
    assertError(userinfo("DPoP", token, null), 401, "invalid_dpop_proof",
        "Authorization: DPoP needs a DPoP proof header (RFC 9449 §7.1)");
    assertError(userinfo("DPoP", token, proof(Proofs.EC, "GET", userinfo, null, null)), 401,
        "invalid_dpop_proof", "the DPoP proof has no ath; a proof sent with an access token "
        + "carries its SHA-256 hash (RFC 9449 §4.2)");
  }

  @Test void withoutAProofTheTokenIsBearerAndNotTakenAsDpop() {
    Http.Result token = clientCredentials(MockProvider.STANDARD, null);
    assertEquals("Bearer", token.string("token_type"));
    String value = token.string("access_token");
    assertEquals(200, userinfo("Bearer", value, null).code);
    HttpUrl userinfo = url(MockProvider.STANDARD, "userinfo");
    assertError(userinfo("DPoP", value, proof(Proofs.EC, "GET", userinfo, value, null)), 401,
        "invalid_token", "the access token is not DPoP-bound; present it as "
        + "Authorization: Bearer");
  }

  @Test void aMissingTokenIsChallengedForBearerAndDpop() {
    Http.Result r = Http.get(url(MockProvider.STANDARD, "userinfo"));
    assertEquals(401, r.code);
    assertEquals("Bearer realm=\"standard\", DPoP algs=\"ES256 RS256 PS256\"",
        r.header("WWW-Authenticate"));
  }

  @Test void aBadProofAtTheTokenEndpointIsInvalidDpopProof() {
    Http.Result r = clientCredentials(MockProvider.STANDARD,
        proof(Proofs.EC, "GET", url(MockProvider.STANDARD, "token"), null, null));
    assertError(r, 400, "invalid_dpop_proof",
        "the DPoP proof's htm is GET but the request is POST");
    assertEquals(0, mock.server().journal().stream()
        .filter(e -> e.path().endsWith("/userinfo")).count());
  }

  @Test void nonceChallengesAtTheTokenEndpointAndAtApis() {
    mock.server().settings(MockProvider.STANDARD).dpopNonce(true);
    HttpUrl tokenUrl = url(MockProvider.STANDARD, "token");
    Http.Result first = clientCredentials(MockProvider.STANDARD,
        proof(Proofs.EC, "POST", tokenUrl, null, null));
    assertEquals(400, first.code);
    assertEquals("use_dpop_nonce", first.string("error"));
    String nonce = first.header("DPoP-Nonce");
    assertNotNull(nonce);
    Http.Result token = clientCredentials(MockProvider.STANDARD,
        proof(Proofs.EC, "POST", tokenUrl, null, nonce));
    assertEquals(200, token.code, token.body);
    String value = token.string("access_token");

    HttpUrl userinfo = url(MockProvider.STANDARD, "userinfo");
    Http.Result api = userinfo("DPoP", value, proof(Proofs.EC, "GET", userinfo, value, null));
    assertEquals(401, api.code);
    assertEquals("DPoP error=\"use_dpop_nonce\", error_description=\"the DPoP proof must carry "
        + "the server's nonce; use the DPoP-Nonce header's value\", algs=\"ES256 RS256 PS256\"",
        api.header("WWW-Authenticate"));
    String apiNonce = api.header("DPoP-Nonce");
    assertEquals(200, userinfo("DPoP", value,
        proof(Proofs.EC, "GET", userinfo, value, apiNonce)).code);
  }

  @Test void aProviderOrClientThatRequiresDpopRefusesRequestsWithoutAProof() {
    assertError(clientCredentials(STRICT, null), 400, "invalid_dpop_proof",
        "strict requires DPoP: send a DPoP proof header with every token request (RFC 9449 §5)");
    assertEquals("DPoP", clientCredentials(STRICT,
        proof(Proofs.RSA, "POST", url(STRICT, "token"), null, null)).string("token_type"));

    mock.server().client(MockProvider.STANDARD, "standard-demo-client")
        .dpopBoundAccessTokens(true);
    assertError(clientCredentials(MockProvider.STANDARD, null), 400, "invalid_dpop_proof",
        "client standard-demo-client requires DPoP: send a DPoP proof header with every token "
        + "request (RFC 9449 §5)");
  }

  @Test void aPublicClientsRefreshTokenIsBoundToTheKey() throws Exception {
    String redirect = "http://127.0.0.1:9000/cb";
    String verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    String code = Http.authorize(mock.server(), "standard", "authorize",
        "standard-public-client", redirect, "code_challenge", Http.s256(verifier),
        "code_challenge_method", "S256");
    HttpUrl tokenUrl = url(MockProvider.STANDARD, "token");
    Http.Result token = Http.execute(new Request.Builder().url(tokenUrl)
        .header("DPoP", proof(Proofs.EC, "POST", tokenUrl, null, null))
        .post(Http.formBody("grant_type", "authorization_code", "code", code, "redirect_uri",
            redirect, "client_id", "standard-public-client", "code_verifier", verifier))
        .build());
    assertEquals("DPoP", token.string("token_type"), token.body);
    String refresh = token.string("refresh_token");
    assertEquals(Proofs.thumbprint(Proofs.EC), state().token(refresh).cnf.jkt);

    assertError(refresh(tokenUrl, refresh, null), 400, "invalid_dpop_proof",
        "the refresh token is DPoP-bound; send a DPoP proof made with its key (RFC 9449 §5)");
    assertError(refresh(tokenUrl, refresh, proof(Proofs.OTHER_EC, "POST", tokenUrl, null, null)),
        400, "invalid_dpop_proof", "the refresh token is bound to another DPoP key than this "
        + "proof's; sign the proof with the key it was issued to");
    Http.Result refreshed = refresh(tokenUrl, refresh,
        proof(Proofs.EC, "POST", tokenUrl, null, null));
    assertEquals(200, refreshed.code, refreshed.body);
    assertEquals("DPoP", refreshed.string("token_type"));
  }

  @Test void aConfidentialClientsRefreshTokenIsNotBound() {
    String code = Http.authorize(mock.server(), "standard", "authorize",
        "standard-demo-client", "http://127.0.0.1:9000/cb");
    HttpUrl tokenUrl = url(MockProvider.STANDARD, "token");
    Http.Result token = Http.execute(new Request.Builder().url(tokenUrl)
        .header("Authorization", Http.basic("standard-demo-client", "standard-demo-secret"))
        .header("DPoP", Proofs.dpop(Proofs.RSA, JWSAlgorithm.PS256, "dpop+jwt",
            Proofs.claims("POST", tokenUrl.toString(), clock.instant()).build()))
        .post(Http.formBody("grant_type", "authorization_code", "code", code, "redirect_uri",
            "http://127.0.0.1:9000/cb")).build());
    assertEquals("DPoP", token.string("token_type"), token.body);
    assertNull(state().token(token.string("refresh_token")).cnf.jkt);
  }

  private Http.Result refresh(HttpUrl tokenUrl, String refresh, String proof) {
    Request.Builder b = new Request.Builder().url(tokenUrl).post(Http.formBody(
        "grant_type", "refresh_token", "refresh_token", refresh,
        "client_id", "standard-public-client"));
    if (proof != null) b.header("DPoP", proof);
    return Http.execute(b.build());
  }

  private static ServerState state() {
    return mock.server().state();
  }
}
