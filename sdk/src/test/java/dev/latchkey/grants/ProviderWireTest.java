package dev.latchkey.grants;

import dev.latchkey.TestHooks;
import dev.latchkey.AuthorizationRequest;
import dev.latchkey.Dialect;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.testing.ManualTestClock;
import dev.latchkey.testing.WireTestSupport;
import static dev.latchkey.testing.WireTestSupport.HTTP;
import static dev.latchkey.testing.WireTestSupport.basicPair;
import static dev.latchkey.testing.WireTestSupport.body;
import static dev.latchkey.testing.WireTestSupport.form;
import static dev.latchkey.testing.WireTestSupport.json;
import static dev.latchkey.testing.WireTestSupport.okCallback;
import static dev.latchkey.testing.WireTestSupport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What each built-in provider puts on the wire for each grant it supports: method, path,
 * Content-Type, exact body, Authorization header, and where the client secret goes.
 */
final class ProviderWireTest {
  private static final String CLIENT_ID = "latchkey-app";
  private static final String SECRET = "shh-client-secret";
  private static final String REDIRECT = "https://app.example/callback";
  private static final String CODE = "auth-code-123";
  private static final String FORM = "application/x-www-form-urlencoded";
  /** RFC 6749 §2.3.1 form-encodes id and secret before Base64: these characters need it. */
  private static final String ODD_ID = "my app:1";
  private static final String ODD_SECRET = "p:a+s%s w\u00f6rd";

  private final MockWebServer server = new MockWebServer();
  private final ManualTestClock clock = new ManualTestClock();
  private final List<OAuth2Client> clients = new ArrayList<>();

  @BeforeEach
  void startServer() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    clients.forEach(OAuth2Client::close);
    server.close();
  }

  private String base() {
    return server.url("/").toString();
  }

  private OAuth2Client client(Provider provider) {
    return client(provider, CLIENT_ID, SECRET);
  }

  private OAuth2Client client(Provider provider, String id, String secret) {
    OAuth2Client client = OAuth2Client.builder()
        .provider(provider)
        .clientId(id)
        .clientSecret(secret)
        .redirectUri(REDIRECT)
        .scopes("read", "write")
        .httpClient(HTTP)
        .clock(clock)
        .build();
    clients.add(client);
    return client;
  }

  private Token oldToken() {
    return Token.builder()
        .accessToken("old-access")
        .refreshToken("old-refresh")
        .issuedAt(clock.instant())
        .expiresAt(clock.instant().plusSeconds(60))
        .scopes(new LinkedHashSet<>(Arrays.asList("read", "write")))
        .build();
  }

  /** Runs a code exchange; returns the request and the verifier the authorization URL committed to. */
  private String[] exchange(OAuth2Client client) throws Exception {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    server.enqueue(token("at-code"));
    Token token = client.exchange(request, okCallback(request, CODE));
    assertEquals("at-code", token.accessToken());
    return new String[] {TestHooks.codeVerifier(request), request.url().toString()};
  }

  private static void assertNoSecretIn(RecordedRequest request, String secret) {
    assertFalse(request.getUrl().toString().contains(secret), "secret in URL");
    assertFalse(body(request).contains(secret), "secret in body");
    assertFalse(WireTestSupport.decode(body(request)).contains(secret), "secret in body");
  }

  // ---------------------------------------------------------------- Ora: JSON, credentials in body

  @Test
  void oraSendsJsonBodyWithCredentials() throws Exception {
    OAuth2Client client = client(Provider.ora(base()));
    String verifier = exchange(client)[0];

    RecordedRequest request = server.takeRequest();
    assertEquals("POST", request.getMethod());
    assertEquals("/oauth/token", request.getTarget());
    assertEquals("application/json; charset=utf-8", request.getHeaders().get("Content-Type"));
    assertEquals("application/json", request.getHeaders().get("Accept"));
    assertNull(request.getHeaders().get("Authorization"));
    assertEquals("{\"grant_type\":\"authorization_code\",\"code\":\"" + CODE + "\","
        + "\"redirect_uri\":\"" + REDIRECT + "\",\"code_verifier\":\"" + verifier + "\","
        + "\"client_id\":\"" + CLIENT_ID + "\",\"client_secret\":\"" + SECRET + "\"}",
        body(request));
  }

  @Test
  void oraRefreshSendsJsonBodyWithRefreshToken() throws Exception {
    OAuth2Client client = client(Provider.ora(base()));
    server.enqueue(token("at-2"));
    Token refreshed = client.refresh(oldToken());

    RecordedRequest request = server.takeRequest();
    assertEquals("POST", request.getMethod());
    assertEquals("/oauth/token", request.getTarget());
    assertEquals("application/json; charset=utf-8", request.getHeaders().get("Content-Type"));
    assertNull(request.getHeaders().get("Authorization"));
    assertEquals("{\"grant_type\":\"refresh_token\",\"refresh_token\":\"old-refresh\","
        + "\"client_id\":\"" + CLIENT_ID + "\",\"client_secret\":\"" + SECRET + "\"}",
        body(request));
    assertEquals("at-2", refreshed.accessToken());
    assertEquals("rt-at-2", refreshed.refreshToken());
  }

  @Test
  void oraEscapesSecretInJsonBody() throws Exception {
    OAuth2Client client = client(Provider.ora(base()), CLIENT_ID, "q\"uote\\back\u00e9");
    server.enqueue(token("at-2"));
    client.refresh(oldToken());

    assertEquals("{\"grant_type\":\"refresh_token\",\"refresh_token\":\"old-refresh\","
        + "\"client_id\":\"" + CLIENT_ID + "\",\"client_secret\":\"q\\\"uote\\\\back\u00e9\"}",
        body(server.takeRequest()));
  }

  @Test
  void oraAuthorizesAtOauthAuthorizeAndHasNoRevocation() throws Exception {
    OAuth2Client client = client(Provider.ora(base()));
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    assertEquals("/oauth/authorize", request.url().encodedPath());
    assertFalse(client.revoke(oldToken()));
    assertEquals(0, server.getRequestCount());
  }

  // ------------------------------------------------ Orange Logic: form, refresh token sent as code

  @Test
  void orangeLogicExchangesCodeWithCredentialsInFormBody() throws Exception {
    OAuth2Client client = client(Provider.orangeLogic(base()));
    String verifier = exchange(client)[0];

    RecordedRequest request = server.takeRequest();
    assertEquals("POST", request.getMethod());
    assertEquals("/oauth2/token", request.getTarget());
    assertEquals(FORM, request.getHeaders().get("Content-Type"));
    assertNull(request.getHeaders().get("Authorization"));
    assertEquals("grant_type=authorization_code&code=" + CODE
        + "&redirect_uri=https%3A%2F%2Fapp.example%2Fcallback&code_verifier=" + verifier
        + "&client_id=" + CLIENT_ID + "&client_secret=" + SECRET, body(request));
  }

  @Test
  void orangeLogicSendsRefreshTokenAsCode() throws Exception {
    OAuth2Client client = client(Provider.orangeLogic(base()));
    server.enqueue(token("at-2"));
    client.refresh(oldToken());

    RecordedRequest request = server.takeRequest();
    assertEquals("POST", request.getMethod());
    assertEquals("/oauth2/token", request.getTarget());
    assertEquals(FORM, request.getHeaders().get("Content-Type"));
    assertNull(request.getHeaders().get("Authorization"));
    assertEquals("grant_type=refresh_token&code=old-refresh&client_id=" + CLIENT_ID
        + "&client_secret=" + SECRET, body(request));
    assertFalse(form(body(request)).containsKey("refresh_token"));
  }

  @Test
  void orangeLogicAuthorizesAtOauth2Authorize() throws Exception {
    OAuth2Client client = client(Provider.orangeLogic(base()));
    assertEquals("/oauth2/authorize",
        client.newAuthorizationRequest().build().url().encodedPath());
  }

  // ------------------------------------------------------------ Organization API: Basic header

  @Test
  void organizationApiBasicSendsClientCredentialsInBasicHeaderOnly() throws Exception {
    OAuth2Client client = client(Provider.organizationApiBasic(base()));
    server.enqueue(token("at-cc"));
    Token token = client.clientCredentials();

    RecordedRequest request = server.takeRequest();
    assertEquals("POST", request.getMethod());
    assertEquals("/oauth2/token", request.getTarget());
    assertEquals(FORM, request.getHeaders().get("Content-Type"));
    assertEquals(CLIENT_ID + ":" + SECRET, basicPair(request));
    assertEquals("grant_type=client_credentials&scope=read+write", body(request));
    assertNoSecretIn(request, SECRET);
    assertEquals("at-cc", token.accessToken());
    assertEquals(new LinkedHashSet<>(Arrays.asList("read", "write")), token.scopes());
  }

  @Test
  void organizationApiBasicRefreshesWithBasicHeader() throws Exception {
    OAuth2Client client = client(Provider.organizationApiBasic(base()));
    server.enqueue(token("at-2"));
    client.refresh(oldToken());

    RecordedRequest request = server.takeRequest();
    assertEquals("POST", request.getMethod());
    assertEquals("/oauth2/token", request.getTarget());
    assertEquals(CLIENT_ID + ":" + SECRET, basicPair(request));
    assertEquals("grant_type=refresh_token&refresh_token=old-refresh", body(request));
  }

  @Test
  void basicHeaderFormEncodesIdAndSecretBeforeBase64() throws Exception {
    OAuth2Client client = client(Provider.organizationApiBasic(base()), ODD_ID, ODD_SECRET);
    server.enqueue(token("at-cc"));
    client.clientCredentials();

    RecordedRequest request = server.takeRequest();
    // RFC 6749 §2.3.1 and Appendix B: application/x-www-form-urlencoded, UTF-8, then Base64.
    assertEquals("my+app%3A1:p%3Aa%2Bs%25s+w%C3%B6rd", basicPair(request));
    String pair = basicPair(request);
    int colon = pair.indexOf(':');
    assertEquals(ODD_ID, WireTestSupport.decode(pair.substring(0, colon)));
    assertEquals(ODD_SECRET, WireTestSupport.decode(pair.substring(colon + 1)));
    assertNoSecretIn(request, ODD_SECRET);
  }

  @Test
  void organizationApiHasNoAuthorizationEndpoint() {
    OAuth2Client client = client(Provider.organizationApiBasic(base()));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> client.newAuthorizationRequest().build());
    assertEquals("Provider orgapi has no authorization endpoint; the authorization-code flow"
        + " needs one", e.getMessage());
  }

  // ------------------------------------------------- Organization API: everything in the query

  @Test
  void organizationApiQuerySendsEverythingInQueryOfEmptyPost() throws Exception {
    OAuth2Client client = client(Provider.organizationApiQuery(base()));
    server.enqueue(token("at-cc"));
    client.clientCredentials();

    RecordedRequest request = server.takeRequest();
    assertEquals("POST", request.getMethod());
    assertEquals("/oauth2/token?grant_type=client_credentials&scope=read%20write"
        + "&client_id=" + CLIENT_ID + "&client_secret=" + SECRET, request.getTarget());
    assertEquals(0, request.getBodySize());
    assertEquals("", body(request));
    assertEquals("0", request.getHeaders().get("Content-Length"));
    assertNull(request.getHeaders().get("Content-Type"));
    assertNull(request.getHeaders().get("Authorization"));
  }

  @Test
  void organizationApiQueryRefreshPutsRefreshTokenInQuery() throws Exception {
    OAuth2Client client = client(Provider.organizationApiQuery(base()), ODD_ID, ODD_SECRET);
    server.enqueue(token("at-2"));
    client.refresh(oldToken());

    RecordedRequest request = server.takeRequest();
    assertEquals("POST", request.getMethod());
    assertEquals("/oauth2/token", request.getUrl().encodedPath());
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("grant_type", "refresh_token");
    expected.put("refresh_token", "old-refresh");
    expected.put("client_id", ODD_ID);
    expected.put("client_secret", ODD_SECRET);
    assertEquals(expected, form(request.getUrl().encodedQuery()));
    assertEquals(0, request.getBodySize());
  }

  @Test
  void organizationApiQueryKeepsSecretOutOfErrorsAndWarnsOnce() throws Exception {
    Logger logger = Logger.getLogger("dev.latchkey");
    List<LogRecord> records = new ArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    Level level = logger.getLevel();
    logger.addHandler(handler);
    logger.setLevel(Level.ALL);
    try {
      OAuth2Client client = client(Provider.organizationApiQuery(base()));
      server.enqueue(new mockwebserver3.MockResponse.Builder().code(400)
          .addHeader("Content-Type", "text/plain").body("boom").build());
      TokenEndpointException e = assertThrows(TokenEndpointException.class,
          client::clientCredentials);
      assertEquals("The token endpoint " + base() + "oauth2/token of orgapi answered HTTP 400"
          + " with Content-Type text/plain and no OAuth2 error (client_credentials); check the"
          + " token endpoint URL", e.getMessage());
      server.enqueue(token("at-cc"));
      client.clientCredentials();
    } finally {
      logger.removeHandler(handler);
      logger.setLevel(level);
    }
    long warnings = records.stream().filter(r -> r.getLevel() == Level.WARNING).count();
    assertEquals(1, warnings);
    for (LogRecord record : records) {
      assertFalse(record.getMessage().contains(SECRET), record.getMessage());
    }
  }

  // ------------------------------------------------------------ Orgo: standard form, AUTO auth

  @Test
  void orgoExchangesCodeWithFormBodyAndBasicHeader() throws Exception {
    OAuth2Client client = client(Provider.orgo(base()));
    String verifier = exchange(client)[0];

    RecordedRequest request = server.takeRequest();
    assertEquals("POST", request.getMethod());
    assertEquals("/oauth/token", request.getTarget());
    assertEquals(FORM, request.getHeaders().get("Content-Type"));
    assertEquals(CLIENT_ID + ":" + SECRET, basicPair(request));
    assertEquals("grant_type=authorization_code&code=" + CODE
        + "&redirect_uri=https%3A%2F%2Fapp.example%2Fcallback&code_verifier=" + verifier,
        body(request));
    assertNoSecretIn(request, SECRET);
  }

  @Test
  void orgoRefreshesWithBasicHeader() throws Exception {
    OAuth2Client client = client(Provider.orgo(base()));
    server.enqueue(token("at-2"));
    client.refresh(oldToken());

    RecordedRequest request = server.takeRequest();
    assertEquals("/oauth/token", request.getTarget());
    assertEquals(CLIENT_ID + ":" + SECRET, basicPair(request));
    assertEquals("grant_type=refresh_token&refresh_token=old-refresh", body(request));
  }

  @Test
  void orgoPublicClientSendsOnlyClientIdInBody() throws Exception {
    OAuth2Client client = client(Provider.orgo(base()), CLIENT_ID, null);
    String verifier = exchange(client)[0];

    RecordedRequest request = server.takeRequest();
    assertNull(request.getHeaders().get("Authorization"));
    assertEquals("grant_type=authorization_code&code=" + CODE
        + "&redirect_uri=https%3A%2F%2Fapp.example%2Fcallback&code_verifier=" + verifier
        + "&client_id=" + CLIENT_ID, body(request));
  }

  @Test
  void orgoHasItsDocumentedPaths() {
    Provider orgo = Provider.orgo(base());
    assertEquals(server.url("/oauth/authorize"), orgo.authorizationEndpoint());
    assertEquals(server.url("/oauth/token"), orgo.tokenEndpoint());
    assertEquals(server.url("/oauth/userinfo"), orgo.userinfoEndpoint());
    assertEquals(Dialect.standard(), orgo.dialect());
  }

  // ------------------------------------------------------- Onna: client_credentials, form body

  @Test
  void onnaSendsClientCredentialsInFormBody() throws Exception {
    OAuth2Client client = client(Provider.onna(base()));
    server.enqueue(json(200, "{\"access_token\":\"onna-at\",\"token_type\":\"bearer\","
        + "\"expires_in\":3599}"));
    Token token = client.clientCredentials();

    RecordedRequest request = server.takeRequest();
    assertEquals("POST", request.getMethod());
    assertEquals("/v1/oauth/token", request.getTarget());
    assertEquals(FORM, request.getHeaders().get("Content-Type"));
    assertNull(request.getHeaders().get("Authorization"));
    assertEquals("grant_type=client_credentials&scope=read+write&client_id=" + CLIENT_ID
        + "&client_secret=" + SECRET, body(request));
    assertEquals("bearer", token.tokenType());
    assertEquals(Duration.ofSeconds(3599), token.lifetime());
    assertNull(token.refreshToken());
  }

  @Test
  void onnaFormEncodesOddSecretInBody() throws Exception {
    OAuth2Client client = client(Provider.onna(base()), ODD_ID, ODD_SECRET);
    server.enqueue(token("onna-at"));
    client.clientCredentials();

    Map<String, String> sent = form(body(server.takeRequest()));
    assertEquals(ODD_ID, sent.get("client_id"));
    assertEquals(ODD_SECRET, sent.get("client_secret"));
  }

  @Test
  void onnaDefaultsToApiOnnaComAndReacquires() {
    Provider onna = Provider.onna();
    assertEquals("https://api.onna.com/v1/oauth/token", onna.tokenEndpoint().toString());
    assertNull(onna.authorizationEndpoint());
    assertEquals(Dialect.Renewal.REACQUIRE, onna.dialect().renewal());
  }

  // ------------------------------------------------------------ standard: RFC 6749 + RFC 7009

  private Provider standard() {
    return Provider.standard(server.url("/authorize").toString(), server.url("/token").toString())
        .newBuilder()
        .revocationEndpoint(server.url("/revoke"))
        .build();
  }

  @Test
  void standardExchangesCodeWithBasicHeader() throws Exception {
    OAuth2Client client = client(standard());
    String verifier = exchange(client)[0];

    RecordedRequest request = server.takeRequest();
    assertEquals("POST", request.getMethod());
    assertEquals("/token", request.getTarget());
    assertEquals(FORM, request.getHeaders().get("Content-Type"));
    assertEquals(CLIENT_ID + ":" + SECRET, basicPair(request));
    assertEquals("grant_type=authorization_code&code=" + CODE
        + "&redirect_uri=https%3A%2F%2Fapp.example%2Fcallback&code_verifier=" + verifier,
        body(request));
  }

  @Test
  void standardClientCredentialsAndRefreshUseBasicHeader() throws Exception {
    OAuth2Client client = client(standard());
    server.enqueue(token("at-cc"));
    server.enqueue(token("at-2"));
    client.clientCredentials();
    client.refresh(oldToken());

    RecordedRequest cc = server.takeRequest();
    assertEquals("/token", cc.getTarget());
    assertEquals(CLIENT_ID + ":" + SECRET, basicPair(cc));
    assertEquals("grant_type=client_credentials&scope=read+write", body(cc));
    RecordedRequest refresh = server.takeRequest();
    assertEquals("/token", refresh.getTarget());
    assertEquals(CLIENT_ID + ":" + SECRET, basicPair(refresh));
    assertEquals("grant_type=refresh_token&refresh_token=old-refresh", body(refresh));
  }

  @Test
  void standardRevokesRefreshTokenWithHint() throws Exception {
    OAuth2Client client = client(standard());
    server.enqueue(new mockwebserver3.MockResponse.Builder().code(200).build());
    assertTrue(client.revoke(oldToken()));

    RecordedRequest request = server.takeRequest();
    assertEquals("POST", request.getMethod());
    assertEquals("/revoke", request.getTarget());
    assertEquals(FORM, request.getHeaders().get("Content-Type"));
    assertEquals(CLIENT_ID + ":" + SECRET, basicPair(request));
    assertEquals("token=old-refresh&token_type_hint=refresh_token", body(request));
  }

  @Test
  void standardRevokesAccessTokenWhenThereIsNoRefreshToken() throws Exception {
    OAuth2Client client = client(standard());
    server.enqueue(new mockwebserver3.MockResponse.Builder().code(200).build());
    assertTrue(client.revoke(oldToken().newBuilder().refreshToken(null).build()));

    RecordedRequest request = server.takeRequest();
    assertEquals("/revoke", request.getTarget());
    assertEquals("token=old-access&token_type_hint=access_token", body(request));
  }

  @Test
  void revocationWithParametersDialectPutsCredentialsInBody() throws Exception {
    Provider provider = standard().newBuilder()
        .dialect(Dialect.builder()
            .clientAuthentication(Dialect.ClientAuthentication.PARAMETERS).build())
        .build();
    OAuth2Client client = client(provider);
    server.enqueue(new mockwebserver3.MockResponse.Builder().code(200).build());
    client.revoke(oldToken());

    RecordedRequest request = server.takeRequest();
    assertNull(request.getHeaders().get("Authorization"));
    assertEquals("token=old-refresh&token_type_hint=refresh_token&client_id=" + CLIENT_ID
        + "&client_secret=" + SECRET, body(request));
  }

  @Test
  void revocationRefusedIsReportedWithoutTheToken() throws Exception {
    OAuth2Client client = client(standard());
    server.enqueue(json(400, "{\"error\":\"unsupported_token_type\"}"));
    TokenEndpointException e = assertThrows(TokenEndpointException.class,
        () -> client.revoke(oldToken()));
    assertEquals("unsupported_token_type", e.error());
    assertEquals(400, e.httpStatus());
    assertTrue(e.getMessage().contains("revocation"), e.getMessage());
    assertFalse(e.getMessage().contains("old-refresh"), e.getMessage());
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
  }

  // ----------------------------------------------------- discover: endpoints from RFC 8414 metadata

  @Test
  void discoveredProviderRunsEveryGrantWithAdvertisedAuthMethod() throws Exception {
    String issuer = server.url("/").toString().replaceAll("/$", "");
    server.enqueue(json(200, "{\"issuer\":\"" + issuer + "\","
        + "\"authorization_endpoint\":\"" + issuer + "/auth\","
        + "\"token_endpoint\":\"" + issuer + "/tok\","
        + "\"revocation_endpoint\":\"" + issuer + "/rev\","
        + "\"token_endpoint_auth_methods_supported\":[\"client_secret_post\"]}"));
    // No OpenID fields in it: discovery asks for the OpenID configuration too.
    server.enqueue(new mockwebserver3.MockResponse.Builder().code(404).build());
    Provider provider = Provider.discover(HTTP, issuer);
    assertEquals("/.well-known/oauth-authorization-server", server.takeRequest().getTarget());
    assertEquals("/.well-known/openid-configuration", server.takeRequest().getTarget());
    OAuth2Client client = client(provider);

    String verifier = exchange(client)[0];
    RecordedRequest code = server.takeRequest();
    assertEquals("POST", code.getMethod());
    assertEquals("/tok", code.getTarget());
    assertEquals(FORM, code.getHeaders().get("Content-Type"));
    assertNull(code.getHeaders().get("Authorization"));
    assertEquals("grant_type=authorization_code&code=" + CODE
        + "&redirect_uri=https%3A%2F%2Fapp.example%2Fcallback&code_verifier=" + verifier
        + "&client_id=" + CLIENT_ID + "&client_secret=" + SECRET, body(code));

    server.enqueue(token("at-cc"));
    client.clientCredentials();
    assertEquals("grant_type=client_credentials&scope=read+write&client_id=" + CLIENT_ID
        + "&client_secret=" + SECRET, body(server.takeRequest()));

    server.enqueue(token("at-2"));
    client.refresh(oldToken());
    assertEquals("grant_type=refresh_token&refresh_token=old-refresh&client_id=" + CLIENT_ID
        + "&client_secret=" + SECRET, body(server.takeRequest()));

    server.enqueue(new mockwebserver3.MockResponse.Builder().code(200).build());
    assertTrue(client.revoke(oldToken()));
    RecordedRequest revoke = server.takeRequest();
    assertEquals("/rev", revoke.getTarget());
    assertEquals("token=old-refresh&token_type_hint=refresh_token&client_id=" + CLIENT_ID
        + "&client_secret=" + SECRET, body(revoke));
  }

  @Test
  void discoveredProviderWithBasicOnlyUsesBasicHeader() throws Exception {
    String issuer = server.url("/").toString().replaceAll("/$", "");
    server.enqueue(json(200, "{\"issuer\":\"" + issuer + "\","
        + "\"token_endpoint\":\"" + issuer + "/tok\","
        + "\"token_endpoint_auth_methods_supported\":[\"client_secret_basic\"]}"));
    server.enqueue(new mockwebserver3.MockResponse.Builder().code(404).build());
    OAuth2Client client = client(Provider.discover(HTTP, issuer));
    server.takeRequest();
    server.takeRequest();
    server.enqueue(token("at-cc"));
    client.clientCredentials();

    RecordedRequest request = server.takeRequest();
    assertEquals("/tok", request.getTarget());
    assertEquals(CLIENT_ID + ":" + SECRET, basicPair(request));
    assertEquals("grant_type=client_credentials&scope=read+write", body(request));
  }
}
