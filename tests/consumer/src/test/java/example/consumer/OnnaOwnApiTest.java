package example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
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
import retrofit2.http.GET;

/**
 * The app's own API behind the mock's tokens: Onna's built-in {@code GET v1/workspaces}, and an
 * endpoint the app registers itself, each answered only with a live Onna token.
 */
class OnnaOwnApiTest {
  @RegisterExtension
  static MockAuthServerExtension mock = new MockAuthServerExtension();

  /** The app's API; {@code v1/exports} is the app's own, stubbed by the test. */
  interface OnnaApi {
    @GET("v1/workspaces")
    Call<List<Map<String, Object>>> workspaces();

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
    api = new Retrofit.Builder()
        .baseUrl(baseUrl)
        .client(onna.clientCredentialsSession().authorize(new OkHttpClient()))
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
