package dev.latchkey.examples;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.ReauthorizationRequiredException;
import dev.latchkey.Token;
import dev.latchkey.TokenListener;
import dev.latchkey.TokenSession;
import dev.latchkey.TokenStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** docs/refresh-and-expiry.md. */
final class RefreshExamples {
  static final AtomicInteger renewals = new AtomicInteger();
  static final AtomicInteger failures = new AtomicInteger();

  private RefreshExamples() {
  }

  static OAuth2Client configured(String baseUrl, String clientId, String clientSecret,
      String redirectUri, Path tokenFile) {
    // snippet:refresh-configure
    OAuth2Client orangeLogic = OAuth2Client.builder()
        .provider(Provider.orangeLogic(baseUrl))
        .clientId(clientId)
        .clientSecret(clientSecret)
        .redirectUri(redirectUri)
        .tokenStore(TokenStore.file(tokenFile))       // survives restarts; 0600, atomic writes
        .renewBefore(Duration.ofMinutes(5))           // the default is 60 s
        .listener(new TokenListener() {
          @Override
          public void renewed(String sessionKey, Token token) {
            renewals.incrementAndGet();               // a metric; never log the token itself
          }

          @Override
          public void renewalFailed(String sessionKey, Exception failure) {
            failures.incrementAndGet();
          }
        })
        .build();
    // end-snippet
    return orangeLogic;
  }

  // snippet:refresh-reauthorize
  /** Calls Orange Logic for a user; null means "send this user to sign-in again". */
  static String me(OAuth2Client orangeLogic, String userId, String apiUrl) throws IOException {
    OkHttpClient api = orangeLogic.session(userId).authorize(new OkHttpClient());
    try (Response response = api.newCall(new Request.Builder().url(apiUrl).build()).execute()) {
      return response.body().string();
    } catch (ReauthorizationRequiredException e) {
      // No token, or the refresh token was rejected (unused for 30 days at Orange Logic).
      // The stored token is already deleted: start the authorization-code flow again.
      return null;
    }
  }
  // end-snippet

  static Token manual(OAuth2Client client, Token token) throws IOException {
    // snippet:refresh-manual
    Token fresh = client.refresh(token);   // grant_type=refresh_token, in the provider's dialect
    // fresh.refreshToken() is the rotated one, or token's own when the server sent none
    // end-snippet
    return fresh;
  }

  static Token peek(TokenSession session) throws IOException {
    // snippet:refresh-token-now
    Token token = session.token();          // valid now; renewed first only if it had expired
    Token renewed = session.renew();        // renews now, whatever the expiry (single-flight too)
    // end-snippet
    return token.equals(renewed) ? null : renewed;
  }
}
