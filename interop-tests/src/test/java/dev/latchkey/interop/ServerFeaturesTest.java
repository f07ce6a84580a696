package dev.latchkey.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.interop.server.BrowserLogin;
import dev.latchkey.interop.server.InteropClients;
import dev.latchkey.interop.server.InteropKeys;
import dev.latchkey.interop.server.InteropServer;
import dev.latchkey.interop.server.MutualTls;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

/**
 * The server side of the sdk's extension features, checked with requests written by hand from
 * the RFCs: when an sdk-side test of a feature fails, this one says whether SAS changed.
 */
class ServerFeaturesTest {
  private static final String ASSERTION_TYPE =
      "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  private static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
  private static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

  private final InteropServer server = Interop.server();

  private static Map<String, Object> json(Raw.Answer answer, int status) {
    assertEquals(status, answer.status(), answer.body());
    return Json.object(answer.body());
  }

  @Test
  void metadataAnnouncesEveryFeatureConfigured() throws Exception {
    Map<String, Object> metadata = json(Raw.send(new Request.Builder()
        .url(server.url("/.well-known/openid-configuration")).build()), 200);

    assertEquals(server.url("/oauth2/device_authorization"),
        metadata.get("device_authorization_endpoint"));
    assertEquals(server.url("/oauth2/par"), metadata.get("pushed_authorization_request_endpoint"));
    assertEquals(server.url("/connect/logout"), metadata.get("end_session_endpoint"));
    assertEquals(server.url("/oauth2/jwks"), metadata.get("jwks_uri"));
    assertTrue(((List<?>) metadata.get("token_endpoint_auth_methods_supported")).containsAll(
        List.of("client_secret_basic", "client_secret_post", "client_secret_jwt",
            "private_key_jwt", "tls_client_auth")));
    assertTrue(((List<?>) metadata.get("grant_types_supported")).containsAll(List.of(
        "urn:ietf:params:oauth:grant-type:device_code", TOKEN_EXCHANGE)));
    assertTrue(((List<?>) metadata.get("dpop_signing_alg_values_supported")).contains("ES256"));
  }

  /** client_credentials authenticated by {@code assertion}, with or without client_id. */
  private Raw.Answer withAssertion(String clientId, String assertion) throws Exception {
    FormBody.Builder form = new FormBody.Builder().add("grant_type", "client_credentials");
    if (clientId != null) {
      form.add("client_id", clientId);
    }
    return Raw.post(server.url("/oauth2/token"), null, form
        .add("client_assertion_type", ASSERTION_TYPE).add("client_assertion", assertion).build());
  }

  private String secretJwt(String secret) throws Exception {
    return Jose.clientAssertion(InteropClients.CLIENT_SECRET_JWT, server.url("/oauth2/token"),
        secret);
  }

  @Test
  void privateKeyJwtClientGetsATokenWithAnRs256Assertion() throws Exception {
    String assertion = Jose.clientAssertion(InteropClients.PRIVATE_KEY_JWT,
        server.url("/oauth2/token"), InteropKeys.clientKey(InteropClients.PRIVATE_KEY_JWT));

    Map<String, Object> token =
        json(withAssertion(InteropClients.PRIVATE_KEY_JWT, assertion), 200);

    assertNotNull(token.get("access_token"));
  }

  @Test
  void clientSecretJwtClientGetsATokenWithAnHs256Assertion() throws Exception {
    String assertion = secretJwt(InteropClients.secret(InteropClients.CLIENT_SECRET_JWT));

    Map<String, Object> token =
        json(withAssertion(InteropClients.CLIENT_SECRET_JWT, assertion), 200);

    assertNotNull(token.get("access_token"));
  }

  @Test
  void sasWantsClientIdBesideTheAssertion() throws Exception {
    // RFC 7523 §3 makes client_id optional with an assertion; SAS requires it.
    String assertion = secretJwt(InteropClients.secret(InteropClients.CLIENT_SECRET_JWT));

    assertEquals("invalid_request", json(withAssertion(null, assertion), 400).get("error"));
  }

  @Test
  void assertionSignedWithAnotherKeyIsInvalidClient() throws Exception {
    String assertion = secretJwt("another-secret-0123456789abcdef0123456789");

    assertEquals("invalid_client",
        json(withAssertion(InteropClients.CLIENT_SECRET_JWT, assertion), 401).get("error"));
  }

  @Test
  void parRequiredClientIsRefusedAtTheAuthorizationEndpointAndServedThroughPar()
      throws Exception {
    Pkce pkce = new Pkce();
    Raw.Answer direct = Raw.send(new Request.Builder().url(server.url("/oauth2/authorize")
        + "?response_type=code&client_id=" + InteropClients.PAR_REQUIRED
        + "&redirect_uri=" + InteropClients.REDIRECT_URI + "&scope=api.read&state=s1"
        + "&code_challenge_method=S256&code_challenge=" + pkce.challenge()).build());
    assertEquals(400, direct.status());

    Map<String, Object> pushed = json(Raw.post(server.url("/oauth2/par"),
        InteropClients.PAR_REQUIRED, new FormBody.Builder().add("response_type", "code")
            .add("client_id", InteropClients.PAR_REQUIRED)
            .add("redirect_uri", InteropClients.REDIRECT_URI).add("scope", "api.read")
            .add("state", "s2").add("code_challenge_method", "S256")
            .add("code_challenge", pkce.challenge()).build()), 201);
    String requestUri = (String) pushed.get("request_uri");
    assertTrue(requestUri.startsWith("urn:ietf:params:oauth:request_uri:"), requestUri);

    String callback = server.login(server.url("/oauth2/authorize") + "?client_id="
        + InteropClients.PAR_REQUIRED + "&request_uri=" + requestUri);
    HttpUrl redirect = HttpUrl.get(callback);
    assertEquals("s2", redirect.queryParameter("state"));
    Map<String, Object> token = json(Raw.post(server.url("/oauth2/token"),
        InteropClients.PAR_REQUIRED, new FormBody.Builder()
            .add("grant_type", "authorization_code").add("code", redirect.queryParameter("code"))
            .add("redirect_uri", InteropClients.REDIRECT_URI)
            .add("code_verifier", pkce.verifier()).build()), 200);
    assertEquals("api.read", token.get("scope"));
  }

  @Test
  void deviceFlowIsPendingUntilTheUserApprovesThenIssuesAToken() throws Exception {
    Map<String, Object> device = json(Raw.post(server.url("/oauth2/device_authorization"),
        InteropClients.DEVICE, new FormBody.Builder().add("scope", "api.read").build()), 200);
    FormBody poll = new FormBody.Builder()
        .add("grant_type", "urn:ietf:params:oauth:grant-type:device_code")
        .add("device_code", (String) device.get("device_code")).build();
    assertEquals("authorization_pending", json(Raw.post(server.url("/oauth2/token"),
        InteropClients.DEVICE, poll), 400).get("error"));

    BrowserLogin approval = server.browser().open((String) device.get("verification_uri_complete"));
    assertEquals(server.url("/?success"), approval.finalUrl()); // SAS's default success page

    Map<String, Object> token =
        json(Raw.post(server.url("/oauth2/token"), InteropClients.DEVICE, poll), 200);
    assertNotNull(token.get("access_token"));
    assertNotNull(token.get("refresh_token"));
    assertEquals(server.url("/oauth2/device_verification"), device.get("verification_uri"));
  }

  @Test
  void tokenExchangeSwapsAnAccessTokenForAnother() throws Exception {
    // SAS exchanges only a token with a user behind it, not a client_credentials one.
    String subject = (String) signIn(server.browser(), "api.read").get("access_token");

    Map<String, Object> exchanged = json(Raw.post(server.url("/oauth2/token"),
        InteropClients.TOKEN_EXCHANGE, new FormBody.Builder().add("grant_type", TOKEN_EXCHANGE)
            .add("subject_token", subject).add("subject_token_type", ACCESS_TOKEN_TYPE)
            .add("scope", "api.read").build()), 200);

    assertEquals(ACCESS_TOKEN_TYPE, exchanged.get("issued_token_type"));
    assertNotEquals(subject, exchanged.get("access_token"));
  }

  @Test
  void dpopProofBindsTheTokenWhichTheApiThenWantsWithAProof() throws Exception {
    ECKey key = Jose.dpopKey();
    String tokenUrl = server.url("/oauth2/token");

    Map<String, Object> token = json(Raw.post(tokenUrl, InteropClients.DPOP,
        new FormBody.Builder().add("grant_type", "client_credentials").add("scope", "api.read")
            .build(), "DPoP", Jose.dpopProof(key, "POST", tokenUrl, null)), 200);

    assertEquals("DPoP", token.get("token_type"));
    String accessToken = (String) token.get("access_token");
    Map<?, ?> cnf = (Map<?, ?>) SignedJWT.parse(accessToken).getJWTClaimsSet().getClaim("cnf");
    assertEquals(key.computeThumbprint().toString(), cnf.get("jkt"));
    String api = server.url("/api/me");
    assertEquals(200, Raw.send(new Request.Builder().url(api)
        .header("Authorization", "DPoP " + accessToken)
        .header("DPoP", Jose.dpopProof(key, "GET", api, accessToken)).build()).status());
    assertEquals(401, Raw.send(new Request.Builder().url(api)
        .header("Authorization", "Bearer " + accessToken).build()).status());
  }

  @Test
  void tlsClientAuthClientGetsACertificateBoundTokenAndNoTokenWithoutItsCertificate()
      throws Exception {
    MutualTls tls = server.mutualTls();
    Request request = new Request.Builder().url(tls.url("/oauth2/token"))
        .post(new FormBody.Builder().add("grant_type", "client_credentials")
            .add("client_id", InteropClients.TLS_CLIENT_AUTH).add("scope", "api.read").build())
        .build();

    Map<String, Object> token = json(Raw.send(mtls(tls, true), request), 200);
    Map<?, ?> cnf = (Map<?, ?>) SignedJWT.parse((String) token.get("access_token"))
        .getJWTClaimsSet().getClaim("cnf");
    byte[] certificateHash = MessageDigest.getInstance("SHA-256")
        .digest(tls.clientCertificate().getEncoded());
    assertEquals(Base64URL.encode(certificateHash).toString(), cnf.get("x5t#S256"));

    assertEquals(401, Raw.send(mtls(tls, false), request).status()); // no client authenticated
  }

  private static OkHttpClient mtls(MutualTls tls, boolean withCertificate) {
    return Interop.HTTP.newBuilder().sslSocketFactory(
        tls.clientContext(withCertificate).getSocketFactory(), tls.trustManager()).build();
  }

  @Test
  void endSessionRedirectsToTheRegisteredUriWithTheState() throws Exception {
    BrowserLogin browser = server.browser();
    String idToken = (String) signIn(browser, "openid").get("id_token");

    browser.open(server.url("/connect/logout") + "?id_token_hint=" + idToken
        + "&post_logout_redirect_uri=" + InteropClients.POST_LOGOUT_REDIRECT_URI + "&state=bye");

    assertEquals(InteropClients.POST_LOGOUT_REDIRECT_URI + "?state=bye", browser.callbackUri());
  }

  /** Alice signs in with {@link InteropClients#WEB} in {@code browser}; the token response. */
  private Map<String, Object> signIn(BrowserLogin browser, String scope) throws Exception {
    Pkce pkce = new Pkce();
    browser.open(server.url("/oauth2/authorize") + "?response_type=code&client_id="
        + InteropClients.WEB + "&redirect_uri=" + InteropClients.REDIRECT_URI + "&scope=" + scope
        + "&state=s3&code_challenge_method=S256&code_challenge=" + pkce.challenge());
    String code = HttpUrl.get(browser.callbackUri()).queryParameter("code");
    return json(Raw.post(server.url("/oauth2/token"), InteropClients.WEB,
        new FormBody.Builder().add("grant_type", "authorization_code").add("code", code)
            .add("redirect_uri", InteropClients.REDIRECT_URI)
            .add("code_verifier", pkce.verifier()).build()), 200);
  }
}
