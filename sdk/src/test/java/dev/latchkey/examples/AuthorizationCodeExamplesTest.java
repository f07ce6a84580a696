package dev.latchkey.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.OAuth2Client;
import dev.latchkey.Token;
import dev.latchkey.mockserver.ConsentMode;
import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.DemoClients;
import dev.latchkey.mockserver.MockAuthServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class AuthorizationCodeExamplesTest {
  private static final String REDIRECT_URI = "http://127.0.0.1:8123/callback";
  private final OkHttpClient http = new OkHttpClient();
  private MockAuthServer mock;
  private WebLogin web;

  @BeforeEach
  void start() throws IOException {
    mock = MockAuthServer.builder().consent(ConsentMode.AUTO_APPROVE).build();
    mock.start();
    DemoClient orgo = mock.demoClient("orgo");
    web = new WebLogin(mock.baseUrl("orgo").toString(), orgo.clientId(), orgo.clientSecret(),
        REDIRECT_URI);
  }

  @AfterEach
  void stop() {
    web.client().close();
    mock.close();
  }

  /** Plays the browser: follows the authorization URL to where the server redirects. */
  private String browse(String url) throws IOException {
    OkHttpClient browser = http.newBuilder().followRedirects(false).build();
    try (Response response = browser.newCall(new Request.Builder().url(url).build()).execute()) {
      assertEquals(302, response.code());
      return response.header("Location");
    }
  }

  @Test
  void readmeFlowSignsInAndReadsTheProfile() throws IOException {
    Map<String, Object> httpSession = new HashMap<>();
    String redirect = web.signIn(httpSession);
    assertTrue(redirect.contains("code_challenge_method=S256"), redirect);
    Map<String, Object> profile = web.callback(httpSession, "user-1", browse(redirect));
    assertEquals("Dana Demo", profile.get("name"));
    assertNotNull(profile.get("email"));
  }

  @Test
  void extraScopesAndParametersReachTheProvider() throws IOException {
    Map<String, Object> httpSession = new HashMap<>();
    String url = web.signInWithGroups(httpSession);
    assertTrue(url.contains("scope=profile%20email%20groups"), url);
    assertTrue(url.contains("&prompt=login"), url);
    Map<String, Object> profile = web.callback(httpSession, "user-1", browse(url));
    assertNotNull(profile.get("groups"));
  }

  @Test
  void callbackPageWelcomesTheUser() throws IOException {
    Map<String, Object> httpSession = new HashMap<>();
    String callback = browse(web.signIn(httpSession));
    assertEquals("Welcome!", web.callbackPage(httpSession, "user-1", callback));
    assertNotNull(web.client().tokenStore().load("user-1"));
    // The same callback again: the login was taken out of the session.
    assertEquals("Your sign-in expired. Sign in again.",
        web.callbackPage(httpSession, "user-1", callback));
  }

  @Test
  void callbackPageExplainsADenial() throws IOException {
    mock.consent(ConsentMode.AUTO_DENY);
    Map<String, Object> httpSession = new HashMap<>();
    String callback = browse(web.signIn(httpSession));
    assertEquals("You declined to share your Orgo profile. Sign in again?",
        web.callbackPage(httpSession, "user-1", callback));
  }

  @Test
  void callbackPageRefusesACallbackOfAnotherLogin() throws IOException {
    Map<String, Object> mine = new HashMap<>();
    web.signIn(mine);
    String someoneElses = browse(web.signIn(new HashMap<>()));
    assertEquals("That sign-in link is not valid any more (STATE_MISMATCH). Sign in again.",
        web.callbackPage(mine, "user-1", someoneElses));
    assertEquals(0, mock.tokenRequests("orgo"));
  }

  @Test
  void nativeLoginUsesALoopbackRedirectAndPkceWithoutASecret() throws Exception {
    String issuer = mock.baseUrl("standard").toString().replaceAll("/$", "");
    try (OAuth2Client client = NativeLogin.publicClient(issuer,
        DemoClients.STANDARD_PUBLIC_CLIENT_ID)) {
      ExecutorService browserThread = Executors.newSingleThreadExecutor();
      List<Future<String>> pages = new ArrayList<>();
      Token token;
      try {
        token = NativeLogin.signIn(client, url -> pages.add(browserThread.submit(() -> {
          // The "browser": follows the redirect to the loopback receiver.
          try (Response response = http.newCall(new Request.Builder().url(url).build())
              .execute()) {
            return response.code() + " " + response.body().string();
          }
        })));
        assertEquals("200 Signed in. You can close this tab.", pages.get(0).get());
      } finally {
        browserThread.shutdownNow();
      }
      assertNotNull(token.accessToken());
      assertEquals(1, mock.tokenRequests("standard", "authorization_code"));
      String tokenRequest = mock.journal("standard").stream()
          .filter(e -> e.path().endsWith("/token")).findFirst().orElseThrow().body();
      assertTrue(tokenRequest.contains("code_verifier="), tokenRequest);
      assertTrue(tokenRequest.contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A"), tokenRequest);
    }
  }
}
