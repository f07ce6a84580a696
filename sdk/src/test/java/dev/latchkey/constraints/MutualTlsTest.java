package dev.latchkey.constraints;

import static dev.latchkey.testing.WireTestSupport.body;
import static dev.latchkey.testing.WireTestSupport.form;
import static dev.latchkey.testing.WireTestSupport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.Dialect;
import dev.latchkey.MutualTls;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.SigningKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mutual TLS client authentication and certificate-bound tokens (RFC 8705). */
final class MutualTlsTest {
  private final HeldCertificate rootCa = new HeldCertificate.Builder()
      .certificateAuthority(0).commonName("Test CA").build();
  private final HeldCertificate serverCertificate = new HeldCertificate.Builder()
      .commonName("localhost").addSubjectAlternativeName("localhost").signedBy(rootCa).build();
  private final HeldCertificate clientCertificate = new HeldCertificate.Builder()
      .commonName("app-1").signedBy(rootCa).build();
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void setUp() throws Exception {
    HandshakeCertificates serverTls = new HandshakeCertificates.Builder()
        .heldCertificate(serverCertificate)
        .addTrustedCertificate(rootCa.certificate())
        .build();
    server.useHttps(serverTls.sslSocketFactory());
    server.requireClientAuth();
    server.start();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private OkHttpClient http() {
    return MutualTls.configure(new OkHttpClient.Builder(), clientCertificate.certificatePem(),
        clientCertificate.privateKeyPkcs8Pem(), rootCa.certificatePem()).build();
  }

  private Provider provider(Dialect.ClientAuthentication auth) {
    return Provider.standard(null, server.url("/token").toString()).newBuilder()
        .mtlsEndpointAlias("token_endpoint", server.url("/mtls/token").toString())
        .dialect(Dialect.builder().clientAuthentication(auth).build())
        .build();
  }

  private static String peerCommonName(RecordedRequest request) {
    X509Certificate peer = (X509Certificate) request.getHandshake().peerCertificates().get(0);
    return peer.getSubjectX500Principal().getName();
  }

  @Test
  void tlsClientAuthPresentsTheCertificateAtTheAliasAndForApiCalls() throws Exception {
    server.enqueue(token("at1"));
    server.enqueue(new MockResponse.Builder().body("ok").build());
    try (OAuth2Client client = OAuth2Client.builder()
        .provider(provider(Dialect.ClientAuthentication.TLS_CLIENT_AUTH))
        .clientId("app-1").httpClient(http()).build()) {
      OkHttpClient api = client.clientCredentialsSession().authorize(client.httpClient());
      try (Response response = api.newCall(new Request.Builder()
          .url(server.url("/api")).build()).execute()) {
        assertEquals(200, response.code());
      }
    }
    RecordedRequest tokenRequest = server.takeRequest();
    assertEquals("/mtls/token", tokenRequest.getTarget(), "mtls_endpoint_aliases honoured");
    assertNull(tokenRequest.getHeaders().get("Authorization"));
    Map<String, String> params = form(body(tokenRequest));
    assertEquals("app-1", params.get("client_id"));
    assertNull(params.get("client_secret"));
    assertEquals("CN=app-1", peerCommonName(tokenRequest));
    RecordedRequest apiRequest = server.takeRequest();
    assertEquals("Bearer at1", apiRequest.getHeaders().get("Authorization"));
    assertEquals("CN=app-1", peerCommonName(apiRequest), "the bound token's certificate");
  }

  @Test
  void selfSignedClientAuthWorksTheSameWay() throws Exception {
    server.enqueue(token("at1"));
    try (OAuth2Client client = OAuth2Client.builder()
        .provider(provider(Dialect.ClientAuthentication.SELF_SIGNED_TLS_CLIENT_AUTH))
        .clientId("app-1").httpClient(http()).build()) {
      client.clientCredentials();
    }
    assertEquals("/mtls/token", server.takeRequest().getTarget());
  }

  @Test
  void privateKeyJwtWithCertificateBoundTokensGoesToTheAlias() throws Exception {
    server.enqueue(token("at1"));
    server.enqueue(token("at2"));
    java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    SigningKey key = SigningKey.of(generator.generateKeyPair().getPrivate());
    try (OAuth2Client bound = OAuth2Client.builder()
        .provider(provider(Dialect.ClientAuthentication.PRIVATE_KEY_JWT))
        .clientId("app-1").clientKey(key).certificateBoundTokens(true).httpClient(http())
        .build();
        OAuth2Client plain = bound.newBuilder().certificateBoundTokens(false).build()) {
      bound.clientCredentials();
      plain.clientCredentials();
    }
    RecordedRequest boundRequest = server.takeRequest();
    assertEquals("/mtls/token", boundRequest.getTarget(), "RFC 8705 §5: the alias");
    assertEquals("CN=app-1", peerCommonName(boundRequest));
    assertEquals("urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        form(body(boundRequest)).get("client_assertion_type"));
    assertEquals("/token", server.takeRequest().getTarget(), "without it, the main endpoint");
  }

  @Test
  void withoutACertificateTheServerRefusesTheHandshake() {
    OkHttpClient noCertificate = MutualTls.configure(new OkHttpClient.Builder(), null, null,
        rootCa.certificatePem()).build();
    try (OAuth2Client client = OAuth2Client.builder()
        .provider(provider(Dialect.ClientAuthentication.TLS_CLIENT_AUTH))
        .clientId("app-1").httpClient(noCertificate).maxRetries(0).build()) {
      java.io.IOException e = assertThrows(java.io.IOException.class, client::clientCredentials);
      assertTrue(e.getMessage().startsWith("Could not reach the token endpoint"), e.getMessage());
    }
  }

  @Test
  void certificateNotMatchingItsKeyIsAClearError() {
    HeldCertificate other = new HeldCertificate.Builder().commonName("other").build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MutualTls.configure(new OkHttpClient.Builder(), clientCertificate.certificatePem(),
            other.privateKeyPkcs8Pem(), null));
    assertEquals("The client certificate (CN=app-1) does not match the client key; pass the key"
        + " the certificate was issued for", e.getMessage());
    IllegalArgumentException half = assertThrows(IllegalArgumentException.class,
        () -> MutualTls.configure(new OkHttpClient.Builder(), clientCertificate.certificatePem(),
            null, null));
    assertTrue(half.getMessage().startsWith("A client certificate needs its private key"));
    IllegalArgumentException notCertificate = assertThrows(IllegalArgumentException.class,
        () -> MutualTls.configure(new OkHttpClient.Builder(), clientCertificate.privateKeyPkcs8Pem(),
            clientCertificate.privateKeyPkcs8Pem(), null));
    assertEquals("The client certificate holds no \"-----BEGIN CERTIFICATE-----\" block",
        notCertificate.getMessage());
  }
}
