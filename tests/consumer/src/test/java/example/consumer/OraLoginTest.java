package example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenSession;
import dev.latchkey.mockserver.ManualClock;
import dev.latchkey.mockserver.MockAuthServer;
import dev.latchkey.mockserver.MockAuthServerExtension;
import java.io.IOException;
import java.time.Duration;
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

/** Sign-in with the authorization code, then a Retrofit API that outlives the access token. */
class OraLoginTest {
  private static final ManualClock clock = new ManualClock();

  @RegisterExtension
  static MockAuthServerExtension mock =
      new MockAuthServerExtension(MockAuthServer.builder().clock(clock));

  interface OraApi {
    @GET("v1/projects")
    Call<List<Map<String, Object>>> projects();
  }

  private OAuth2Client ora;

  @BeforeEach
  void setUp() {
    ora = OAuth2Client.builder()
        .provider(Provider.ora(mock.server().baseUrl("ora").toString()))
        .clientId(mock.server().demoClient("ora").clientId())
        .clientSecret(mock.server().demoClient("ora").clientSecret())
        .redirectUri("http://127.0.0.1:8765/callback")
        .clock(clock)
        .build();
  }

  @AfterEach
  void tearDown() {
    ora.close();
    mock.server().reset();
  }

  @Test
  void signsInAndCallsTheApiPastTheTokensEnd() throws IOException {
    TokenSession user = ora.session("user-1");
    user.save(signIn());
    OraApi api = new Retrofit.Builder()
        .baseUrl(mock.server().baseUrl("ora").toString())
        .client(user.authorize(new OkHttpClient()))
        .addConverterFactory(MoshiConverterFactory.create())
        .build()
        .create(OraApi.class);

    Response<List<Map<String, Object>>> before = api.projects().execute();
    clock.advance(Duration.ofHours(2));                    // the access token has ended
    Response<List<Map<String, Object>>> after = api.projects().execute();

    assertEquals(200, before.code());
    assertFalse(before.body().isEmpty());
    assertEquals(200, after.code());
    assertEquals(before.body(), after.body());
    assertEquals(1, mock.server().tokenRequests("ora", "authorization_code"));
    assertEquals(1, mock.server().tokenRequests("ora", "refresh_token"));
  }

  /** What the browser does: the mock approves at once and redirects to the callback. */
  private Token signIn() throws IOException {
    AuthorizationRequest login = ora.newAuthorizationRequest().build();
    OkHttpClient browser = new OkHttpClient.Builder().followRedirects(false).build();
    try (okhttp3.Response redirect =
        browser.newCall(new Request.Builder().url(login.url().toString()).build()).execute()) {
      assertEquals(302, redirect.code());
      String callback = redirect.header("Location");
      assertNotNull(callback);
      return ora.exchange(login, callback);
    }
  }
}
