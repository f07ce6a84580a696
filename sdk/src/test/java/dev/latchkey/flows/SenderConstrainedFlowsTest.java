package dev.latchkey.flows;

import static dev.latchkey.flows.MockFlows.REDIRECT_URI;
import static dev.latchkey.flows.MockFlows.authorize;
import static dev.latchkey.flows.MockFlows.get;
import static dev.latchkey.flows.MockFlows.requests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.Dialect;
import dev.latchkey.ErrorCode;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.SigningKey;
import dev.latchkey.TestHooks;
import dev.latchkey.Token;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.TokenSession;
import dev.latchkey.TokenStore;
import dev.latchkey.mockserver.ApiStub;
import dev.latchkey.mockserver.DemoClients;
import dev.latchkey.mockserver.JournalEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DPoP, client assertions and PAR through the SDK and the bundled mock server's standard
 * provider, found by discovery as an app would: each combination a user would pick, judged by
 * outcomes and by what the mock server received.
 */
final class SenderConstrainedFlowsTest extends StandardProviderFlows {
  @TempDir
  Path temp;

  /** A client of the discovered standard provider, renewing only expired tokens. */
  private OAuth2Client.Builder client() throws IOException {
    return OAuth2Client.builder()
        .provider(MockFlows.discoverStandard(mock, http))
        .clientId(demo.clientId())
        .redirectUri(REDIRECT_URI)
        .renewBefore(Duration.ZERO)
        .clock(clock)
        .httpClient(http);
  }

  private static Token signIn(OAuth2Client client, AuthorizationRequest request,
      OkHttpClient http) throws IOException {
    return client.exchange(request, authorize(http, request));
  }

  private static List<String> headers(List<JournalEntry> entries, String name) {
    return entries.stream().map(entry -> entry.header(name)).collect(Collectors.toList());
  }

  @Test
  void dpopCodeFlowRefreshesAndRetriesAnApiNonceChallengeOnce() throws IOException {
    mock.stubApi(STANDARD, "GET", "/v1/orders", ApiStub.json(200, "[]"));
    mock.settings(STANDARD).dpopNonce(true).accessTokenLifetime(Duration.ofMinutes(10));
    OAuth2Client client = client().clientSecret(demo.clientSecret()).dpop().build();
    Token token = signIn(client, client.newAuthorizationRequest().build(), http);
    assertTrue(token.isDpopBound());
    assertEquals("DPoP", token.tokenType());
    // The first proof had no nonce: use_dpop_nonce, then one retry with the server's nonce.
    assertEquals(2, mock.tokenRequests(STANDARD, "authorization_code"));

    TokenSession session = client.session("user-1");
    session.save(token);
    OkHttpClient api = session.authorize(http);
    String orders = base() + "v1/orders";
    assertEquals(200, get(api, orders));
    assertEquals(1, requests(mock, "v1/orders").size());

    // Nonces live 5 minutes at the mock: the API asks for a new one, the token stays valid.
    clock.advance(Duration.ofMinutes(6));
    assertEquals(200, get(api, orders));
    List<JournalEntry> calls = requests(mock, "v1/orders");
    assertEquals(3, calls.size(), "one 401 use_dpop_nonce, one retry");
    for (String authorization : headers(calls, "Authorization")) {
      assertEquals("DPoP " + token.accessToken(), authorization);
    }
    assertEquals(3, headers(calls, "DPoP").stream().distinct().count(), "a new proof each time");
    assertEquals(0, mock.tokenRequests(STANDARD, "refresh_token"));

    // Past its expiry the bound token is refreshed with the same key and the current nonce.
    clock.advance(Duration.ofMinutes(4).plusSeconds(30));
    assertEquals(200, get(api, orders));
    assertEquals(1, mock.tokenRequests(STANDARD, "refresh_token"));
    Token refreshed = session.token();
    assertNotEquals(token.accessToken(), refreshed.accessToken());
    assertTrue(refreshed.isDpopBound());
    assertEquals("DPoP " + refreshed.accessToken(),
        requests(mock, "v1/orders").get(3).header("Authorization"));
  }

  /**
   * RFC 9449 §10 and §10.1: the code is bound to the request's key, through {@code dpop_jkt} in
   * the URL or a proof on the push, so a code exchange proving another key is refused, without
   * spending the code, and the genuine one succeeds.
   */
  @ParameterizedTest(name = "pushed={0}")
  @ValueSource(booleans = {false, true})
  void aCodeBoundToTheRequestsKeyCannotBeRedeemedWithAnotherKey(boolean pushed)
      throws IOException {
    OAuth2Client client = client().clientSecret(demo.clientSecret()).dpop().build();
    AuthorizationRequest request = pushed ? client.newAuthorizationRequest().push()
        : client.newAuthorizationRequest().build();
    String callback = authorize(http, request);

    TokenEndpointException e = assertThrows(TokenEndpointException.class,
        () -> client.exchange(TestHooks.boundToAnotherKey(request), callback));
    assertEquals("invalid_dpop_proof", e.error());
    assertTrue(e.getMessage().contains("not the one the authorization code is bound to"),
        e.getMessage());

    Token token = client.exchange(request, callback);
    assertTrue(token.isDpopBound());
    assertEquals(2, mock.tokenRequests(STANDARD, "authorization_code"));
    if (pushed) {
      JournalEntry push = requests(mock, "par").get(0);
      assertTrue(push.header("DPoP") != null, "the push carried a proof");
      assertTrue(push.body().contains("dpop_jkt="), push.body());
    } else {
      assertTrue(request.url().queryParameter("dpop_jkt") != null);
    }
  }

  @Test
  void aPublicClientsBoundRefreshTokenWorksAfterARestartWithTheStoredKey() throws IOException {
    Path tokens = temp.resolve("tokens.json");
    try (OAuth2Client before = client().clientId(DemoClients.STANDARD_PUBLIC.clientId()).dpop()
        .tokenStore(TokenStore.file(tokens)).build()) {
      before.session("user-1").save(
          signIn(before, before.newAuthorizationRequest().build(), http));
    }
    clock.advance(Duration.ofSeconds(61));

    // A new client and store on the same file: the refresh token is bound to the stored key
    // (RFC 9449 §5), so the refresh succeeds only with a proof of that key.
    try (OAuth2Client after = client().clientId(DemoClients.STANDARD_PUBLIC.clientId()).dpop()
        .tokenStore(TokenStore.file(tokens)).build()) {
      TokenSession session = after.session("user-1");
      assertEquals(200, get(session.authorize(http), base() + "userinfo"));
      assertTrue(session.token().isDpopBound());
    }
    assertEquals(1, mock.tokenRequests(STANDARD, "refresh_token"));
    List<String> proofs = headers(requests(mock, "token"), "DPoP");
    assertEquals(2, proofs.size());
    assertEquals(proofHeader(proofs.get(0)), proofHeader(proofs.get(1)), "the same jwk");
  }

  private static String proofHeader(String proof) {
    return new String(Base64.getUrlDecoder().decode(proof.substring(0, proof.indexOf('.'))),
        StandardCharsets.UTF_8);
  }

  @Test
  void privateKeyJwtPushesTheRequestAndExchangesTheCode() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = ec.generateKeyPair();
    mock.client(STANDARD, demo.clientId()).key(keys.getPublic(), "flow-key");
    mock.settings(STANDARD).requirePushedAuthorizationRequests(true);
    OAuth2Client client = client()
        .clientKey(SigningKey.of(keys.getPrivate()).withKeyId("flow-key"))
        .build();

    // The metadata requires PAR, so build() pushes: the browser sees client_id and request_uri.
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    HttpUrl url = request.url();
    assertEquals(2, url.querySize(), url.queryParameterNames().toString());
    assertTrue(url.queryParameter("request_uri").startsWith("urn:ietf:params:oauth:request_uri:"));
    Token token = signIn(client, request, http);
    assertEquals("Bearer", token.tokenType());

    for (JournalEntry pushOrToken : List.of(requests(mock, "par").get(0),
        requests(mock, "token").get(0))) {
      String body = pushOrToken.body();
      assertTrue(body.contains("client_assertion="), body);
      assertFalse(body.contains("client_secret"), body);
      assertNull(pushOrToken.header("Authorization"));
    }
    // A pushed request is single use: the same URL again gets the error page, no redirect.
    OkHttpClient browser = http.newBuilder().followRedirects(false).build();
    assertEquals(400, get(browser, url.toString()));
  }

  @Test
  void privateKeyJwtWithAnUnregisteredKeyIsInvalidClient() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    OAuth2Client client = client()
        .clientKey(SigningKey.of(rsa.generateKeyPair().getPrivate()))
        .build();
    TokenEndpointException e = assertThrows(TokenEndpointException.class,
        () -> client.newAuthorizationRequest().push());
    assertEquals(ErrorCode.INVALID_CLIENT, e.errorCode());
    assertEquals(0, mock.tokenRequests(STANDARD));
  }

  @Test
  void clientSecretJwtSignsWithTheSecretAndNeverSendsIt() throws IOException {
    OAuth2Client client = client().clientSecret(demo.clientSecret()).build();
    Provider provider = client.provider();
    OAuth2Client secretJwt = client.newBuilder()
        .provider(provider.newBuilder().dialect(provider.dialect().newBuilder()
            .clientAuthentication(Dialect.ClientAuthentication.CLIENT_SECRET_JWT).build()).build())
        .build();
    AuthorizationRequest request = secretJwt.newAuthorizationRequest().push();
    Token token = signIn(secretJwt, request, http);
    assertTrue(secretJwt.refresh(token).accessToken().length() > 0);
    List<JournalEntry> sent = requests(mock, "par");
    sent.addAll(requests(mock, "token"));
    assertEquals(3, sent.size());
    for (JournalEntry entry : sent) {
      assertTrue(entry.body().contains("client_assertion="), entry.body());
      assertFalse(entry.body().contains(demo.clientSecret()), "the secret is never sent");
    }

    OAuth2Client wrongSecret = secretJwt.newBuilder().clientSecret("not-the-secret").build();
    TokenEndpointException e = assertThrows(TokenEndpointException.class,
        wrongSecret::clientCredentials);
    assertEquals(ErrorCode.INVALID_CLIENT, e.errorCode());
  }
}
