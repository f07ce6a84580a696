package dev.latchkey.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenSession;
import dev.latchkey.mockserver.ConsentMode;
import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.ManualClock;
import dev.latchkey.mockserver.MockAuthServer;
import dev.latchkey.mockserver.MockProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OpenID Connect sign-in against the bundled mock server: its ID tokens validated by
 * {@link OidcVerifier} against its JWKS, refreshed, checked against userinfo, signed out at its
 * end-session endpoint, and a rotated signing key found with one refetch. The mock server is
 * written independently of the SDK, so this is the two sides of the wire meeting.
 */
final class MockServerSignInTest {
  private static final String REDIRECT_URI = "http://127.0.0.1:8123/callback";

  private final ManualClock clock = new ManualClock();
  private final OkHttpClient http = new OkHttpClient();
  private final OkHttpClient browser = http.newBuilder().followRedirects(false).build();
  private final OidcVerifier verifier = OidcVerifier.create();
  private MockAuthServer mock;
  private OAuth2Client client;

  @BeforeEach
  void start() throws IOException {
    mock = MockAuthServer.builder()
        .consent(ConsentMode.AUTO_APPROVE)
        .clock(clock)
        .tokenLifetime(Duration.ofSeconds(60))
        .build();
    mock.start();
    DemoClient demo = mock.demoClient(MockProvider.STANDARD);
    client = OAuth2Client.builder()
        .provider(Provider.discover(http,
            mock.baseUrl(MockProvider.STANDARD).toString().replaceAll("/$", "")))
        .clientId(demo.clientId())
        .clientSecret(demo.clientSecret())
        .redirectUri(REDIRECT_URI)
        .scopes("openid", "profile", "email")
        .renewBefore(Duration.ZERO)
        .clock(clock)
        .httpClient(http)
        .idTokenVerifier(verifier)
        .build();
  }

  @AfterEach
  void stop() {
    client.close();
    mock.close();
  }

  private Response open(HttpUrl url) throws IOException {
    return browser.newCall(new Request.Builder().url(url).build()).execute();
  }

  private Token signIn() throws IOException {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    assertNotNull(request.nonce());
    try (Response redirect = open(request.url())) {
      assertEquals(302, redirect.code());
      Token token = client.exchange(request, redirect.header("Location"));
      assertEquals(request.nonce(), token.idTokenClaims().get("nonce"));
      return token;
    }
  }

  private int jwksFetches() {
    return (int) mock.journal(MockProvider.STANDARD).stream()
        .filter(entry -> entry.path().equals("/standard/jwks")).count();
  }

  @Test
  void signInValidatesTheIdTokenRefreshesAndSignsOutAtTheProvider() throws IOException {
    Token token = signIn();
    Map<String, Object> claims = token.idTokenClaims();
    assertEquals("demo-user-1", claims.get("sub"));
    assertEquals(client.clientId(), claims.get("azp"));
    assertEquals(client.provider().issuer(), claims.get("iss"));

    TokenSession session = client.session("demo-user-1");
    session.save(token);
    // Scope claims come from userinfo (OpenID Connect Core §5.4), whose sub must be the ID token's.
    Map<String, Object> userInfo = session.userInfo();
    assertEquals("demo-user-1", userInfo.get("sub"));
    assertEquals("dana@example.test", userInfo.get("email"));

    // A refresh brings a new ID token, validated too, for the same user.
    clock.advance(Duration.ofSeconds(61));
    String refreshed = session.accessToken();
    assertNotEquals(token.accessToken(), refreshed);
    assertEquals(1, mock.tokenRequests(MockProvider.STANDARD, "refresh_token"));
    assertEquals("demo-user-1", session.idTokenClaims().get("sub"));
    assertEquals(1, jwksFetches(), "the key set is cached");

    HttpUrl endSession = client.endSessionUrl(session.token(), REDIRECT_URI);
    try (Response signedOut = open(endSession)) {
      assertEquals(302, signedOut.code());
      assertTrue(signedOut.header("Location").startsWith(REDIRECT_URI));
    }
  }

  @Test
  void aRotatedSigningKeyIsFoundWithOneRefetch() throws IOException {
    signIn();
    signIn();
    assertEquals(1, jwksFetches());

    String kid = mock.rotateSigningKey(MockProvider.STANDARD);
    assertNotNull(kid);
    clock.advance(OidcVerifier.DEFAULT_REFETCH_INTERVAL.plusSeconds(1));
    assertEquals("demo-user-1", signIn().idTokenClaims().get("sub"));
    assertEquals(2, jwksFetches(), "one refetch for the new kid");
    signIn();
    assertEquals(2, jwksFetches());
    assertEquals(4, mock.tokenRequests(MockProvider.STANDARD, "authorization_code"));
  }
}
