package example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.TokenSession;
import dev.latchkey.mockserver.ApiStub;
import dev.latchkey.mockserver.MockAuthServerExtension;
import dev.latchkey.mockserver.MockProvider;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import retrofit2.Call;
import retrofit2.Response;
import retrofit2.Retrofit;
import retrofit2.converter.moshi.MoshiConverterFactory;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.POST;

/**
 * client_credentials behind a Retrofit API on the app's own OkHttpClient: Onna's built-in
 * workspace API, and an endpoint of the app's own that the test stubs behind the mock's tokens.
 */
class OnnaRetrofitTest {
  @RegisterExtension
  static MockAuthServerExtension mock = new MockAuthServerExtension();

  /** The app's API, as it was before it had tokens. */
  interface OnnaApi {
    @POST("v1/workspaces")
    Call<Map<String, Object>> createWorkspace(@Body Map<String, String> workspace);

    @GET("v1/workspaces")
    Call<List<Map<String, Object>>> workspaces();

    /** The app's own endpoint, which the mock serves only as a stub. */
    @GET("v1/exports")
    Call<List<Map<String, Object>>> exports();
  }

  private OAuth2Client onna;
  private OnnaApi api;
  private String baseUrl;

  @BeforeEach
  void setUp() {
    baseUrl = mock.server().baseUrl("onna").toString();
    onna = OAuth2Client.builder()
        .provider(Provider.onna(baseUrl))
        .clientId(mock.server().demoClient("onna").clientId())
        .clientSecret(mock.server().demoClient("onna").clientSecret())
        .build();
    TokenSession app = onna.clientCredentialsSession();
    OkHttpClient httpClient = app.authorize(new OkHttpClient());
    api = new Retrofit.Builder()
        .baseUrl(baseUrl)
        .client(httpClient)
        .addConverterFactory(MoshiConverterFactory.create())
        .build()
        .create(OnnaApi.class);
  }

  @AfterEach
  void tearDown() {
    onna.close();
    mock.server().reset();
  }

  @Test
  void callsTheApiWithOneToken() throws IOException {
    Response<Map<String, Object>> first = api.createWorkspace(Map.of("name", "first")).execute();
    Response<Map<String, Object>> second = api.createWorkspace(Map.of("name", "second")).execute();

    assertEquals(200, first.code());
    assertEquals("first", first.body().get("name"));
    assertEquals("second", second.body().get("name"));
    assertEquals(1, mock.server().tokenRequests("onna", "client_credentials"));
  }

  @Test
  void aRevokedTokenIsReplacedAndTheCallRetried() throws IOException {
    assertEquals(200, api.createWorkspace(Map.of("name", "before")).execute().code());
    mock.server().expireAllTokens();

    Response<Map<String, Object>> after = api.createWorkspace(Map.of("name", "after")).execute();

    assertEquals(200, after.code());
    assertEquals("after", after.body().get("name"));
    assertEquals(2, mock.server().tokenRequests("onna", "client_credentials"));
    assertTrue(mock.server().journal("onna").stream()
        .anyMatch(entry -> entry.path().endsWith("/v1/workspaces")));
  }

  @Test
  void listsTheBuiltInWorkspaces() throws IOException {
    Response<List<Map<String, Object>>> workspaces = api.workspaces().execute();

    assertEquals(200, workspaces.code());
    assertEquals("ws-demo", workspaces.body().get(0).get("id"));
    assertEquals("onna-demo-client", workspaces.body().get(0).get("owner"));
  }

  @Test
  void callsItsOwnEndpointWithAToken() throws IOException {
    mock.server().stubApi(MockProvider.ONNA, "GET", "/v1/exports",
        ApiStub.json(200, "[{\"id\": \"exp-1\", \"state\": \"done\"}]"));

    Response<List<Map<String, Object>>> exports = api.exports().execute();

    assertEquals(200, exports.code());
    assertEquals(List.of(Map.of("id", "exp-1", "state", "done")), exports.body());
    assertEquals(1, mock.server().tokenRequests("onna", "client_credentials"));
    assertEquals(1, mock.server().journal("onna").stream()
        .filter(e -> e.path().equals("/onna/v1/exports")).count());
  }

  @Test
  void theStubRefusesACallWithoutAToken() throws IOException {
    mock.server().stubApi(MockProvider.ONNA, "GET", "/v1/exports", ApiStub.json(200, "[]"));

    Request anonymous = new Request.Builder().url(baseUrl + "v1/exports").build();
    try (okhttp3.Response refused = new OkHttpClient().newCall(anonymous).execute()) {
      assertEquals(401, refused.code());
      assertNull(refused.header("WWW-Authenticate"));   // Onna's bare 401
    }
    assertEquals(0, mock.server().tokenRequests("onna", "client_credentials"));
  }
}
