package dev.latchkey.examples;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenSession;
import dev.latchkey.mockserver.ConsentMode;
import dev.latchkey.mockserver.DemoClient;
import dev.latchkey.mockserver.Fault;
import dev.latchkey.testing.ManualTestClock;
import dev.latchkey.mockserver.MockAuthServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * docs/troubleshooting.md quotes the SDK's messages; this provokes each one and checks that the
 * page still quotes it exactly (server-specific parts of URLs replaced by "…").
 */
final class TroubleshootingMessagesTest {
  private static final String REDIRECT_URI = "http://127.0.0.1:9/cb";

  private final ManualTestClock clock = new ManualTestClock(java.time.Instant.now());
  private MockAuthServer mock;
  private String page;

  @BeforeEach
  void start() throws IOException {
    mock = MockAuthServer.builder().consent(ConsentMode.AUTO_APPROVE).clock(clock).build();
    mock.start();
    page = new String(Files.readAllBytes(DocsSnippetsTest.repositoryRoot()
        .resolve("docs/troubleshooting.md")), StandardCharsets.UTF_8);
  }

  @AfterEach
  void stop() {
    mock.close();
  }

  private void assertQuoted(Executable failing) {
    Throwable e = assertThrows(Throwable.class, failing);
    String server = mock.url().toString(); // http://127.0.0.1:PORT/
    String message = e.getMessage()
        .replace(server + "onna/v1/", "http://…/")
        .replace(server + "standard/", "…/");
    assertTrue(page.contains(message), "docs/troubleshooting.md should quote "
        + e.getClass().getSimpleName() + "'s message exactly:\n" + message);
  }

  private OAuth2Client onna(String secret) {
    return OAuth2Client.builder()
        .provider(Provider.onna(mock.baseUrl("onna").toString()))
        .clientId(mock.demoClient("onna").clientId())
        .clientSecret(secret)
        .maxRetries(0)
        .build();
  }

  private OAuth2Client orgo() {
    DemoClient demo = mock.demoClient("orgo");
    return OAuth2Client.builder()
        .provider(Provider.orgo(mock.baseUrl("orgo").toString()))
        .clientId(demo.clientId())
        .clientSecret(demo.clientSecret())
        .redirectUri(REDIRECT_URI)
        .clock(clock)
        .build();
  }

  private static String state(String callback) {
    return HttpUrl.get(callback).queryParameter("state");
  }

  @Test
  void tokenEndpointMessages() {
    assertQuoted(() -> onna("wrong").clientCredentials());
    OAuth2Client good = onna(mock.demoClient("onna").clientSecret());
    mock.enqueueFault(Fault.html());
    assertQuoted(good::clientCredentials);
    mock.enqueueFault(Fault.truncatedJson());
    assertQuoted(good::clientCredentials);
    assertQuoted(() -> OAuth2Client.builder()
        .provider(Provider.standard(null, mock.baseUrl("standard") + "token"))
        .clientId(mock.demoClient("standard").clientId())
        .clientSecret("wrong")
        .build()
        .clientCredentials());
  }

  @Test
  void callbackMessages() throws IOException {
    OAuth2Client orgo = orgo();
    AuthorizationRequest request = orgo.newAuthorizationRequest().build();
    String callback = Browser.follow(request.url().toString());
    assertQuoted(() -> orgo.exchange(request, REDIRECT_URI + "?code=abc"));
    assertQuoted(() -> orgo.exchange(request, REDIRECT_URI + "?code=abc&state=forged"));
    orgo.exchange(request, callback);
    assertQuoted(() -> orgo.exchange(request, callback));
    assertQuoted(() -> orgo.exchange(callback));

    AuthorizationRequest noCode = orgo.newAuthorizationRequest().build();
    String noCodeState = state(Browser.follow(noCode.url().toString()));
    assertQuoted(() -> orgo.exchange(noCode, REDIRECT_URI + "?state=" + noCodeState));

    AuthorizationRequest twice = orgo.newAuthorizationRequest().build();
    String twiceState = state(Browser.follow(twice.url().toString()));
    assertQuoted(() -> orgo.exchange(twice,
        REDIRECT_URI + "?state=" + twiceState + "&state=" + twiceState));

    mock.consent(ConsentMode.AUTO_DENY);
    AuthorizationRequest denied = orgo.newAuthorizationRequest().build();
    String deniedCallback = Browser.follow(denied.url().toString());
    assertQuoted(() -> orgo.exchange(denied, deniedCallback));

    mock.consent(ConsentMode.AUTO_APPROVE);
    AuthorizationRequest admin = orgo.newAuthorizationRequest().scopes("admin").build();
    String adminCallback = Browser.follow(admin.url().toString());
    assertQuoted(() -> orgo.exchange(admin, adminCallback));
  }

  @Test
  void reauthorizationMessages() throws IOException {
    DemoClient demo = mock.demoClient("orangelogic");
    OAuth2Client client = OAuth2Client.builder()
        .provider(Provider.orangeLogic(mock.baseUrl("orangelogic").toString()))
        .clientId(demo.clientId())
        .clientSecret(demo.clientSecret())
        .redirectUri(REDIRECT_URI)
        .clock(clock)
        .build();
    TokenSession alice = client.session("alice");
    assertQuoted(alice::accessToken);
    Token token = Browser.signIn(client);
    alice.save(token);
    clock.advance(Duration.ofDays(31));
    assertQuoted(() -> client.refresh(token));
    assertQuoted(alice::accessToken);
  }

  @Test
  void configurationMessages() {
    assertQuoted(() -> Provider.standard(null, "http://id.example.com/token"));
    assertQuoted(() -> Provider.standard(null, "id.example.com/token"));
    assertQuoted(() -> OAuth2Client.builder().redirectUri("/cb"));
    assertQuoted(() -> OAuth2Client.builder().redirectUri("http://app.example.com/cb"));
    assertQuoted(() -> OAuth2Client.builder().redirectUri("https://app.example.com/cb#x"));
    assertQuoted(() -> OAuth2Client.builder().clientSecret(""));
    assertQuoted(() -> OAuth2Client.builder().scopes("a b"));
    assertQuoted(() -> OAuth2Client.builder().treatAsExpired(500));
    assertQuoted(() -> Provider.builder().build());
    OAuth2Client onna = onna("secret");
    assertQuoted(() -> OAuth2Client.builder().provider(Provider.orgo("https://orgo.example.com/"))
        .clientId("id").build().newAuthorizationRequest().build());
    assertQuoted(() -> onna.newBuilder().redirectUri("https://app.example.com/cb").build()
        .newAuthorizationRequest().build());
    assertQuoted(() -> onna.clientCredentialsSession().userInfo());
    assertQuoted(() -> onna.session(""));
    assertQuoted(() -> orgo().newAuthorizationRequest().parameter("state", "x"));
  }

  @Test
  void senderConstraintMessages() throws Exception {
    assertQuoted(() -> dev.latchkey.SigningKey.fromPem("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
        + "MIIB\n-----END ENCRYPTED PRIVATE KEY-----\n"));
    assertQuoted(() -> dev.latchkey.SigningKey.fromPem("-----BEGIN RSA PRIVATE KEY-----\nMIIB\n"
        + "-----END RSA PRIVATE KEY-----\n"));
    okhttp3.tls.HeldCertificate certificate = new okhttp3.tls.HeldCertificate.Builder()
        .commonName("app-1").build();
    okhttp3.tls.HeldCertificate other = new okhttp3.tls.HeldCertificate.Builder().build();
    assertQuoted(() -> dev.latchkey.MutualTls.configure(new okhttp3.OkHttpClient.Builder(),
        certificate.certificatePem(), other.privateKeyPkcs8Pem(), null));
    Provider standard = Provider.standard(null, "https://id.example.com/token");
    assertQuoted(() -> OAuth2Client.builder().clientId("id").provider(standard.newBuilder()
        .dialect(dev.latchkey.Dialect.builder()
            .clientAuthentication(dev.latchkey.Dialect.ClientAuthentication.PRIVATE_KEY_JWT)
            .build())
        .build()).build());
    assertQuoted(() -> OAuth2Client.builder().clientId("id").dpop().provider(standard.newBuilder()
        .dpopSigningAlgorithms(java.util.Collections.singletonList("EdDSA")).build()).build());
    try (mockwebserver3.MockWebServer server = new mockwebserver3.MockWebServer()) {
      server.enqueue(new mockwebserver3.MockResponse.Builder()
          .addHeader("Content-Type", "application/json")
          .body("{\"access_token\":\"at\",\"token_type\":\"DPoP\"}").build());
      server.start();
      assertQuoted(() -> OAuth2Client.builder().clientId("id").clientSecret("secret")
          .maxRetries(0).provider(Provider.standard(null, server.url("/token").toString()))
          .build().clientCredentials());
    }
  }
}
