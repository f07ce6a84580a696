package example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.TokenSession;
import dev.latchkey.mockserver.MockAuthServerExtension;
import java.io.IOException;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import retrofit2.Call;
import retrofit2.Response;
import retrofit2.Retrofit;
import retrofit2.converter.moshi.MoshiConverterFactory;
import retrofit2.http.Body;
import retrofit2.http.POST;

/** client_credentials behind a Retrofit API on the app's own OkHttpClient. */
class OnnaRetrofitTest {
  @RegisterExtension
  static MockAuthServerExtension mock = new MockAuthServerExtension();

  /** The app's API, as it was before it had tokens. */
  interface OnnaApi {
    @POST("v1/workspaces")
    Call<Map<String, Object>> createWorkspace(@Body Map<String, String> workspace);
  }

  private OAuth2Client onna;
  private OnnaApi api;

  @BeforeEach
  void setUp() {
    String baseUrl = mock.server().baseUrl("onna").toString();
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
}
