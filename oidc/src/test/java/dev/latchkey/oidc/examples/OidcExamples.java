package dev.latchkey.oidc.examples;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenSession;
import dev.latchkey.oidc.OidcVerifier;
import java.io.IOException;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/** docs/openid-connect.md. */
final class OidcExamples {
  private OidcExamples() {
  }

  static OAuth2Client client(OkHttpClient http, String issuer, String clientId,
      String clientSecret, String redirectUri) throws IOException {
    // snippet:oidc-client
    OAuth2Client client = OAuth2Client.builder()
        .provider(Provider.discover(http, issuer)) // issuer, jwks_uri, end_session_endpoint
        .clientId(clientId)
        .clientSecret(clientSecret)
        .redirectUri(redirectUri)
        .scopes("openid", "profile", "email")      // openid: a nonce goes with each request
        .idTokenVerifier(OidcVerifier.create())    // from latchkey-oidc
        .build();
    // end-snippet
    return client;
  }

  static String callback(OAuth2Client client, AuthorizationRequest request, String callbackUri)
      throws IOException {
    // snippet:oidc-callback
    Token token = client.exchange(request, callbackUri); // IdTokenException if a check fails
    Map<String, Object> claims = token.idTokenClaims();  // validated: sub, email, name, ...
    String userId = (String) claims.get("sub");
    client.session(userId).save(token);
    // end-snippet
    return userId;
  }

  static HttpUrl signOut(OAuth2Client client, String userId) throws IOException {
    // snippet:oidc-sign-out
    TokenSession session = client.session(userId);
    HttpUrl endSession = client.endSessionUrl(session.token(), "https://app.example.com/");
    session.signOut();                // revokes where it can, deletes the stored token
    // then redirect the browser to endSession, to end the provider's session too
    // end-snippet
    return endSession;
  }
}
