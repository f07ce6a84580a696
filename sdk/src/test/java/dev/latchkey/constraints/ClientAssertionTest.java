package dev.latchkey.constraints;

import static dev.latchkey.testing.WireTestSupport.body;
import static dev.latchkey.testing.WireTestSupport.form;
import static dev.latchkey.testing.WireTestSupport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.Dialect;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.SigningKey;
import dev.latchkey.Token;
import dev.latchkey.testing.ManualTestClock;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** private_key_jwt and client_secret_jwt (RFC 7523 §2.2, OpenID Connect Core §9) on the wire. */
final class ClientAssertionTest {
  private static final String SECRET = "a-client-secret-of-at-least-thirty-two-bytes";

  private final MockWebServer server = new MockWebServer();
  private final ManualTestClock clock = new ManualTestClock();

  @BeforeEach
  void setUp() throws Exception {
    server.start();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  static KeyPair rsa() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  static KeyPair ec() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  static String pkcs8Pem(KeyPair keys) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  private Provider provider(Dialect.ClientAuthentication auth) {
    return Provider.standard(server.url("/authorize").toString(), server.url("/token").toString())
        .newBuilder()
        .issuer("https://issuer.example")
        .revocationEndpoint(server.url("/revoke").toString())
        .dialect(Dialect.builder().clientAuthentication(auth).build())
        .build();
  }

  private OAuth2Client.Builder client(Provider provider) {
    return OAuth2Client.builder().provider(provider).clientId("app-1").clock(clock)
        .httpClient(new OkHttpClient());
  }

  private static Map<String, String> params(RecordedRequest request) {
    return form(body(request));
  }

  private void assertClaims(JWTClaimsSet claims, String audience) {
    assertEquals("app-1", claims.getIssuer());
    assertEquals("app-1", claims.getSubject());
    assertEquals(Collections.singletonList(audience), claims.getAudience());
    assertEquals(Date.from(clock.instant()), claims.getIssueTime());
    assertEquals(Date.from(clock.instant().plusSeconds(60)), claims.getExpirationTime());
    assertTrue(claims.getJWTID().length() >= 16);
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "PS256", "ES256"})
  void privateKeyJwtSignsAVerifiableAssertion(String algorithm) throws Exception {
    KeyPair keys = algorithm.equals("ES256") ? ec() : rsa();
    SigningKey key = SigningKey.fromPem(pkcs8Pem(keys)).withAlgorithm(algorithm)
        .withKeyId("k-2025");
    server.enqueue(token("at1"));
    server.enqueue(token("at2"));
    try (OAuth2Client client = client(provider(Dialect.ClientAuthentication.AUTO))
        .clientKey(key).build()) {
      client.clientCredentials();
      client.clientCredentials();
    }
    RecordedRequest first = server.takeRequest();
    Map<String, String> params = params(first);
    assertNull(first.getHeaders().get("Authorization"), "no Basic header");
    assertEquals("app-1", params.get("client_id"));
    assertFalse(params.containsKey("client_secret"));
    assertEquals("urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        params.get("client_assertion_type"));
    SignedJWT jwt = SignedJWT.parse(params.get("client_assertion"));
    JWSHeader header = jwt.getHeader();
    assertEquals(JWSAlgorithm.parse(algorithm), header.getAlgorithm());
    assertEquals("k-2025", header.getKeyID());
    assertClaims(Jwts.verified(params.get("client_assertion"), keys.getPublic()),
        "https://issuer.example");
    String secondJti = SignedJWT.parse(params(server.takeRequest()).get("client_assertion"))
        .getJWTClaimsSet().getJWTID();
    assertNotEquals(jwt.getJWTClaimsSet().getJWTID(), secondJti, "jti is unique");
  }

  @Test
  void clientSecretJwtIsAnHs256AssertionAndTheSecretNeverTravels() throws Exception {
    server.enqueue(token("at1"));
    try (OAuth2Client client = client(provider(Dialect.ClientAuthentication.CLIENT_SECRET_JWT))
        .clientSecret(SECRET).clientAssertionAudience(server.url("/token").toString())
        .build()) {
      client.clientCredentials();
    }
    RecordedRequest request = server.takeRequest();
    String raw = body(request);
    assertFalse(raw.contains(SECRET));
    assertNull(request.getHeaders().get("Authorization"));
    Map<String, String> params = form(raw);
    assertEquals("HS256", SignedJWT.parse(params.get("client_assertion")).getHeader()
        .getAlgorithm().getName());
    assertClaims(Jwts.verifiedHmac(params.get("client_assertion"), SECRET),
        server.url("/token").toString());
  }

  @Test
  void assertionAppliesToCodeRefreshAndRevocation() throws Exception {
    KeyPair keys = ec();
    server.enqueue(token("at1"));
    server.enqueue(token("at2"));
    server.enqueue(new mockwebserver3.MockResponse.Builder().build());
    try (OAuth2Client client = client(provider(Dialect.ClientAuthentication.PRIVATE_KEY_JWT))
        .clientKey(SigningKey.of(keys.getPrivate())).redirectUri("https://app.example/cb")
        .build()) {
      dev.latchkey.AuthorizationRequest request = client.newAuthorizationRequest().build();
      Token token = client.exchange(request,
          dev.latchkey.testing.WireTestSupport.okCallback(request, "code-1"));
      client.revoke(client.refresh(token));
    }
    for (String path : new String[] {"/token", "/token", "/revoke"}) {
      RecordedRequest recorded = server.takeRequest();
      assertEquals(path, recorded.getTarget());
      assertClaims(Jwts.verified(params(recorded).get("client_assertion"), keys.getPublic()),
          "https://issuer.example");
    }
  }

  @Test
  void withoutAnIssuerTheAudienceIsTheTokenEndpoint() throws Exception {
    KeyPair keys = ec();
    server.enqueue(token("at1"));
    Provider noIssuer = Provider.standard(null, server.url("/token").toString());
    try (OAuth2Client client = client(noIssuer).clientKey(SigningKey.of(keys.getPrivate()))
        .build()) {
      client.clientCredentials();
    }
    assertClaims(Jwts.verified(params(server.takeRequest()).get("client_assertion"),
        keys.getPublic()), server.url("/token").toString());
  }

  @Test
  void privateKeyJwtWithoutAKeyIsAClearError() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> client(provider(Dialect.ClientAuthentication.PRIVATE_KEY_JWT)).build());
    assertEquals("Client authentication PRIVATE_KEY_JWT needs a key; set"
        + " clientKey(SigningKey.fromPem(...))", e.getMessage());
  }

  @Test
  void keyFilesThatAreNotPkcs8AreClearErrors() throws Exception {
    IllegalArgumentException encrypted = assertThrows(IllegalArgumentException.class,
        () -> SigningKey.fromPem("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n"
            + "-----END ENCRYPTED PRIVATE KEY-----\n"));
    assertTrue(encrypted.getMessage().startsWith("The private key holds an encrypted private"
        + " key; Latchkey reads unencrypted PKCS#8"), encrypted.getMessage());
    IllegalArgumentException pkcs1 = assertThrows(IllegalArgumentException.class,
        () -> SigningKey.fromPem("-----BEGIN RSA PRIVATE KEY-----\nMIIB\n"
            + "-----END RSA PRIVATE KEY-----\n"));
    assertEquals("The private key holds an RSA PRIVATE KEY (PKCS#1 or SEC 1), not PKCS#8;"
        + " convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem",
        pkcs1.getMessage());
    IllegalArgumentException notPem = assertThrows(IllegalArgumentException.class,
        () -> SigningKey.fromPem("ssh-rsa AAAA"));
    assertTrue(notPem.getMessage().startsWith("The private key is not PEM"));
    assertThrows(IllegalArgumentException.class,
        () -> SigningKey.fromPem(pkcs8Pem(ec())).withAlgorithm("RS256"));
    String key = SigningKey.fromPem(pkcs8Pem(rsa())).withKeyId("k").toString();
    assertEquals("SigningKey{algorithm=RS256, keyId=k}", key);
  }
}
