package dev.latchkey.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Token;
import dev.latchkey.TokenSession;
import dev.latchkey.interop.server.BrowserLogin;
import dev.latchkey.interop.server.InteropClients;
import dev.latchkey.interop.server.InteropServer;
import dev.latchkey.oidc.OidcVerifier;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * OpenID Connect sign-in at SAS with latchkey-oidc's verifier: the ID token's signature against
 * SAS's JWKS, its nonce and {@code at_hash}; userinfo and end-session from discovery alone.
 */
class OpenIdConnectInteropTest {
  private final InteropServer server = Interop.server();
  /**
   * The key set requests the verifier sends, counted on the client's side: SAS's key set
   * endpoint flushes its answer before the fixture's request log records it.
   */
  private final AtomicInteger jwksFetches = new AtomicInteger();
  private final OAuth2Client client = Interop.client(InteropClients.WEB)
      .httpClient(Interop.HTTP.newBuilder().addInterceptor(chain -> {
        if (chain.request().url().encodedPath().equals("/oauth2/jwks")) {
          jwksFetches.incrementAndGet();
        }
        return chain.proceed(chain.request());
      }).build())
      .redirectUri(InteropClients.REDIRECT_URI)
      .scopes("openid", "profile", "email")
      .idTokenVerifier(OidcVerifier.create())
      .build();

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void idTokenIsVerifiedWithSasKeysAndEchoesTheRequestsNonce() throws Exception {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    assertNotNull(request.nonce());
    assertEquals(request.nonce(), request.url().queryParameter("nonce"));

    Token token = client.exchange(request, server.login(request.url().toString()));

    Map<String, Object> claims = token.idTokenClaims();
    assertEquals(server.issuer(), claims.get("iss"));
    assertEquals(InteropClients.USERNAME, claims.get("sub"));
    assertEquals(InteropClients.EMAIL, claims.get("email"));
    assertEquals(request.nonce(), claims.get("nonce"));
    // SAS puts no at_hash in the code flow's ID token (optional there, OpenID Connect Core
    // §3.1.3.6; finding 19), so the verifier's at_hash check has nothing to match here.
    assertNull(claims.get("at_hash"));
    assertEquals(1, jwksFetches.get(), "SAS's key set fetched once");

    // A second sign-in with the same verifier uses the cached key set.
    AuthorizationRequest again = client.newAuthorizationRequest().build();
    client.exchange(again, server.login(again.url().toString()));
    assertEquals(1, jwksFetches.get());
  }

  @Test
  void userInfoAndEndSessionComeFromDiscoveryAlone() throws Exception {
    // Finding 2, fixed: discovery reads the OpenID configuration for what RFC 8414's lacks.
    BrowserLogin browser = server.browser();
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    Token token = client.exchange(request, browser.open(request.url().toString()).callbackUri());
    TokenSession alice = client.session("oidc-alice-" + System.nanoTime());
    alice.save(token);

    assertEquals(InteropClients.EMAIL, alice.userInfo().get("email"));

    HttpUrl endSession = client.endSessionUrl(token, InteropClients.POST_LOGOUT_REDIRECT_URI);
    assertEquals(server.url("/connect/logout"),
        endSession.newBuilder().query(null).build().toString());
    browser.open(endSession.newBuilder().addQueryParameter("state", "bye").build().toString());
    assertEquals(InteropClients.POST_LOGOUT_REDIRECT_URI + "?state=bye", browser.callbackUri());
  }
}
