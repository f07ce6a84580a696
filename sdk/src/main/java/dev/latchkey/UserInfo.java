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

  /** {@code authorized} adds the session's bearer token and renews once on a 401. */
  static Map<String, Object> fetch(Provider provider, OkHttpClient authorized)
      throws IOException {
    if (provider.userinfoEndpoint() == null) {
      throw new IllegalStateException("Provider " + provider.name() + " has no userinfo endpoint");
    }
    Request request = new Request.Builder().url(provider.userinfoEndpoint())
        .header("Accept", "application/json").build();
    try (Response response = authorized.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new OAuth2Exception("The userinfo endpoint of " + provider.name() + " answered HTTP "
            + response.code() + (response.code() == 403
                ? "; the token may lack a scope userinfo needs" : ""));
      }
      return JsonBodies.readObject(response, "userinfo response");
    }
  }
}
