package dev.latchkey.flows;

import static dev.latchkey.flows.MockFlows.REDIRECT_URI;
import static dev.latchkey.flows.MockFlows.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.AuthorizationDeniedException;
import dev.latchkey.AuthorizationRequest;
import dev.latchkey.ErrorCode;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.ReauthorizationRequiredException;
import dev.latchkey.Token;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.TokenSession;
import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.testing.ManualTestClock;
import dev.latchkey.mockserver.MockAuthServer;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whole flows through the SDK and the bundled mock server. The mock server is written from the
 * providers' documented wire format, independently of the SDK, so a flow that passes here shows
 * the SDK speaks each real dialect rather than its own echo.
 */
final class MockServerFlowsTest {
  private final ManualTestClock clock = new ManualTestClock(java.time.Instant.now());
  private final OkHttpClient http = new OkHttpClient();
  private MockAuthServer mock;

  @BeforeEach
  void startServer() throws IOException {
    mock = MockFlows.started(MockFlows.mock(clock));
  }

  @AfterEach
  void stopServer() {
    mock.close();
  }

  private OAuth2Client client(Provider provider, DemoClient demo, String... scopes) {
    return OAuth2Client.builder()
        .provider(provider)
        .clientId(demo.clientId())
        .clientSecret(demo.clientSecret())
        .redirectUri(REDIRECT_URI)
        .scopes(scopes)
        .clock(clock)
        .httpClient(http)
        .build();
  }

  private String base(String prefix) {
    return mock.baseUrl(prefix).toString();
  }

  private String authorize(AuthorizationRequest request) throws IOException {
    return MockFlows.authorize(http, request);
  }

  private Token signIn(OAuth2Client client) throws IOException {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    return client.exchange(request, authorize(request));
  }

  @Test
  void oraCodeFlowWithJsonThenRefreshAfterExpiry() throws IOException {
    OAuth2Client client = client(Provider.ora(base("ora")), mock.demoClient("ora"));
    TokenSession session = client.session("user-1");
    session.save(signIn(client));
    OkHttpClient api = session.authorize(http);
    assertEquals(200, get(api, base("ora") + "v1/projects"));

    String before = session.accessToken();
    clock.advance(Duration.ofSeconds(61));
    assertEquals(200, get(api, base("ora") + "v1/projects"));
    assertNotEquals(before, session.accessToken());
    assertEquals(1, mock.tokenRequests("ora", "authorization_code"));
    assertEquals(1, mock.tokenRequests("ora", "refresh_token"));
  }

  @Test
  void orangeLogicRefreshesWithTheRefreshTokenAsCode() throws IOException {
    OAuth2Client client = client(Provider.orangeLogic(base("orangelogic")),
        mock.demoClient("orangelogic"));
    Token token = signIn(client);
    Token refreshed = client.refresh(token);
    assertNotEquals(token.accessToken(), refreshed.accessToken());
    assertNotNull(refreshed.refreshToken());
    assertEquals(1, mock.tokenRequests("orangelogic", "refresh_token"));
  }

  @Test
  void orangeLogicRefreshTokenUnusedFor30DaysAsksForLoginAndClearsStore() throws IOException {
    OAuth2Client client = client(Provider.orangeLogic(base("orangelogic")),
        mock.demoClient("orangelogic"));
    TokenSession session = client.session("user-1");
    session.save(signIn(client));
    clock.advance(Duration.ofDays(31));
    ReauthorizationRequiredException e =
        assertThrows(ReauthorizationRequiredException.class, session::accessToken);
    assertTrue(e.getMessage().contains("login again"), e.getMessage());
    assertNull(client.tokenStore().load("user-1"));
  }

  @Test
  void organizationApiBasicAndQueryCredentialsBothGetAndRefreshTokens() throws IOException {
    for (Provider provider : new Provider[] {
        Provider.organizationApiBasic(base("orgapi")),
        Provider.organizationApiQuery(base("orgapi"))}) {
      OAuth2Client client = client(provider, mock.demoClient("orgapi"));
      TokenSession app = client.clientCredentialsSession();
      OkHttpClient api = app.authorize(http);
      assertEquals(200, get(api, base("orgapi") + "api/organization"));
      clock.advance(Duration.ofSeconds(61));
      assertEquals(200, get(api, base("orgapi") + "api/organization"));
    }
    assertEquals(2, mock.tokenRequests("orgapi", "client_credentials"));
    assertEquals(2, mock.tokenRequests("orgapi", "refresh_token"));
  }

  @Test
  void orgoScopesDecideUserinfoFields() throws IOException {
    OAuth2Client narrow = client(Provider.orgo(base("orgo")), mock.demoClient("orgo"), "profile");
    TokenSession first = narrow.session("narrow");
    first.save(signIn(narrow));
    Map<String, Object> profileOnly = first.userInfo();
    assertNotNull(profileOnly.get("name"));
    assertFalse(profileOnly.containsKey("email"));

    OAuth2Client wide = client(Provider.orgo(base("orgo")), mock.demoClient("orgo"),
        "profile", "email", "groups", "roles");
    TokenSession second = wide.session("wide");
    second.save(signIn(wide));
    Map<String, Object> all = second.userInfo();
    assertNotNull(all.get("email"));
    assertNotNull(all.get("groups"));
    assertNotNull(all.get("roles"));
  }

  @Test
  void orgoUnknownScopeIsDeniedAtAuthorize() throws IOException {
    OAuth2Client client = client(Provider.orgo(base("orgo")), mock.demoClient("orgo"), "admin");
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    AuthorizationDeniedException e = assertThrows(AuthorizationDeniedException.class,
        () -> client.exchange(request, authorize(request)));
    assertEquals(ErrorCode.INVALID_SCOPE, e.errorCode());
  }

  @Test
  void onnaReacquiresAfterExpiryAndAfterBare401() throws IOException {
    OAuth2Client client = client(Provider.onna(base("onna")), mock.demoClient("onna"));
    TokenSession app = client.clientCredentialsSession();
    OkHttpClient api = app.authorize(http);
    Request workspaces = new Request.Builder().url(base("onna") + "v1/workspaces")
        .post(RequestBody.create("{}", MediaType.get("application/json"))).build();
    try (Response response = api.newCall(workspaces).execute()) {
      assertEquals(200, response.code());
    }
    assertNull(app.token().refreshToken());
    assertEquals("bearer", app.token().tokenType());

    clock.advance(Duration.ofSeconds(3600));
    try (Response response = api.newCall(workspaces).execute()) {
      assertEquals(200, response.code());
    }
    mock.expireAllTokens();
    try (Response response = api.newCall(workspaces).execute()) {
      assertEquals(200, response.code());
    }
    assertEquals(3, mock.tokenRequests("onna", "client_credentials"));
    assertEquals(0, mock.tokenRequests("onna", "refresh_token"));
  }

  @Test
  void standardPublicClientUsesPkceAndRevocation() throws IOException {
    OAuth2Client discovered = OAuth2Client.builder()
        .provider(Provider.discover(http, base("standard").replaceAll("/$", "")))
        .clientId(mock.demoClient("standard").clientId())
        .redirectUri(REDIRECT_URI)
        .clock(clock)
        .httpClient(http)
        .build();
    assertNotNull(discovered.provider().revocationEndpoint());

    OAuth2Client client = discovered.newBuilder()
        .clientId(dev.latchkey.mockserver.DemoClients.STANDARD_PUBLIC.clientId())
        .clientSecret(null)
        .build();
    TokenSession session = client.session("user-1");
    session.save(signIn(client));
    OkHttpClient api = session.authorize(http);
    assertEquals(200, get(api, base("standard") + "userinfo"));

    session.signOut();
    assertNull(client.tokenStore().load("user-1"));
  }

  @Test
  void codeReplayedIntoAnotherLoginIsRejected() throws IOException {
    OAuth2Client client = client(Provider.orgo(base("orgo")), mock.demoClient("orgo"));
    AuthorizationRequest first = client.newAuthorizationRequest().build();
    String callback = authorize(first);
    client.exchange(first, callback);

    // A second request object with the same state cannot exist, so replay the code by hand.
    AuthorizationRequest second = client.newAuthorizationRequest().build();
    String code = okhttp3.HttpUrl.get(callback).queryParameter("code");
    String forged = REDIRECT_URI + "?code=" + code + "&state="
        + okhttp3.HttpUrl.get(authorize(second)).queryParameter("state");
    TokenEndpointException e = assertThrows(TokenEndpointException.class,
        () -> client.exchange(second, forged));
    assertEquals(ErrorCode.INVALID_GRANT, e.errorCode());
    assertFalse(e.getMessage().contains(code), "the code never appears in messages");
  }

  @Test
  void pendingLoginSurvivesSerializationForASharedSessionStore() throws Exception {
    OAuth2Client instanceA = client(Provider.orgo(base("orgo")), mock.demoClient("orgo"),
        "profile");
    AuthorizationRequest started = instanceA.newAuthorizationRequest().build();
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(started);
    }
    String callback = authorize(started);

    // Another instance of the app reads the login from the shared session store.
    OAuth2Client instanceB = client(Provider.orgo(base("orgo")), mock.demoClient("orgo"),
        "profile");
    AuthorizationRequest restored;
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
        new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      restored = (AuthorizationRequest) in.readObject();
    }
    assertEquals(started.url(), restored.url());
    assertEquals(started.scopes(), restored.scopes());
    Token token = instanceB.exchange(restored, callback);
    assertNotNull(token.accessToken());
    assertThrows(dev.latchkey.InvalidCallbackException.class,
        () -> instanceB.exchange(restored, callback), "each copy is single use");
  }

  @Test
  void wrongSecretIsInvalidClient() {
    OAuth2Client client = OAuth2Client.builder()
        .provider(Provider.onna(base("onna")))
        .clientId(mock.demoClient("onna").clientId())
        .clientSecret("not-the-secret")
        .clock(clock)
        .httpClient(http)
        .build();
    TokenEndpointException e = assertThrows(TokenEndpointException.class,
        client::clientCredentials);
    assertEquals(ErrorCode.INVALID_CLIENT, e.errorCode());
    assertFalse(e.getMessage().contains("not-the-secret"));
  }
}
