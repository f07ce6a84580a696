package dev.latchkey.constraints;

import static dev.latchkey.testing.WireTestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.MalformedResponseException;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.TokenSession;
import dev.latchkey.TokenStore;
import dev.latchkey.testing.ManualTestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Date;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DPoP (RFC 9449) on the wire: proofs, the DPoP scheme, nonces, and keys kept with tokens. */
final class DpopTest {
  private final MockWebServer server = new MockWebServer();
  private final ManualTestClock clock = new ManualTestClock();
  private final OkHttpClient http = new OkHttpClient();

  @BeforeEach
  void setUp() throws Exception {
    server.start();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private Provider provider() {
    return Provider.standard(server.url("/authorize").toString(),
        server.url("/token?tenant=acme").toString());
  }

  private OAuth2Client.Builder client() {
    return OAuth2Client.builder()
        .provider(provider())
        .clientId("app")
        .clientSecret("secret")
        .httpClient(http)
        .clock(clock)
        .executor(Runnable::run)
        .dpop();
  }

  private static MockResponse dpopToken(String accessToken) {
    return json(200, "{\"access_token\":\"" + accessToken + "\",\"token_type\":\"DPoP\","
        + "\"expires_in\":3600,\"refresh_token\":\"rt-" + accessToken + "\"}");
  }

  private static MockResponse nonceError(String nonce) {
    return new MockResponse.Builder().code(400)
        .addHeader("Content-Type", "application/json")
        .addHeader("DPoP-Nonce", nonce)
        .body("{\"error\":\"use_dpop_nonce\",\"error_description\":\"Authorization server"
            + " requires nonce in DPoP proof\"}")
        .build();
  }

  private static MockResponse resourceNonceChallenge(String nonce) {
    return new MockResponse.Builder().code(401)
        .addHeader("WWW-Authenticate", "DPoP error=\"use_dpop_nonce\","
            + " error_description=\"Resource server requires nonce in DPoP proof\"")
        .addHeader("DPoP-Nonce", nonce)
        .build();
  }

  private int get(OkHttpClient api, String path) throws java.io.IOException {
    try (Response response = api.newCall(new Request.Builder().url(server.url(path)).build())
        .execute()) {
      return response.code();
    }
  }

  @Test
  void codeExchangeBindsTheUsersTokenAndTheSessionSignsWithItsKey() throws Exception {
    server.enqueue(dpopToken("at1"));
    server.enqueue(new MockResponse.Builder().body("ok").build());
    try (OAuth2Client client = client().redirectUri("https://app.example/cb").build()) {
      dev.latchkey.AuthorizationRequest request = client.newAuthorizationRequest().build();
      Token token = client.exchange(request,
          "https://app.example/cb?code=c1&state=" + request.state());
      TokenSession alice = client.session("alice");
      alice.save(token);
      assertEquals(200, get(alice.authorize(http), "/api"));
    }
    SignedJWT exchangeProof = Jwts.proof(server.takeRequest());
    RecordedRequest api = server.takeRequest();
    assertEquals("DPoP at1", api.getHeaders().get("Authorization"));
    assertEquals(Jwts.thumbprint(exchangeProof), Jwts.thumbprint(Jwts.proof(api)));
  }

  @Test
  void tokenRequestCarriesAVerifiableProofAndTheTokenIsBound() throws Exception {
    server.enqueue(dpopToken("at1"));
    try (OAuth2Client client = client().build()) {
      Token token = client.clientCredentials();

      assertTrue(token.isDpopBound());
      assertEquals("DPoP", token.tokenType());
      assertFalse(token.toString().contains("at1"));
      RecordedRequest request = server.takeRequest();
      SignedJWT proof = Jwts.proof(request);
      assertEquals("ES256", proof.getHeader().getAlgorithm().getName());
      // R‖S, not DER: 64 bytes for P-256 (RFC 7518 §3.4).
      assertEquals(64, proof.getSignature().decode().length);
      JWTClaimsSet claims = proof.getJWTClaimsSet();
      assertEquals("POST", claims.getStringClaim("htm"));
      assertEquals(server.url("/token").toString(), claims.getStringClaim("htu"));
      assertEquals(Date.from(clock.instant()), claims.getIssueTime());
      assertTrue(claims.getJWTID().length() >= 16);
      assertNull(claims.getClaim("ath"), "no ath at the token endpoint");
      assertNull(claims.getClaim("nonce"));
      assertTrue(request.getHeaders().get("Authorization").startsWith("Basic "),
          "the client authenticates as before");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "PS256"})
  void rsaProofsVerify(String algorithm) throws Exception {
    server.enqueue(dpopToken("at1"));
    try (OAuth2Client client = client().dpop(algorithm).build()) {
      client.clientCredentials();
      SignedJWT proof = Jwts.proof(server.takeRequest());
      assertEquals(algorithm, proof.getHeader().getAlgorithm().getName());
      assertEquals("RSA", proof.getHeader().getJWK().getKeyType().getValue());
    }
  }

  @Test
  void apiRequestsSendTheDpopSchemeAndAFreshProofWithAth() throws Exception {
    server.enqueue(dpopToken("at1"));
    server.enqueue(new MockResponse.Builder().body("one").build());
    server.enqueue(new MockResponse.Builder().body("two").build());
    try (OAuth2Client client = client().build()) {
      TokenSession session = client.clientCredentialsSession();
      OkHttpClient api = session.authorize(http);
      for (int i = 0; i < 2; i++) {
        try (Response response = api.newCall(new Request.Builder()
            .url(server.url("/api/items?page=2#top")).build()).execute()) {
          assertEquals(200, response.code());
        }
      }
      SignedJWT tokenProof = Jwts.proof(server.takeRequest());
      RecordedRequest first = server.takeRequest();
      RecordedRequest second = server.takeRequest();
      assertEquals("DPoP at1", first.getHeaders().get("Authorization"));
      SignedJWT p1 = Jwts.proof(first);
      SignedJWT p2 = Jwts.proof(second);
      assertEquals("GET", p1.getJWTClaimsSet().getStringClaim("htm"));
      assertEquals(server.url("/api/items").toString(), p1.getJWTClaimsSet().getStringClaim("htu"));
      assertEquals(Jwts.ath("at1"), p1.getJWTClaimsSet().getStringClaim("ath"));
      assertEquals(Jwts.thumbprint(tokenProof), Jwts.thumbprint(p1), "one key per token");
      assertNotEquals(p1.getJWTClaimsSet().getJWTID(), p2.getJWTClaimsSet().getJWTID());
    }
  }

  @Test
  void tokenEndpointNonceIsRetriedOnceAndRemembered() throws Exception {
    server.enqueue(nonceError("n1"));
    server.enqueue(dpopToken("at1"));
    server.enqueue(new MockResponse.Builder().body("ok").build());
    try (OAuth2Client client = client().build()) {
      OkHttpClient api = client.clientCredentialsSession().authorize(http);
      assertEquals(200, get(api, "/api"));
      assertNull(Jwts.proof(server.takeRequest()).getJWTClaimsSet().getClaim("nonce"));
      assertEquals("n1",
          Jwts.proof(server.takeRequest()).getJWTClaimsSet().getStringClaim("nonce"));
      // The same server (origin) gets the newest nonce on API requests too.
      assertEquals("n1",
          Jwts.proof(server.takeRequest()).getJWTClaimsSet().getStringClaim("nonce"));
      assertEquals(3, server.getRequestCount());
    }
  }

  @Test
  void serverThatAlwaysWantsANewNonceGetsExactlyOneRetry() throws Exception {
    server.enqueue(nonceError("n1"));
    server.enqueue(nonceError("n2"));
    server.enqueue(nonceError("n3"));
    try (OAuth2Client client = client().maxRetries(3).build()) {
      TokenEndpointException e = assertThrows(TokenEndpointException.class,
          client::clientCredentials);
      assertTrue(e.getMessage().contains("use_dpop_nonce"), e.getMessage());
      assertEquals(2, server.getRequestCount());
    }
  }

  @Test
  void resourceNonceChallengeIsRetriedOnceWithoutRenewing() throws Exception {
    server.enqueue(dpopToken("at1"));
    server.enqueue(resourceNonceChallenge("r1"));
    server.enqueue(new MockResponse.Builder().body("ok").build());
    try (OAuth2Client client = client().build()) {
      OkHttpClient api = client.clientCredentialsSession().authorize(http);
      assertEquals(200, get(api, "/api"));
      server.takeRequest();
      assertNull(Jwts.proof(server.takeRequest()).getJWTClaimsSet().getClaim("nonce"));
      RecordedRequest retry = server.takeRequest();
      assertEquals("DPoP at1", retry.getHeaders().get("Authorization"), "same token");
      assertEquals("r1", Jwts.proof(retry).getJWTClaimsSet().getStringClaim("nonce"));
      assertEquals(3, server.getRequestCount());
    }
  }

  @Test
  void resourceServerThatAlwaysWantsANewNonceGetsOneRetry() throws Exception {
    server.enqueue(dpopToken("at1"));
    server.enqueue(resourceNonceChallenge("r1"));
    server.enqueue(resourceNonceChallenge("r2"));
    server.enqueue(resourceNonceChallenge("r3"));
    try (OAuth2Client client = client().build()) {
      OkHttpClient api = client.clientCredentialsSession().authorize(http);
      assertEquals(401, get(api, "/api"));
      assertEquals(3, server.getRequestCount(), "one token request, one API request, one retry");
    }
  }

  @Test
  void unauthorizedRenewsAndRetriesWithTheRefreshedTokensKey() throws Exception {
    server.enqueue(dpopToken("at1"));
    server.enqueue(new MockResponse.Builder().code(401)
        .addHeader("WWW-Authenticate", "DPoP error=\"invalid_token\"").build());
    server.enqueue(dpopToken("at2"));
    server.enqueue(new MockResponse.Builder().body("ok").build());
    try (OAuth2Client client = client().build()) {
      OkHttpClient api = client.clientCredentialsSession().authorize(http);
      assertEquals(200, get(api, "/api"));
      String key = Jwts.thumbprint(Jwts.proof(server.takeRequest()));
      server.takeRequest();
      RecordedRequest refresh = server.takeRequest();
      assertTrue(dev.latchkey.testing.WireTestSupport.body(refresh)
          .contains("grant_type=refresh_token"));
      assertEquals(key, Jwts.thumbprint(Jwts.proof(refresh)),
          "a bound refresh token keeps its key");
      RecordedRequest retry = server.takeRequest();
      assertEquals("DPoP at2", retry.getHeaders().get("Authorization"));
      assertEquals(Jwts.ath("at2"), Jwts.proof(retry).getJWTClaimsSet().getStringClaim("ath"));
    }
  }

  @Test
  void dpopTokenTypeIsRefusedWhenDpopIsOff() throws Exception {
    server.enqueue(dpopToken("at1"));
    try (OAuth2Client client = client().dpop(null).maxRetries(0).build()) {
      MalformedResponseException e = assertThrows(MalformedResponseException.class,
          client::clientCredentials);
      assertTrue(e.getMessage().contains("token_type \"DPoP\""), e.getMessage());
      assertNull(server.takeRequest().getHeaders().get("DPoP"));
    }
  }

  @Test
  void bearerAnswerToAProofStaysBearer() throws Exception {
    server.enqueue(dev.latchkey.testing.WireTestSupport.token("at1"));
    server.enqueue(new MockResponse.Builder().body("ok").build());
    try (OAuth2Client client = client().build()) {
      OkHttpClient api = client.clientCredentialsSession().authorize(http);
      assertEquals(200, get(api, "/api"));
      server.takeRequest();
      RecordedRequest apiRequest = server.takeRequest();
      assertEquals("Bearer at1", apiRequest.getHeaders().get("Authorization"));
      assertNull(apiRequest.getHeaders().get("DPoP"));
    }
  }

  @Test
  void unsupportedAlgorithmInMetadataIsAClearError() {
    Provider edOnly = provider().newBuilder()
        .dpopSigningAlgorithms(Arrays.asList("EdDSA")).build();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> client().provider(edOnly).build());
    assertEquals("Provider standard accepts DPoP proofs signed only with [EdDSA]"
        + " (dpop_signing_alg_values_supported); Latchkey signs [ES256, PS256, RS256], so DPoP"
        + " cannot be used with this provider", e.getMessage());
    Provider psOnly = provider().newBuilder()
        .dpopSigningAlgorithms(Arrays.asList("PS256", "EdDSA")).build();
    assertThrows(IllegalStateException.class,
        () -> client().provider(psOnly).dpop("ES256").build());
    assertThrows(IllegalArgumentException.class, () -> client().dpop("HS256"));
  }

  @Test
  void defaultPicksTheFirstAlgorithmTheProviderAccepts() throws Exception {
    server.enqueue(dpopToken("at1"));
    Provider psOnly = provider().newBuilder()
        .dpopSigningAlgorithms(Arrays.asList("EdDSA", "PS256")).build();
    try (OAuth2Client client = client().provider(psOnly).build()) {
      client.clientCredentials();
      assertEquals("PS256", Jwts.proof(server.takeRequest()).getHeader().getAlgorithm().getName());
    }
  }

  @Test
  void keyIsKeptWithTheTokenInAnOwnerOnlyFileAndRefreshWorksAfterARestart(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("tokens.json");
    server.enqueue(dpopToken("at1"));
    String key;
    try (OAuth2Client client = client().tokenStore(TokenStore.file(file)).build()) {
      client.session("alice").save(client.clientCredentials());
      key = Jwts.thumbprint(Jwts.proof(server.takeRequest()));
    }
    if (Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class)
        != null) {
      assertEquals("rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
    assertTrue(Files.readString(file).contains("\"dpop_key\""));

    server.enqueue(dpopToken("at2"));
    try (OAuth2Client restarted = client().tokenStore(TokenStore.file(file)).build()) {
      Token renewed = restarted.session("alice").renew();
      assertTrue(renewed.isDpopBound());
      assertEquals(key, Jwts.thumbprint(Jwts.proof(server.takeRequest())), "the stored key signs");
    }
  }

  @Test
  void tokenJsonRoundTripsTheKeyAndOldJsonStaysReadable() {
    Token bearer = Token.fromJson("{\"access_token\":\"a\",\"token_type\":\"Bearer\","
        + "\"issued_at\":\"2030-01-01T00:00:00Z\",\"scope\":\"\"}");
    assertFalse(bearer.isDpopBound());
    server.enqueue(dpopToken("at1"));
    try (OAuth2Client client = client().build()) {
      Token token = client.clientCredentials();
      Token back = Token.fromJson(token.toJson());
      assertEquals(token, back);
      assertTrue(back.isDpopBound());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
