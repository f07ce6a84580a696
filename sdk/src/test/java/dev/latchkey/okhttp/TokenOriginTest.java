package dev.latchkey.okhttp;

import static dev.latchkey.testing.WireTestSupport.HTTP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.OAuth2Client;
import dev.latchkey.OAuth2Exception;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenSession;
import dev.latchkey.testing.ManualTestClock;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Collections;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 1: the token goes only to the origin of the request the app made, never onto a
 * request that did not carry our header, and never over plain http to a host that is not
 * loopback; through {@link TokenSession#authorize} and {@link TokenSession#userInfo()}. An
 * answer from an origin the token was not sent to renews nothing, bearer or DPoP-bound.
 */
final class TokenOriginTest {
  private static final String ACCESS_TOKEN = "at-origin-secret";
  private static final MockResponse UNAUTHORIZED = new MockResponse.Builder().code(401)
      .setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"").build();

  private final ManualTestClock clock = new ManualTestClock();
  /** The API the app calls, and its token endpoint (which must never be asked). */
  private final MockWebServer api = new MockWebServer();
  /** Another origin that {@link #api} redirects to. */
  private final MockWebServer other = new MockWebServer();
  private OAuth2Client client;
  private TokenSession session;

  @BeforeEach
  void setUp() throws Exception {
    api.start();
    other.start();
    client = OAuth2Client.builder()
        .provider(Provider.standard(api.url("/authorize").toString(),
            api.url("/token").toString()).newBuilder()
            .userinfoEndpoint(api.url("/userinfo")).build())
        .clientId("origin-client")
        .httpClient(HTTP)
        .clock(clock)
        .build();
    session = client.session("alice");
    session.save(Token.builder().accessToken(ACCESS_TOKEN).refreshToken("rt-origin-secret")
        .issuedAt(clock.instant()).expiresAt(clock.instant().plus(Duration.ofHours(1))).build());
  }

  @AfterEach
  void tearDown() {
    client.close();
    api.close();
    other.close();
  }

  private void redirectToOtherOrigin() {
    api.enqueue(new MockResponse.Builder().code(302)
        .setHeader("Location", other.url("/elsewhere")).build());
    other.enqueue(UNAUTHORIZED);
    other.enqueue(new MockResponse.Builder().body("should not be reached").build());
  }

  private void assertOtherOriginGotNoToken() throws Exception {
    assertOtherOriginGotNoToken(1);
  }

  /** {@code apiRequests}: what {@link #api} had to get, its token endpoint included. */
  private void assertOtherOriginGotNoToken(int apiRequests) throws Exception {
    assertEquals(1, other.getRequestCount(), "no retry with a token at the other origin");
    RecordedRequest redirected = other.takeRequest();
    assertNull(redirected.getHeaders().get("Authorization"), redirected.toString());
    assertNull(redirected.getHeaders().get("DPoP"), "nor a DPoP proof");
    assertEquals(apiRequests, api.getRequestCount(),
        "no renewal was asked of the token endpoint, no retry of the request");
  }

  @Test
  void aRedirectToAnotherOriginNeverGetsTheToken() throws Exception {
    redirectToOtherOrigin();
    OkHttpClient authorized = session.authorize(HTTP);

    try (Response response = authorized.newCall(new Request.Builder()
        .url(api.url("/items")).build()).execute()) {
      assertEquals(401, response.code());
    }

    assertEquals("Bearer " + ACCESS_TOKEN, api.takeRequest().getHeaders().get("Authorization"));
    assertOtherOriginGotNoToken();
  }

  @Test
  void anExpiredStatusFromAnotherOriginRenewsNothing() throws Exception {
    api.enqueue(new MockResponse.Builder().code(302)
        .setHeader("Location", other.url("/elsewhere")).build());
    other.enqueue(new MockResponse.Builder().code(403).build());
    try (OAuth2Client treating403 = client.newBuilder().treatAsExpired(403).build()) {
      TokenSession alice = treating403.session("alice");
      OkHttpClient authorized = alice.authorize(HTTP);

      assertEquals(403, status(authorized, api.url("/items")));
    }

    api.takeRequest();
    assertOtherOriginGotNoToken();
  }

  /** A session whose token is DPoP-bound: the first request {@link #api} gets is its grant. */
  private TokenSession dpopSession(OAuth2Client dpopClient) throws Exception {
    api.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
        .body("{\"access_token\":\"" + ACCESS_TOKEN + "\",\"token_type\":\"DPoP\","
            + "\"expires_in\":3600,\"refresh_token\":\"rt-dpop\"}").build());
    TokenSession session = dpopClient.clientCredentialsSession();
    assertTrue(session.token().isDpopBound());
    assertEquals("/token", api.takeRequest().getTarget());
    return session;
  }

  private OAuth2Client dpopClient() {
    return client.newBuilder().clientSecret("origin-secret").dpop().build();
  }

  private static int status(OkHttpClient http, HttpUrl url) throws Exception {
    try (Response response = http.newCall(new Request.Builder().url(url).build()).execute()) {
      return response.code();
    }
  }

  @Test
  void aDpopBoundTokenIsNotRenewedForAnotherOriginsUnauthorized() throws Exception {
    try (OAuth2Client dpopClient = dpopClient()) {
      TokenSession session = dpopSession(dpopClient);
      redirectToOtherOrigin();

      assertEquals(401, status(session.authorize(HTTP), api.url("/items")));

      assertEquals("DPoP " + ACCESS_TOKEN, api.takeRequest().getHeaders().get("Authorization"));
      assertOtherOriginGotNoToken(2);
    }
  }

  @Test
  void anotherOriginsNonceChallengeIsNotRetriedWithTheToken() throws Exception {
    try (OAuth2Client dpopClient = dpopClient()) {
      TokenSession session = dpopSession(dpopClient);
      api.enqueue(new MockResponse.Builder().code(302)
          .setHeader("Location", other.url("/elsewhere")).build());
      other.enqueue(new MockResponse.Builder().code(401).setHeader("DPoP-Nonce", "other-nonce")
          .setHeader("WWW-Authenticate", "DPoP error=\"use_dpop_nonce\"").build());

      assertEquals(401, status(session.authorize(HTTP), api.url("/items")));

      api.takeRequest();
      assertOtherOriginGotNoToken(2);
    }
  }

  @Test
  void aDpopBoundTokenIsStillRenewedForItsOwnOriginsUnauthorizedAfterARedirect()
      throws Exception {
    try (OAuth2Client dpopClient = dpopClient()) {
      TokenSession session = dpopSession(dpopClient);
      api.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "/moved").build());
      api.enqueue(UNAUTHORIZED);
      api.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type",
          "application/json").body("{\"access_token\":\"at-renewed\",\"token_type\":"
          + "\"DPoP\",\"expires_in\":3600}").build());
      api.enqueue(new MockResponse.Builder().body("ok").build());

      assertEquals(200, status(session.authorize(HTTP), api.url("/items")));

      api.takeRequest();
      RecordedRequest moved = api.takeRequest();
      assertEquals("DPoP " + ACCESS_TOKEN, moved.getHeaders().get("Authorization"),
          "a same-origin redirect keeps the token, so its 401 is the token's");
      assertTrue(moved.getHeaders().get("DPoP") != null, "and the proof");
      assertEquals("/token", api.takeRequest().getTarget());
      assertEquals("DPoP at-renewed", api.takeRequest().getHeaders().get("Authorization"));
    }
  }

  @Test
  void aRedirectWithinTheOriginGetsAProofOfItsOwnMethodAndUrl() throws Exception {
    try (OAuth2Client dpopClient = dpopClient()) {
      TokenSession session = dpopSession(dpopClient);
      api.enqueue(new MockResponse.Builder().code(303).setHeader("Location", "/moved?page=2")
          .build());
      api.enqueue(new MockResponse.Builder().body("ok").build());

      try (Response response = session.authorize(HTTP).newCall(new Request.Builder()
          .url(api.url("/items")).post(RequestBody.create("{}", MediaType.get("application/json")))
          .build()).execute()) {
        assertEquals(200, response.code());
      }

      JWTClaimsSet first = proofClaims(api.takeRequest());
      JWTClaimsSet moved = proofClaims(api.takeRequest());
      assertEquals("POST", first.getStringClaim("htm"));
      assertEquals(api.url("/items").toString(), first.getStringClaim("htu"));
      assertEquals("GET", moved.getStringClaim("htm"), "a 303 turns the POST into a GET");
      assertEquals(api.url("/moved").toString(), moved.getStringClaim("htu"),
          "the redirect's own URL, without its query");
      assertNotEquals(first.getJWTID(), moved.getJWTID(), "a proof of its own");
      assertEquals(first.getStringClaim("ath"), moved.getStringClaim("ath"), "the same token");
    }
  }

  private static JWTClaimsSet proofClaims(RecordedRequest request) throws Exception {
    String proof = request.getHeaders().get("DPoP");
    assertTrue(proof != null, "a proof on " + request);
    return SignedJWT.parse(proof).getJWTClaimsSet();
  }

  @Test
  void userInfoRedirectedToAnotherOriginNeverSendsTheToken() throws Exception {
    redirectToOtherOrigin();

    OAuth2Exception e = assertThrows(OAuth2Exception.class, () -> session.userInfo());

    assertTrue(e.getMessage().contains("answered HTTP 401"), e.getMessage());
    api.takeRequest();
    assertOtherOriginGotNoToken();
  }

  @Test
  void theTokenNeverGoesOverPlainHttpToAHostThatIsNotLoopback() throws Exception {
    OkHttpClient resolving = HTTP.newBuilder().dns(host -> "api.example.test".equals(host)
        ? Collections.singletonList(InetAddress.getLoopbackAddress()) : Dns.SYSTEM.lookup(host))
        .build();
    HttpUrl plain = api.url("/items").newBuilder().host("api.example.test").build();

    OAuth2Exception e = assertThrows(OAuth2Exception.class, () -> session.authorize(resolving)
        .newCall(new Request.Builder().url(plain).build()).execute());

    assertEquals("Refusing to send the access token of session alice over plain http to "
        + plain + ": anyone on the network could read it. Use https; plain http is allowed only"
        + " for loopback hosts (localhost, 127.0.0.1, ::1)", e.getMessage());
    assertEquals(0, api.getRequestCount());
  }
}
