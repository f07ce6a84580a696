package dev.latchkey.oidc.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.OAuth2Client;
import dev.latchkey.oidc.TestIssuer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs {@link OidcExamples} against an OpenID provider on MockWebServer. */
final class OidcExamplesTest {
  private final TestIssuer issuer;

  OidcExamplesTest() throws Exception {
    issuer = new TestIssuer();
  }

  @AfterEach
  void close() throws Exception {
    issuer.close();
  }

  @Test
  void signInReadsTheValidatedClaimsAndSignOutEndsTheProvidersSession() throws Exception {
    OAuth2Client client = OidcExamples.client(new OkHttpClient(), issuer.issuer(),
        TestIssuer.CLIENT_ID, "web-app-secret", "http://127.0.0.1:9/cb");
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    // Signed now by the system clock, as the example's client reads it.
    issuer.enqueueToken("access-1", issuer.signRs256(issuer.claims(request.nonce())
        .issueTime(new java.util.Date()).expirationTime(new java.util.Date(
            System.currentTimeMillis() + 300_000)).build()));

    String userId = OidcExamples.callback(client, request, request.redirectUri() + "?code=c&state="
        + request.url().queryParameter("state"));
    assertEquals("alice", userId);

    HttpUrl endSession = OidcExamples.signOut(client, userId);
    assertEquals("/logout", endSession.encodedPath());
    assertEquals("https://app.example.com/", endSession.queryParameter("post_logout_redirect_uri"));
    assertFalse(client.session(userId).hasToken());
  }
}
