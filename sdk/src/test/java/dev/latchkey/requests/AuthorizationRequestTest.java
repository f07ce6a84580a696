package dev.latchkey.requests;

import dev.latchkey.TestHooks;
import dev.latchkey.AuthorizationRequest;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.testing.ManualTestClock;
import static dev.latchkey.testing.WireTestSupport.HTTP;
import static dev.latchkey.testing.WireTestSupport.body;
import static dev.latchkey.testing.WireTestSupport.form;
import static dev.latchkey.testing.WireTestSupport.okCallback;
import static dev.latchkey.testing.WireTestSupport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The authorization URL (RFC 6749 §4.1.1, RFC 7636 §4.3) and what the exchange repeats of it. */
final class AuthorizationRequestTest {
  private static final String REDIRECT = "https://app.example/auth/callback?from=login";
  private static final String BASE64URL_256_BITS = "[A-Za-z0-9_-]{43,}";

  private final MockWebServer server = new MockWebServer();
  private final ManualTestClock clock = new ManualTestClock();
  private OAuth2Client client;

  @BeforeEach
  void setUp() throws Exception {
    server.start();
    client = client(Provider.standard(server.url("/authorize?tenant=acme&lang=en").toString(),
        server.url("/token").toString()));
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
  }

  private OAuth2Client client(Provider provider) {
    return OAuth2Client.builder()
        .provider(provider)
        .clientId("app id/1")
        .redirectUri(REDIRECT)
        .scopes("openid", "profile", "email")
        .httpClient(HTTP)
        .clock(clock)
        .build();
  }

  @Test
  void urlCarriesEveryRequiredParameterInOrder() {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    HttpUrl url = request.url();

    assertEquals(server.url("/authorize").encodedPath(), url.encodedPath());
    assertEquals(Arrays.asList("tenant", "lang", "response_type", "client_id", "redirect_uri",
        "scope", "state", "code_challenge", "code_challenge_method", "nonce"),
        List.copyOf(url.queryParameterNames()));
    assertEquals("code", url.queryParameter("response_type"));
    assertEquals("app id/1", url.queryParameter("client_id"));
    assertEquals(REDIRECT, url.queryParameter("redirect_uri"));
    assertEquals("openid profile email", url.queryParameter("scope"));
    assertTrue(url.encodedQuery().contains("&scope=openid%20profile%20email&"),
        url.encodedQuery());
    assertEquals("S256", url.queryParameter("code_challenge_method"));
    assertTrue(url.queryParameter("state").matches(BASE64URL_256_BITS),
        url.queryParameter("state"));
    assertTrue(url.queryParameter("code_challenge").matches("[A-Za-z0-9_-]{43}"));
    assertEquals(REDIRECT, request.redirectUri());
    assertEquals(new LinkedHashSet<>(Arrays.asList("openid", "profile", "email")),
        request.scopes());
  }

  @Test
  void keepsTheAuthorizationEndpointsOwnQuery() {
    HttpUrl url = client.newAuthorizationRequest().build().url();
    assertEquals("acme", url.queryParameter("tenant"));
    assertEquals("en", url.queryParameter("lang"));
    assertTrue(url.encodedQuery().startsWith("tenant=acme&lang=en&response_type=code&"),
        url.encodedQuery());
  }

  @Test
  void codeChallengeIsS256OfTheVerifierTheExchangeSends() throws Exception {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    server.enqueue(token("at"));
    client.exchange(request, okCallback(request, "c0de"));

    String verifier = form(body(server.takeRequest())).get("code_verifier");
    // RFC 7636 §4.1: 43-128 characters from the unreserved set.
    assertTrue(verifier.matches("[A-Za-z0-9._~-]{43,128}"), verifier);
    byte[] digest = MessageDigest.getInstance("SHA-256")
        .digest(verifier.getBytes(StandardCharsets.US_ASCII));
    assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(digest),
        request.url().queryParameter("code_challenge"));
  }

  @Test
  void exchangeRepeatsRedirectUriExactly() throws Exception {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    server.enqueue(token("at"));
    client.exchange(request, okCallback(request, "c0de"));

    assertEquals(REDIRECT, form(body(server.takeRequest())).get("redirect_uri"));
  }

  @Test
  void perRequestRedirectUriAndScopesOverrideTheClients() throws Exception {
    AuthorizationRequest request = client.newAuthorizationRequest()
        .redirectUri("http://127.0.0.1:53682/cb")
        .scopes("groups", "roles")
        .build();
    assertEquals("http://127.0.0.1:53682/cb", request.url().queryParameter("redirect_uri"));
    assertEquals("groups roles", request.url().queryParameter("scope"));

    server.enqueue(token("at"));
    Token token = client.exchange(request, okCallback(request, "c0de"));
    assertEquals("http://127.0.0.1:53682/cb", form(body(server.takeRequest())).get("redirect_uri"));
    assertEquals(new LinkedHashSet<>(Arrays.asList("groups", "roles")), token.scopes());
  }

  @Test
  void noScopesMeansNoScopeParameter() {
    HttpUrl url = client.newAuthorizationRequest().scopes().build().url();
    assertEquals(null, url.queryParameter("scope"));
  }

  @Test
  void eachRequestHasItsOwnStateAndVerifier() {
    AuthorizationRequest first = client.newAuthorizationRequest().build();
    AuthorizationRequest second = client.newAuthorizationRequest().build();
    assertNotEquals(first.url().queryParameter("state"), second.url().queryParameter("state"));
    assertNotEquals(TestHooks.codeVerifier(first), TestHooks.codeVerifier(second));
    assertNotEquals(TestHooks.state(first), TestHooks.codeVerifier(first));
  }

  @Test
  void requestExpiresAfterTheConfiguredLifetime() {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    assertEquals(clock.instant(), request.createdAt());
    assertEquals(clock.instant().plus(Duration.ofMinutes(10)), request.expiresAt());
  }

  @Test
  void extraParametersAreAddedAfterTheOwnedOnes() {
    HttpUrl url = client.newAuthorizationRequest()
        .parameter("prompt", "login")
        .parameter("login_hint", "a+b@example.com")
        .build().url();
    assertEquals("login", url.queryParameter("prompt"));
    assertEquals("a+b@example.com", url.queryParameter("login_hint"));
    // The scopes include openid, so the nonce (OpenID Connect Core §3.1.2.1) comes before them.
    assertTrue(url.encodedQuery().matches(".*&code_challenge_method=S256&nonce=[A-Za-z0-9_-]{43}"
        + "&prompt=login&login_hint=a%2Bb%40example.com"), url.encodedQuery());
  }

  static Stream<String> ownedParameters() {
    return Stream.of("response_type", "client_id", "redirect_uri", "scope", "state",
        "code_challenge", "code_challenge_method", "nonce");
  }

  @ParameterizedTest
  @MethodSource("ownedParameters")
  void ownedParametersAreRefused(String name) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> client.newAuthorizationRequest().parameter(name, "x"));
    assertEquals("parameter \"" + name + "\" is set by Latchkey itself; use the builder's own"
        + " method for it", e.getMessage());
  }

  @Test
  void scopeWithSpaceIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> client.newAuthorizationRequest().scopes("profile email"));
    assertEquals("scope must be non-empty without spaces: \"profile email\"; pass each scope"
        + " separately", e.getMessage());
  }

  @Test
  void missingRedirectUriIsAnIllegalState() {
    OAuth2Client noRedirect = OAuth2Client.builder().provider(client.provider())
        .clientId("id").httpClient(HTTP).build();
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> noRedirect.newAuthorizationRequest().build());
      assertEquals("redirectUri is required for the authorization-code flow; set it on"
          + " OAuth2Client.Builder or on this builder", e.getMessage());
    } finally {
      noRedirect.close();
    }
  }
}
