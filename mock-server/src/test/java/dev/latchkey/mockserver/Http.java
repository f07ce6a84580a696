package dev.latchkey.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.FormBody;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** A small OkHttp test client: no redirects followed, no silent retries. */
final class Http {
  static final OkHttpClient CLIENT = new OkHttpClient.Builder()
      .followRedirects(false)
      .retryOnConnectionFailure(false)
      .callTimeout(20, TimeUnit.SECONDS)
      .build();
  static final MediaType JSON = MediaType.get("application/json");
  static final MediaType FORM = MediaType.get("application/x-www-form-urlencoded");

  /** A finished response, read into memory. */
  static final class Result {
    final int code;
    final Headers headers;
    final String body;

    Result(int code, Headers headers, String body) {
      this.code = code;
      this.headers = headers;
      this.body = body;
    }

    String header(String name) {
      return headers.get(name);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> json() {
      try {
        return (Map<String, Object>) new Moshi.Builder().build().adapter(Object.class)
            .fromJson(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    String string(String name) {
      Object value = json().get(name);
      return value == null ? null : value.toString();
    }

    HttpUrl location() {
      String location = header("Location");
      assertNotNull(location, "no Location header; status " + code + " body " + body);
      return HttpUrl.get(location);
    }

    @Override public String toString() {
      return code + " " + body;
    }
  }

  private Http() {
  }

  static Result execute(Request request) {
    try (Response response = CLIENT.newCall(request).execute()) {
      return new Result(response.code(), response.headers(), response.body().string());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@return the mock server's URL as OkHttp's type, for building requests} */
  static HttpUrl url(java.net.URI uri) {
    return HttpUrl.get(uri.toString());
  }

  static Result get(HttpUrl url) {
    return execute(new Request.Builder().url(url).build());
  }

  static Result get(HttpUrl url, String authorization) {
    return execute(new Request.Builder().url(url).header("Authorization", authorization).build());
  }

  /** Posts a form of name/value pairs. */
  static Result form(HttpUrl url, String... pairs) {
    return execute(new Request.Builder().url(url).post(formBody(pairs)).build());
  }

  /** Posts a form with HTTP Basic credentials. */
  static Result formBasic(HttpUrl url, String id, String secret, String... pairs) {
    return execute(new Request.Builder().url(url)
        .header("Authorization", basic(id, secret))
        .post(formBody(pairs)).build());
  }

  static Result json(HttpUrl url, String json) {
    return execute(new Request.Builder().url(url).post(RequestBody.create(json, JSON)).build());
  }

  static Result post(HttpUrl url, String body, MediaType type) {
    return execute(new Request.Builder().url(url).post(RequestBody.create(body, type)).build());
  }

  static FormBody formBody(String... pairs) {
    FormBody.Builder b = new FormBody.Builder();
    for (int i = 0; i < pairs.length; i += 2) b.add(pairs[i], pairs[i + 1]);
    return b.build();
  }

  /** RFC 6749 §2.3.1: form-urlencode id and secret, then Base64. */
  static String basic(String id, String secret) {
    String pair = formEncode(id) + ":" + formEncode(secret);
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  static String formEncode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String s256(String verifier) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256")
        .digest(verifier.getBytes(StandardCharsets.US_ASCII));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
  }

  /** Asserts an RFC 6749 §5.2 error: status, error code and exact description. */
  static void assertError(Result result, int code, String error, String description) {
    assertEquals(code, result.code, result.body);
    assertEquals(error, result.string("error"), result.body);
    assertEquals(description, result.string("error_description"), result.body);
  }

  /** Asserts an authorization error redirect (RFC 6749 §4.1.2.1): code and exact description. */
  static void assertRedirectError(HttpUrl location, String error, String description) {
    assertEquals(error, location.queryParameter("error"), location.toString());
    assertEquals(description, location.queryParameter("error_description"), location.toString());
  }

  /** Runs an auto-approved authorization and returns the code from the redirect. */
  static String authorize(MockAuthServer server, String provider, String path,
      String clientId, String redirectUri, String... extra) {
    HttpUrl.Builder url = Http.url(server.baseUrl(provider)).resolve(path).newBuilder()
        .addQueryParameter("client_id", clientId)
        .addQueryParameter("redirect_uri", redirectUri)
        .addQueryParameter("response_type", "code")
        .addQueryParameter("state", "st-1");
    for (int i = 0; i < extra.length; i += 2) url.addQueryParameter(extra[i], extra[i + 1]);
    Result result = get(url.build());
    assertEquals(302, result.code, result.body);
    HttpUrl location = result.location();
    assertEquals("st-1", location.queryParameter("state"));
    String code = location.queryParameter("code");
    assertNotNull(code, "no code in " + location);
    return code;
  }
}
