package dev.latchkey.testing;

import dev.latchkey.AuthorizationRequest;
import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okio.ByteString;

/** Helpers for reading what the SDK put on the wire and for canned server answers. */
public final class WireTestSupport {
  /** One client for all tests: its pools are shared, its requests independent. */
  public static final OkHttpClient HTTP = new OkHttpClient();

  private WireTestSupport() {
  }

  /** Returns the request body as UTF-8, empty when there was none. */
  public static String body(RecordedRequest request) {
    ByteString body = request.getBody();
    return body == null ? "" : body.utf8();
  }

  /** Decodes an application/x-www-form-urlencoded string, keeping order; refuses duplicates. */
  public static Map<String, String> form(String encoded) {
    Map<String, String> values = new LinkedHashMap<>();
    if (encoded.isEmpty()) {
      return values;
    }
    for (String pair : encoded.split("&")) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (values.put(name, value) != null) {
        throw new AssertionError("parameter " + name + " sent twice in " + encoded);
      }
    }
    return values;
  }

  /** Returns the decoded "id:secret" of a Basic header, still form-encoded as RFC 6749 §2.3.1 asks. */
  public static String basicPair(RecordedRequest request) {
    String header = request.getHeaders().get("Authorization");
    if (header == null || !header.startsWith("Basic ")) {
      throw new AssertionError("expected a Basic Authorization header but was " + header);
    }
    return new String(Base64.getDecoder().decode(header.substring("Basic ".length())),
        StandardCharsets.UTF_8);
  }

  public static String decode(String s) {
    try {
      return URLDecoder.decode(s, "UTF-8");
    } catch (UnsupportedEncodingException e) {
      throw new AssertionError(e);
    }
  }

  public static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  public static MockResponse token(String accessToken) {
    return json(200, "{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\","
        + "\"expires_in\":3600,\"refresh_token\":\"rt-" + accessToken + "\"}");
  }

  public static MockResponse invalidClient() {
    return json(401, "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}");
  }

  /** Returns the callback URI the authorization server would redirect to for {@code request}. */
  public static String callback(AuthorizationRequest request, String query) {
    // RFC 6749 §3.1.2: the server keeps the redirect URI's own query and adds to it.
    String redirect = request.redirectUri();
    return redirect + (redirect.contains("?") ? "&" : "?") + query;
  }

  public static String okCallback(AuthorizationRequest request, String code) {
    return callback(request, "code=" + code + "&state=" + request.url().queryParameter("state"));
  }
}
