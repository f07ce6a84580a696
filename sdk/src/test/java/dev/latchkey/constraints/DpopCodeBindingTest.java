package dev.latchkey.constraints;

import static dev.latchkey.testing.WireTestSupport.body;
import static dev.latchkey.testing.WireTestSupport.form;
import static dev.latchkey.testing.WireTestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.AuthorizationRequest;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.testing.ManualTestClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Date;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Authorization codes bound to the DPoP key (RFC 9449 §10, §10.1) on the wire: {@code dpop_jkt}
 * in the authorization URL or the pushed request, a proof on the push, and the code exchange
 * proving that same key. Thumbprints are computed by nimbus-jose-jwt, not by the sdk.
 */
final class DpopCodeBindingTest {
  private static final String REDIRECT_URI = "https://app.example/cb";
  private static final String REQUEST_URI = "urn:ietf:params:oauth:request_uri:bound-1";

  private final MockWebServer server = new MockWebServer();
  private final ManualTestClock clock = new ManualTestClock();

  @BeforeEach
  void setUp() throws Exception {
    server.start();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private OAuth2Client.Builder client() {
    return OAuth2Client.builder()
        .provider(Provider.standard(server.url("/authorize").toString(),
            server.url("/token").toString()).newBuilder()
            .pushedAuthorizationRequestEndpoint(server.url("/par?tenant=acme").toString())
            .build())
        .clientId("app")
        .clientSecret("secret")
        .redirectUri(REDIRECT_URI)
        .httpClient(new OkHttpClient())
        .clock(clock)
        .dpop();
  }

  private static MockResponse dpopToken() {
    return json(200, "{\"access_token\":\"at1\",\"token_type\":\"DPoP\",\"expires_in\":3600}");
  }

  private static MockResponse pushed() {
    return json(201, "{\"request_uri\":\"" + REQUEST_URI + "\",\"expires_in\":60}");
  }

  private static Token exchange(OAuth2Client client, AuthorizationRequest request)
      throws Exception {
    return client.exchange(request, REDIRECT_URI + "?code=c1&state=" + request.state());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ES256", "PS256"})
  void authorizationUrlCarriesTheThumbprintOfTheKeyTheExchangeProves(String algorithm)
      throws Exception {
    server.enqueue(dpopToken());
    try (OAuth2Client client = client().dpop(algorithm).build()) {
      AuthorizationRequest request = client.newAuthorizationRequest().build();
      String dpopJkt = request.url().queryParameter("dpop_jkt");

      Token token = exchange(client, request);

      SignedJWT exchangeProof = Jwts.proof(server.takeRequest());
      assertEquals(Jwts.thumbprint(exchangeProof), dpopJkt);
      assertEquals(43, dpopJkt.length(), "base64url of a SHA-256, unpadded");
      assertTrue(token.isDpopBound());
      assertEquals(1, server.getRequestCount(), "no push without push()");
    }
  }

  @Test
  void pushCarriesAProofAndDpopJktOfOneKeyAndTheExchangeProvesIt() throws Exception {
    server.enqueue(pushed());
    server.enqueue(dpopToken());
    try (OAuth2Client client = client().build()) {
      AuthorizationRequest request = client.newAuthorizationRequest().push();
      assertEquals(REQUEST_URI, request.url().queryParameter("request_uri"));
      assertNull(request.url().queryParameter("dpop_jkt"), "the browser gets only a reference");

      exchange(client, request);

      RecordedRequest push = server.takeRequest();
      assertEquals("/par?tenant=acme", push.getTarget());
      SignedJWT pushProof = Jwts.proof(push);
      JWTClaimsSet claims = pushProof.getJWTClaimsSet();
      assertEquals("POST", claims.getStringClaim("htm"));
      assertEquals(server.url("/par").toString(), claims.getStringClaim("htu"),
          "the PAR endpoint without its query (RFC 9449 §4.2)");
      assertEquals(Date.from(clock.instant()), claims.getIssueTime());
      assertNull(claims.getClaim("ath"), "no access token is presented");
      assertFalse(pushProof.getHeader().getJWK().isPrivate());
      Map<String, String> params = form(body(push));
      assertEquals(Jwts.thumbprint(pushProof), params.get("dpop_jkt"),
          "dpop_jkt names the proof's key (RFC 9449 §10.1)");
      assertTrue(push.getHeaders().get("Authorization").startsWith("Basic "));

      SignedJWT exchangeProof = Jwts.proof(server.takeRequest());
      assertEquals(Jwts.thumbprint(pushProof), Jwts.thumbprint(exchangeProof),
          "the code exchange proves the key the code was bound to");
    }
  }

  @Test
  void parNonceChallengeIsAnsweredOnceWithTheNonce() throws Exception {
    server.enqueue(new MockResponse.Builder().code(400)
        .addHeader("Content-Type", "application/json")
        .addHeader("DPoP-Nonce", "par-nonce-1")
        .body("{\"error\":\"use_dpop_nonce\"}")
        .build());
    server.enqueue(pushed());
    try (OAuth2Client client = client().build()) {
      client.newAuthorizationRequest().push();

      SignedJWT first = Jwts.proof(server.takeRequest());
      SignedJWT second = Jwts.proof(server.takeRequest());
      assertNull(first.getJWTClaimsSet().getClaim("nonce"));
      assertEquals("par-nonce-1", second.getJWTClaimsSet().getStringClaim("nonce"));
      assertEquals(Jwts.thumbprint(first), Jwts.thumbprint(second));
      assertEquals(2, server.getRequestCount());
    }
  }

  @Test
  void withoutDpopNeitherTheUrlNorThePushNamesAKey() throws Exception {
    server.enqueue(pushed());
    try (OAuth2Client client = client().dpop(null).build()) {
      assertNull(client.newAuthorizationRequest().build().url().queryParameter("dpop_jkt"));
      client.newAuthorizationRequest().push();
      RecordedRequest push = server.takeRequest();
      assertNull(push.getHeaders().get("DPoP"));
      assertFalse(form(body(push)).containsKey("dpop_jkt"));
    }
  }

  @Test
  void dpopJktIsTheBuildersOwn() {
    try (OAuth2Client client = client().build()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> client.newAuthorizationRequest().parameter("dpop_jkt", "x"));
      assertEquals("parameter \"dpop_jkt\" is set by Latchkey itself; use the builder's own"
          + " method for it", e.getMessage());
    }
  }

  @Test
  void aSerializedRequestKeepsTheKeyItsCodeIsBoundTo() throws Exception {
    server.enqueue(dpopToken());
    try (OAuth2Client client = client().build()) {
      AuthorizationRequest request = client.newAuthorizationRequest().build();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(request);
      }
      AuthorizationRequest copy;
      try (ObjectInputStream in = new ObjectInputStream(
          new ByteArrayInputStream(bytes.toByteArray()))) {
        copy = (AuthorizationRequest) in.readObject();
      }
      assertFalse(copy.toString().contains("private"), copy.toString());

      exchange(client, copy);

      HttpUrl url = request.url();
      assertEquals(url.queryParameter("dpop_jkt"),
          Jwts.thumbprint(Jwts.proof(server.takeRequest())));
    }
  }
}
