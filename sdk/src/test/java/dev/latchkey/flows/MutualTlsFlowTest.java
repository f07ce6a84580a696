package dev.latchkey.flows;

import static dev.latchkey.flows.MockFlows.get;
import static dev.latchkey.flows.MockFlows.requests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.Dialect;
import dev.latchkey.MutualTls;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.TokenSession;
import dev.latchkey.mockserver.JournalEntry;
import dev.latchkey.mockserver.MockAuthServer;
import dev.latchkey.mockserver.MockProvider;
import dev.latchkey.testing.ManualTestClock;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mutual TLS (RFC 8705) through the SDK and the mock server's HTTPS listener: the client
 * authenticates with its certificate at the token endpoint's alias from the metadata, and the
 * certificate-bound token works for an API call only with that certificate.
 */
final class MutualTlsFlowTest {
  private static final MockProvider STANDARD = MockProvider.STANDARD;
  private static final char[] PASSWORD = "flows".toCharArray();
  private static final HeldCertificate SERVER_CA = new HeldCertificate.Builder()
      .commonName("mock server CA").certificateAuthority(0).build();
  private static final HeldCertificate SERVER = new HeldCertificate.Builder()
      .addSubjectAlternativeName("127.0.0.1").commonName("127.0.0.1").signedBy(SERVER_CA)
      .build();
  private static final HeldCertificate CLIENT_CA = new HeldCertificate.Builder()
      .commonName("client CA").certificateAuthority(0).build();
  private static final HeldCertificate APP = new HeldCertificate.Builder()
      .commonName("standard-demo-client").organizationalUnit("apps").signedBy(CLIENT_CA)
      .build();
  private static final HeldCertificate OTHER_APP = new HeldCertificate.Builder()
      .commonName("other-app").organizationalUnit("apps").signedBy(CLIENT_CA).build();

  private final ManualTestClock clock = new ManualTestClock(Instant.now());
  private MockAuthServer mock;

  @BeforeEach
  void startServer() throws Exception {
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    keyStore.load(null, null);
    keyStore.setKeyEntry("server", SERVER.keyPair().getPrivate(), PASSWORD,
        new Certificate[] {SERVER.certificate(), SERVER_CA.certificate()});
    mock = MockFlows.started(MockFlows.mock(clock)
        .mutualTls(keyStore, PASSWORD, CLIENT_CA.certificate()));
  }

  @AfterEach
  void stopServer() {
    mock.close();
  }

  private static OkHttpClient presenting(HeldCertificate certificate) {
    return MutualTls.configure(new OkHttpClient.Builder(),
        certificate.certificatePem() + CLIENT_CA.certificatePem(),
        certificate.privateKeyPkcs8Pem(), SERVER_CA.certificatePem()).build();
  }

  private OAuth2Client client(OkHttpClient http) throws Exception {
    Provider discovered = MockFlows.discoverStandard(mock, new OkHttpClient());
    return OAuth2Client.builder()
        .provider(discovered.newBuilder().dialect(discovered.dialect().newBuilder()
            .clientAuthentication(Dialect.ClientAuthentication.TLS_CLIENT_AUTH).build()).build())
        .clientId(mock.demoClient(STANDARD).clientId())
        .renewBefore(Duration.ZERO)
        .clock(clock)
        .httpClient(http)
        .build();
  }

  @Test
  void tlsClientAuthGetsACertificateBoundTokenThatWorksOnlyWithItsCertificate()
      throws Exception {
    mock.client(STANDARD, mock.demoClient(STANDARD).clientId())
        .tlsClientAuthSubjectDn("CN=standard-demo-client,OU=apps");
    OkHttpClient http = presenting(APP);
    OAuth2Client client = client(http);
    TokenSession app = client.clientCredentialsSession();
    String userinfo = mock.mtlsUrl() + "standard/userinfo";
    assertEquals(200, get(app.authorize(http), userinfo));

    // The token request went to the metadata's alias on the HTTPS listener, without a secret.
    List<JournalEntry> tokenRequests = requests(mock, "token");
    assertEquals(1, tokenRequests.size());
    assertFalse(tokenRequests.get(0).body().contains("client_secret"));
    assertTrue(tokenRequests.get(0).body().contains("client_id=standard-demo-client"));
    assertEquals("Bearer", app.token().tokenType());

    // The bound token is refused with another certificate, and over plain HTTP (asked directly:
    // the session's glue would renew on the 401 and retry once).
    String token = app.accessToken();
    assertRefused(presenting(OTHER_APP), userinfo, token);
    assertRefused(new OkHttpClient(), mock.baseUrl(STANDARD) + "userinfo", token);
    assertEquals(1, mock.tokenRequests(STANDARD, "client_credentials"));

    // Past its expiry the session gets a new bound token over the same connection setup.
    clock.advance(Duration.ofSeconds(61));
    assertEquals(200, get(app.authorize(http), userinfo));
    assertEquals(2, mock.tokenRequests(STANDARD, "client_credentials"));
  }

  private static void assertRefused(OkHttpClient http, String url, String token)
      throws Exception {
    Request request = new Request.Builder().url(url).header("Authorization", "Bearer " + token)
        .build();
    try (Response response = http.newCall(request).execute()) {
      assertEquals(401, response.code());
      String challenge = response.header("WWW-Authenticate");
      assertTrue(challenge.contains("invalid_token"), challenge);
      assertTrue(response.body().string().contains("certificate"));
    }
  }

  @Test
  void aCertificateWithAnotherSubjectIsInvalidClient() throws Exception {
    mock.client(STANDARD, mock.demoClient(STANDARD).clientId())
        .tlsClientAuthSubjectDn("CN=standard-demo-client,OU=apps");
    OAuth2Client client = client(presenting(OTHER_APP));
    dev.latchkey.TokenEndpointException e = org.junit.jupiter.api.Assertions.assertThrows(
        dev.latchkey.TokenEndpointException.class, client::clientCredentials);
    assertEquals(dev.latchkey.ErrorCode.INVALID_CLIENT, e.errorCode());
  }
}
