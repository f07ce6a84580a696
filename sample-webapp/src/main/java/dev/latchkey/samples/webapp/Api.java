package dev.latchkey.samples.webapp;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.latchkey.TokenSession;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Calls a provider's JSON API on behalf of a token session. The session's OkHttp integration adds
 * {@code Authorization: Bearer ...} and, on a 401, renews the token and retries once.
 */
final class Api {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final JsonAdapter<Object> ADAPTER = new Moshi.Builder().build()
      .adapter(Object.class);

  /** Signals that an API answered with an error status. */
  static final class ApiException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;

    ApiException(String message, int status) {
      super(message);
      this.status = status;
    }

    int status() {
      return status;
    }
  }

  private Api() {
  }

  /** GETs {@code url} and returns its JSON body as maps, lists, strings, numbers and booleans. */
  static Object get(TokenSession session, OkHttpClient http, String url) throws IOException {
    return call(session, http, new Request.Builder().url(url).get().build());
  }

  /** POSTs a JSON body to {@code url} and returns the JSON answer. */
  static Object post(TokenSession session, OkHttpClient http, String url, String json)
      throws IOException {
    return call(session, http, new Request.Builder().url(url)
        .post(RequestBody.create(json, JSON)).build());
  }

  private static Object call(TokenSession session, OkHttpClient http, Request request)
      throws IOException {
    // authorize() derives a client that shares http's connection pool; cheap to make per call.
    OkHttpClient api = session.authorize(http);
    Request withAccept = request.newBuilder().header("Accept", "application/json").build();
    try (Response response = api.newCall(withAccept).execute()) {
      if (!response.isSuccessful()) {
        // The path only: a query could carry something that should not reach logs.
        throw new ApiException(request.method() + " " + request.url().encodedPath()
            + " answered HTTP " + response.code(), response.code());
      }
      return ADAPTER.fromJson(response.body().source());
    }
  }
}
