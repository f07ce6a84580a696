package dev.latchkey.docs.examples;

// snippet:http-clients-okhttp-imports
import dev.latchkey.TokenSession;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import retrofit2.Call;
import retrofit2.Retrofit;
import retrofit2.converter.moshi.MoshiConverterFactory;
import retrofit2.http.GET;
// end-snippet

/** docs/http-clients.md, "OkHttp" and "Retrofit". */
final class OkHttpExamples {
  private OkHttpExamples() {
  }

  // snippet:http-clients-okhttp
  static String listWorkspaces(TokenSession app, OkHttpClient httpClient, String baseUrl)
      throws IOException {
    OkHttpClient api = app.authorize(httpClient);   // shares httpClient's pool and settings
    HttpUrl workspaces = HttpUrl.get(baseUrl).newBuilder()
        .addPathSegments("v1/workspaces")            // with or without a trailing slash
        .build();
    try (Response response = api.newCall(new Request.Builder().url(workspaces).build()).execute()) {
      return response.body().string();
    }
  }
  // end-snippet

  // snippet:http-clients-retrofit
  interface OnnaApi {
    @GET("v1/workspaces")
    Call<List<Map<String, Object>>> workspaces();
  }

  static List<Map<String, Object>> listWorkspacesWithRetrofit(TokenSession app,
      OkHttpClient httpClient, String baseUrl) throws IOException {
    OnnaApi onna = new Retrofit.Builder()
        .baseUrl(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/")  // Retrofit wants the slash
        .client(app.authorize(httpClient))
        .addConverterFactory(MoshiConverterFactory.create())
        .build()
        .create(OnnaApi.class);
    return onna.workspaces().execute().body();
  }
  // end-snippet
}
