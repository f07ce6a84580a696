package dev.latchkey.reliability;

import static dev.latchkey.reliability.Reliability.assertTyped;
import static dev.latchkey.reliability.Reliability.authorize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.JsonReader;
import dev.latchkey.AuthorizationRequest;
import dev.latchkey.ErrorCode;
import dev.latchkey.InvalidCallbackException;
import dev.latchkey.InvalidCallbackException.Reason;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.DemoClients;
import dev.latchkey.mockserver.JournalEntry;
import dev.latchkey.testing.ManualTestClock;
import dev.latchkey.mockserver.MockAuthServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Security checks against the mock server: state replay, tampering and expiry stop a callback
 * before anything reaches the token endpoint; PKCE S256 is on every code flow of every provider,
 * as the server's journal shows; plain-HTTP endpoints are refused; and a redirect URI the
 * provider does not know is refused by the server and explained by the SDK.
 */
@Timeout(60)
final class SecurityChecksTest {
  @RegisterExtension
  final LeakGuard leaks = new LeakGuard();

  private final ManualTestClock clock = new ManualTestClock(java.time.Instant.now());
  private MockAuthServer mock;

  @BeforeEach
  void startServer() throws IOException {
    mock = MockAuthServer.builder().clock(clock).build();
    mock.start();
  }

  @AfterEach
  void stopServer() {
    Reliability.registerVerifiers(mock, leaks);
    mock.close();
  }

  private OAuth2Client orgo() {
    return Reliability.client(mock, "orgo", leaks).clock(clock).build();
  }

  @Test
  void replayedCallbackIsRefusedAndTheCodeIsExchangedOnce() throws Exception {
    OAuth2Client client = orgo();
    AuthorizationRequest login = client.newAuthorizationRequest().build();
    String callback = authorize(login, leaks);
    leaks.token(client.exchange(login, callback));

    InvalidCallbackException replay = assertTyped(InvalidCallbackException.class, leaks,
        () -> client.exchange(login, callback));

    assertEquals(Reason.STATE_REPLAYED, replay.reason());
    assertEquals(1, mock.tokenRequests("orgo", "authorization_code"));
    // Through the client's own pending store too: the state is forgotten once used.
    AuthorizationRequest cli = client.newAuthorizationRequest().keepInClient().build();
    String cliCallback = authorize(cli, leaks);
    leaks.token(client.exchange(cliCallback));
    assertEquals(Reason.STATE_MISMATCH, assertTyped(InvalidCallbackException.class, leaks,
        () -> client.exchange(cliCallback)).reason());
    assertEquals(2, mock.tokenRequests("orgo", "authorization_code"));
    client.close();
  }

  @Test
  void tamperedStateIsRefusedWithoutSpendingTheCode() throws Exception {
    OAuth2Client client = orgo();
    AuthorizationRequest login = client.newAuthorizationRequest().build();
    String callback = authorize(login, leaks);
    HttpUrl url = HttpUrl.get(callback);
    String state = url.queryParameter("state");
    String flipped = (state.charAt(0) == 'A' ? "B" : "A") + state.substring(1);
    List<String> tampered = List.of(
        url.newBuilder().setQueryParameter("state", flipped).build().toString(),
        url.newBuilder().setQueryParameter("state", state + "x").build().toString(),
        url.newBuilder().setQueryParameter("state", state.substring(1)).build().toString(),
        url.newBuilder().removeAllQueryParameters("state").build().toString(),
        url.newBuilder().addQueryParameter("state", state).build().toString());
    for (String forged : tampered) {
      assertTyped(InvalidCallbackException.class, leaks, () -> client.exchange(login, forged));
    }
    assertEquals(0, mock.tokenRequests("orgo", "authorization_code"));
    // The genuine callback still completes the login it belongs to.
    assertNotNull(leaks.token(client.exchange(login, callback)).accessToken());
    client.close();
  }

  @Test
  void callbackAfterTheLoginExpiredIsRefused() throws Exception {
    OAuth2Client client = Reliability.client(mock, "orgo", leaks).clock(clock)
        .authorizationRequestLifetime(Duration.ofMinutes(5)).build();
    AuthorizationRequest login = client.newAuthorizationRequest().build();
    String callback = authorize(login, leaks);
    clock.advance(Duration.ofMinutes(5));

    InvalidCallbackException e = assertTyped(InvalidCallbackException.class, leaks,
        () -> client.exchange(login, callback));

    assertEquals(Reason.EXPIRED, e.reason());
    assertEquals(0, mock.tokenRequests("orgo", "authorization_code"));
    client.close();
  }

  /** Every code flow the SDK can run: each provider with authorize, and a public client. */
  @Test
  void everyCodeFlowSendsPkceS256AndTheMatchingVerifier() throws Exception {
    List<OAuth2Client> clients = new ArrayList<>();
    for (String id : List.of("ora", "orangelogic", "orgo", "standard")) {
      clients.add(Reliability.client(mock, id, leaks).clock(clock).build());
    }
    clients.add(Reliability.client(mock, "standard", leaks).clock(clock)
        .clientId(DemoClients.STANDARD_PUBLIC.clientId()).clientSecret(null).build());
    for (OAuth2Client client : clients) {
      for (int login = 0; login < 2; login++) {
        AuthorizationRequest request = client.newAuthorizationRequest().build();
        leaks.token(client.exchange(request, authorize(request, leaks)));
      }
      client.close();
    }

    List<String> challenges = new ArrayList<>();
    List<String> verifiers = new ArrayList<>();
    for (JournalEntry entry : mock.journal()) {
      if (entry.method().equals("GET") && entry.path().endsWith("authorize")) {
        HttpUrl url = HttpUrl.get("http://x" + entry.path() + "?" + entry.query());
        assertEquals("S256", url.queryParameter("code_challenge_method"), entry.toString());
        String challenge = url.queryParameter("code_challenge");
        assertNotNull(challenge, entry.path());
        assertTrue(challenge.matches("[A-Za-z0-9_-]{43}"), "a SHA-256 in base64url: " + challenge);
        challenges.add(challenge);
      } else if (entry.method().equals("POST") && entry.path().endsWith("token")) {
        Map<String, String> params = parameters(entry);
        assertEquals("authorization_code", params.get("grant_type"), entry.path());
        String verifier = params.get("code_verifier");
        assertNotNull(verifier, "every code exchange carries the PKCE verifier: " + entry.path());
        assertTrue(verifier.matches("[A-Za-z0-9._~-]{43,128}"), "RFC 7636 §4.1 verifier");
        leaks.secret(verifier);
        verifiers.add(verifier);
      }
    }
    assertEquals(10, challenges.size(), "five clients, two logins each");
    assertEquals(10, verifiers.size());
    for (int i = 0; i < challenges.size(); i++) {
      assertEquals(challenges.get(i), s256(verifiers.get(i)), "exchange " + i);
    }
    assertEquals(10, challenges.stream().distinct().count(), "a fresh verifier per login");
  }

  private static Map<String, String> parameters(JournalEntry entry) throws IOException {
    if (!entry.body().startsWith("{")) {
      return Reliability.form(entry.body());
    }
    try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(entry.body()))) {
      @SuppressWarnings("unchecked")
      Map<String, String> json = (Map<String, String>) reader.readJsonValue();
      return json;
    }
  }

  private static String s256(String verifier) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256")
        .digest(verifier.getBytes(StandardCharsets.US_ASCII));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
  }

  @Test
  void plainHttpEndpointsAreRefusedExceptOnLoopback() {
    String http = "http://auth.example.com/";
    List<Function<String, Provider>> factories = List.of(Provider::ora, Provider::orangeLogic,
        Provider::organizationApiBasic, Provider::organizationApiQuery, Provider::orgo,
        Provider::onna, base -> Provider.standard(base + "authorize", base + "token"),
        base -> Provider.standard(null, base + "token"),
        base -> Provider.builder().name("x").tokenEndpoint("https://auth.example.com/token")
            .userinfoEndpoint(base + "userinfo").build(),
        base -> Provider.builder().name("x").tokenEndpoint("https://auth.example.com/token")
            .revocationEndpoint(base + "revoke").build());
    for (Function<String, Provider> factory : factories) {
      for (String base : List.of(http, "http://10.0.0.1/", "http://127.0.0.1.example.com/",
          "HTTP://AUTH.EXAMPLE.COM/")) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> factory.apply(base));
        assertTrue(e.getMessage().contains("must use https"), e.getMessage());
        leaks.scan(e);
      }
      for (String loopback : List.of("http://127.0.0.1:8080/", "http://localhost/",
          "http://[::1]:9/", "https://auth.example.com/")) {
        assertNotNull(factory.apply(loopback));
      }
    }
    IllegalArgumentException redirect = assertThrows(IllegalArgumentException.class,
        () -> OAuth2Client.builder().redirectUri("http://app.example/cb"));
    assertTrue(redirect.getMessage().contains("must use https"), redirect.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Provider.discover(Reliability.HTTP, "http://auth.example.com"));
    assertEquals(0, mock.journal().size(), "nothing was sent anywhere");
  }

  @Test
  void redirectToAnUnregisteredUriIsRefusedByTheServerAndExplainedByTheSdk() throws Exception {
    String registered = "https://app.example/callback";
    DemoClient app = mock.registerClient("orgo", "reliability-app", "reliability-app-secret-1",
        List.of(registered), null);
    leaks.secret(app.clientSecret());
    OAuth2Client client = Reliability.client(mock, "orgo", leaks).clock(clock)
        .clientId(app.clientId()).clientSecret(app.clientSecret())
        .redirectUri("https://app.example/other").build();
    OkHttpClient browser = Reliability.HTTP.newBuilder().followRedirects(false).build();

    // 1. The server refuses to send the browser to a URI it does not know: a page, no redirect.
    for (AuthorizationRequest request : List.of(client.newAuthorizationRequest().build(),
        client.newAuthorizationRequest().redirectUri(registered + "/").build(),
        client.newAuthorizationRequest().redirectUri(registered + "?x=1").build())) {
      leaks.secret(request.url().queryParameter("state"));
      try (Response page = browser.newCall(new Request.Builder().url(request.url()).build())
          .execute()) {
        assertEquals(400, page.code());
        assertNull(page.header("Location"), "never a redirect to an unregistered URI");
        String html = page.body().string();
        assertTrue(html.contains("is not registered for client reliability-app"), html);
      }
    }

    // 2. A code issued for the registered URI, exchanged by a login that used another one (a
    //    proxy rewrote the authorization URL, say): the SDK says which URI it sent and why.
    AuthorizationRequest login = client.newAuthorizationRequest().build();
    HttpUrl rewritten = login.url().newBuilder().setQueryParameter("redirect_uri", registered)
        .build();
    leaks.secret(login.url().queryParameter("state"));
    String callback;
    try (Response response = browser.newCall(new Request.Builder().url(rewritten).build())
        .execute()) {
      assertEquals(302, response.code());
      callback = response.header("Location");
      leaks.secret(HttpUrl.get(callback).queryParameter("code"));
    }
    TokenEndpointException e = assertTyped(TokenEndpointException.class, leaks,
        () -> client.exchange(login, callback));
    assertEquals(ErrorCode.INVALID_GRANT, e.errorCode());
    assertTrue(e.getMessage().endsWith("The redirect_uri sent was \"https://app.example/other\";"
        + " it must match a redirect URI registered for this client exactly"), e.getMessage());
    assertFalse(e.getMessage().contains(app.clientSecret()));
    client.close();
  }
}
