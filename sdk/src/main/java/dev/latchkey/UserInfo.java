package dev.latchkey;

import java.io.IOException;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** Fetches a provider's userinfo endpoint (OpenID Connect Core §5.3) with a session's token. */
final class UserInfo {
  private UserInfo() {
  }

  /**
   * Fetches with the session's bearer token, renewing once on a 401; when the session's token
   * has a validated ID token, the answer must be about its {@code sub}.
   */
  static Map<String, Object> fetch(TokenSession session) throws IOException {
    Provider provider = session.config.provider;
    if (provider.userinfoEndpoint() == null) {
      throw new IllegalStateException("Provider " + provider.name() + " has no userinfo endpoint");
    }
    String expectedSubject = IdTokens.subject(session.token());
    OkHttpClient authorized = session.authorize(session.config.httpClient);
    Request request = new Request.Builder().url(provider.userinfoEndpoint())
        .header("Accept", "application/json").build();
    try (Response response = authorized.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new OAuth2Exception("The userinfo endpoint of " + provider.name() + " answered HTTP "
            + response.code() + (response.code() == 403
                ? "; the token may lack a scope userinfo needs" : ""));
      }
      Map<String, Object> claims = JsonBodies.readObject(response, "userinfo response");
      if (expectedSubject != null && !expectedSubject.equals(claims.get("sub"))) {
        // OpenID Connect Core §5.3.2: a substituted answer must not be used.
        throw new IdTokenException(IdTokenException.Reason.SUBJECT_MISMATCH, "The userinfo"
            + " endpoint of " + provider.name() + " answered for another user (sub) than the ID"
            + " token names; refusing the answer (OpenID Connect Core §5.3.2)");
      }
      return claims;
    }
  }
}
