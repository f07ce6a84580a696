package dev.latchkey.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link SenderConstrainedExamples} against MockWebServer: the bundled mock server learns
 * DPoP, client assertions, PAR and mutual TLS in another change (issue 16's mock-server part);
 * these move onto it then.
 */
final class SenderConstrainedExamplesTest {
  @TempDir
  Path temp;

  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void setUp() throws Exception {
    server.start();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private Provider provider() {
    return Provider.standard(server.url("/authorize").toString(), server.url("/token").toString())
        .newBuilder().pushedAuthorizationRequestEndpoint(server.url("/par").toString()).build();
  }

  private static MockResponse token(String type) {
    return new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .body("{\"access_token\":\"at1\",\"token_type\":\"" + type + "\",\"expires_in\":3600}")
        .build();
  }

  private static void get(OkHttpClient api, okhttp3.HttpUrl url) throws Exception {
    try (Response response = api.newCall(new Request.Builder().url(url).build()).execute()) {
      assertEquals(200, response.code());
    }
  }

  @Test
  void dpopClientSendsProofs() throws Exception {
    server.enqueue(token("DPoP"));
    server.enqueue(new MockResponse.Builder().body("ok").build());
    get(SenderConstrainedExamples.dpop(provider(), "app", "secret", temp.resolve("t.json")),
        server.url("/api"));
    assertNotNull(server.takeRequest().getHeaders().get("DPoP"));
    RecordedRequest api = server.takeRequest();
    assertEquals("DPoP at1", api.getHeaders().get("Authorization"));
    assertNotNull(api.getHeaders().get("DPoP"));
  }

  @Test
  void privateKeyJwtAndClientSecretJwtSendAssertions() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    Path key = temp.resolve("key.pem");
    Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder()
        .encodeToString(rsa.generateKeyPair().getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n");
    server.enqueue(token("Bearer"));
    server.enqueue(token("Bearer"));
    try (OAuth2Client client = SenderConstrainedExamples.privateKeyJwt(provider(), "app", key);
        OAuth2Client secretJwt = SenderConstrainedExamples.clientSecretJwt(provider(), "app",
            "a-client-secret-of-at-least-thirty-two-bytes")) {
      client.clientCredentials();
      secretJwt.clientCredentials();
    }
    assertTrue(server.takeRequest().getBody().utf8().contains("client_assertion="));
    assertTrue(server.takeRequest().getBody().utf8().contains("client_assertion="));
  }

  @Test
  void mutualTlsPresentsTheCertificate() throws Exception {
    HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).build();
    HeldCertificate serverCertificate = new HeldCertificate.Builder()
        .addSubjectAlternativeName("localhost").signedBy(ca).build();
    HeldCertificate client = new HeldCertificate.Builder().commonName("app").signedBy(ca).build();
    server.close();
    MockWebServer https = new MockWebServer();
    https.useHttps(new HandshakeCertificates.Builder().heldCertificate(serverCertificate)
        .addTrustedCertificate(ca.certificate()).build().sslSocketFactory());
    https.requireClientAuth();
    https.start();
    try {
      Path certificateFile = temp.resolve("client.pem");
      Path keyFile = temp.resolve("client-key.pem");
      Files.writeString(certificateFile, client.certificatePem());
      Files.writeString(keyFile, client.privateKeyPkcs8Pem());
      https.enqueue(token("Bearer"));
      https.enqueue(new MockResponse.Builder().body("ok").build());
      get(SenderConstrainedExamples.mutualTls(
          Provider.standard(null, https.url("/token").toString()), "app", certificateFile,
          keyFile, ca.certificatePem()), https.url("/api"));
      assertTrue(https.takeRequest().getBody().utf8().contains("client_id=app"));
      assertNotNull(https.takeRequest().getHandshake().peerCertificates().get(0));
    } finally {
      https.close();
    }
  }

  @Test
  void parPushesTheRequest() throws Exception {
    server.enqueue(new MockResponse.Builder().code(201)
        .addHeader("Content-Type", "application/json")
        .body("{\"request_uri\":\"urn:example:1\",\"expires_in\":60}").build());
    try (OAuth2Client client = OAuth2Client.builder().provider(provider()).clientId("app")
        .clientSecret("secret").redirectUri("https://app.example/cb").build()) {
      AuthorizationRequest request = SenderConstrainedExamples.par(client);
      assertEquals("urn:example:1", request.url().queryParameter("request_uri"));
    }
  }
}
