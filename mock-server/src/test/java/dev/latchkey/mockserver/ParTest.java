package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.Http.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import java.util.Date;
import java.util.UUID;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pushed authorization requests (RFC 9126) through the running server. */
class ParTest {
  static final ManualClock clock = new ManualClock(TestRequests.START);
  @RegisterExtension static MockAuthServerExtension mock =
      new MockAuthServerExtension(MockAuthServer.builder().clock(clock));
  static final String CLIENT = "standard-demo-client";
  static final String SECRET = "standard-demo-secret";
  static final String REDIRECT = "http://127.0.0.1:9000/cb";

  @AfterEach void reset() {
    mock.server().reset();
  }

  HttpUrl url(String path) {
    return Http.url(mock.server().baseUrl(MockProvider.STANDARD)).resolve(path);
  }

  Http.Result push(String... extra) {
    String[] pairs = new String[6 + extra.length];
    System.arraycopy(new String[] {"response_type", "code", "redirect_uri", REDIRECT,
        "state", "st-1"}, 0, pairs, 0, 6);
    System.arraycopy(extra, 0, pairs, 6, extra.length);
    return Http.formBasic(url("par"), CLIENT, SECRET, pairs);
  }

  Http.Result authorize(String clientId, String requestUri) {
    return Http.get(url("authorize").newBuilder().addQueryParameter("client_id", clientId)
        .addQueryParameter("request_uri", requestUri).build());
  }

  @Test void aPushedRequestIsAuthorizedByItsRequestUriOnce() {
    Http.Result pushed = push("scope", "profile");
    assertEquals(201, pushed.code, pushed.body);
    String requestUri = pushed.string("request_uri");
    assertTrue(requestUri.startsWith("urn:ietf:params:oauth:request_uri:"), requestUri);
    assertEquals(60.0, pushed.json().get("expires_in"));
    assertEquals("no-store", pushed.header("Cache-Control"));

    Http.Result redirect = authorize(CLIENT, requestUri);
    assertEquals(302, redirect.code, redirect.body);
    HttpUrl location = redirect.location();
    assertEquals("st-1", location.queryParameter("state"));
    String code = location.queryParameter("code");
    Http.Result token = Http.formBasic(url("token"), CLIENT, SECRET, "grant_type",
        "authorization_code", "code", code, "redirect_uri", REDIRECT);
    assertEquals(200, token.code, token.body);
    assertEquals("profile", token.string("scope"));

    Http.Result again = authorize(CLIENT, requestUri);
    assertEquals(400, again.code);
    assertTrue(again.body.contains("request_uri is unknown, expired, already used or pushed by "
        + "another client (RFC 9126 §4)"), again.body);
  }

  @Test void aRequestUriExpiresAndBelongsToItsClient() {
    String first = push().string("request_uri");
    assertEquals(400, authorize("standard-public-client", first).code);
    String second = push().string("request_uri");
    clock.advance(ParEndpoint.LIFETIME);
    assertEquals(400, authorize(CLIENT, second).code);
  }

  @Test void thePushedParametersAreCheckedAndTheClientAuthenticated() {
    assertError(push("redirect_uri", "https://evil.example/cb"), 400, "invalid_request",
        "parameter redirect_uri appears more than once in the form body; send each parameter "
        + "once (RFC 6749 §3.1)");
    assertError(Http.formBasic(url("par"), CLIENT, SECRET, "response_type", "code",
        "redirect_uri", "https://evil.example/cb"), 400, "invalid_request",
        "redirect_uri \"https://evil.example/cb\" is not registered for client " + CLIENT
        + ". Demo clients accept http loopback URIs only (127.0.0.1, localhost or [::1], any "
        + "port, any path).");
    assertError(push("request_uri", "urn:x"), 400, "invalid_request",
        "a pushed request may not carry request_uri (RFC 9126 §2.1)");
    assertError(push("code_challenge", "short", "code_challenge_method", "S256"), 400,
        "invalid_request", "code_challenge must be 43 base64url characters, "
        + "BASE64URL(SHA256(code_verifier)) without padding (RFC 7636 §4.2)");
    Http.Result anonymous = Http.form(url("par"), "response_type", "code", "redirect_uri",
        REDIRECT, "client_id", CLIENT);
    assertEquals(401, anonymous.code);
    assertEquals("invalid_client", anonymous.string("error"));
  }

  @Test void aClientAssertionAuthenticatesAtThePushEndpoint() {
    mock.server().client(MockProvider.STANDARD, CLIENT)
        .key(Proofs.EC.toPublicJWK().toJSONString());
    String assertion = Proofs.sign(Proofs.EC, new JWSHeader(JWSAlgorithm.ES256),
        new JWTClaimsSet.Builder().issuer(CLIENT).subject(CLIENT)
            .audience(url("par").toString()).jwtID(UUID.randomUUID().toString())
            .expirationTime(Date.from(clock.instant().plusSeconds(30))).build());
    Http.Result pushed = Http.form(url("par"), "response_type", "code", "redirect_uri",
        REDIRECT, "client_id", CLIENT, "client_assertion_type", ClientAssertions.TYPE,
        "client_assertion", assertion);
    assertEquals(201, pushed.code, pushed.body);
  }

  @Test void whenRequiredTheAuthorizationEndpointTakesOnlyPushedRequests() {
    mock.server().settings(MockProvider.STANDARD).requirePushedAuthorizationRequests(true);
    assertEquals(true, Http.get(url(".well-known/oauth-authorization-server")).json()
        .get("require_pushed_authorization_requests"));
    Http.Result plain = Http.get(url("authorize").newBuilder()
        .addQueryParameter("client_id", CLIENT).addQueryParameter("redirect_uri", REDIRECT)
        .addQueryParameter("response_type", "code").build());
    assertEquals(400, plain.code);
    assertTrue(plain.body.contains("Standard (RFC 6749) requires pushed authorization requests"
        + " (RFC 9126 §5)"), plain.body);
    assertEquals(302, authorize(CLIENT, push().string("request_uri")).code);

    mock.server().client(MockProvider.STANDARD, CLIENT).requirePushedAuthorizationRequests(false);
    assertNotNull(Http.authorize(mock.server(), "standard", "authorize", CLIENT, REDIRECT));
  }

  @Test void aClientCanBeRequiredToPushAlone() {
    mock.server().client(MockProvider.STANDARD, CLIENT).requirePushedAuthorizationRequests(true);
    Http.Result plain = Http.get(url("authorize").newBuilder()
        .addQueryParameter("client_id", CLIENT).addQueryParameter("redirect_uri", REDIRECT)
        .addQueryParameter("response_type", "code").build());
    assertEquals(400, plain.code);
    assertTrue(plain.body.contains("Client " + CLIENT + " requires pushed authorization "
        + "requests"), plain.body);
  }
}
