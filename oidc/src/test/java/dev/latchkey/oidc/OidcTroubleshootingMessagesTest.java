package dev.latchkey.oidc;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.AuthorizationRequest;
import dev.latchkey.OAuth2Client;
import dev.latchkey.Provider;
import dev.latchkey.TokenSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Date;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * docs/troubleshooting.md quotes every ID token message exactly, with the server's origin
 * written "http://…", instants "…", and the issuer's values in quotes "…".
 */
final class OidcTroubleshootingMessagesTest {
  private static final String NONCE = "n-1";
  private final OidcVerifier verifier = OidcVerifier.create();
  private TestIssuer issuer;
  private OAuth2Client client;
  private String page;

  @BeforeEach
  void start() throws Exception {
    issuer = new TestIssuer();
    client = issuer.client(verifier);
    page = new String(Files.readAllBytes(Paths.get("").toAbsolutePath().getParent()
        .resolve("docs/troubleshooting.md")), StandardCharsets.UTF_8);
  }

  @AfterEach
  void stop() throws Exception {
    issuer.close();
  }

  private void assertQuoted(Executable failing) {
    Throwable e = assertThrows(Throwable.class, failing);
    String message = e.getMessage()
        .replaceAll("http://(127\\.0\\.0\\.1|localhost):\\d+", "http://…")
        .replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ", "…")
        .replaceAll("\"[^\"]*\"", "\"…\"");
    assertTrue(page.contains(message), "docs/troubleshooting.md should quote "
        + e.getClass().getSimpleName() + "'s message exactly:\n" + message);
  }

  private void refused(String token) {
    assertQuoted(() -> verifier.verify(client, token, NONCE, "access-1", "code-1"));
  }

  @Test
  void idTokenMessages() throws Exception {
    String header = Base64URL.encode("{\"alg\":\"none\"}").toString();
    refused(header + "." + Base64URL.encode(issuer.claims(NONCE).build().toString()) + ".");
    SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).build(),
        issuer.claims(NONCE).build());
    hmac.sign(new MACSigner(new byte[32]));
    refused(hmac.serialize());
    RSAKey attacker = new RSAKeyGenerator(2048).generate();
    refused(TestIssuer.sign(attacker, JWSAlgorithm.RS256, "ec-1", issuer.claims(NONCE).build()));
    refused(TestIssuer.sign(attacker, JWSAlgorithm.RS256, "unknown", issuer.claims(NONCE)
        .build()));
    refused(TestIssuer.sign(attacker, JWSAlgorithm.RS256, "rsa-1", issuer.claims(NONCE)
        .build()));
    String good = issuer.signRs256(issuer.claims(NONCE).build());
    refused(good.substring(0, good.lastIndexOf('.') + 1));
    refused("not-a-jwt");
    refused(issuer.signRs256(issuer.claims(NONCE).issuer("https://evil.example.com").build()));
    refused(issuer.signRs256(issuer.claims(NONCE).audience("other").build()));
    refused(issuer.signRs256(issuer.claims(NONCE).audience(Arrays.asList("web-app", "b"))
        .build()));
    refused(issuer.signRs256(issuer.claims(NONCE).claim("azp", "other").build()));
    refused(issuer.signRs256(issuer.claims(NONCE).expirationTime(
        Date.from(issuer.clock.instant().minusSeconds(3600))).build()));
    refused(issuer.signRs256(issuer.claims(NONCE).issueTime(
        Date.from(issuer.clock.instant().plusSeconds(3600))).build()));
    refused(issuer.signRs256(issuer.claims("other").build()));
    refused(issuer.signRs256(issuer.claims(null).build()));
    refused(issuer.signRs256(issuer.claims(NONCE).claim("at_hash", "x").build()));
    refused(issuer.signRs256(issuer.claims(NONCE).claim("c_hash", "x").build()));
    refused(issuer.signRs256(issuer.claims(NONCE).subject(null).build()));
  }

  @Test
  void signInMessages() throws Exception {
    AuthorizationRequest request = client.newAuthorizationRequest().build();
    issuer.enqueueToken("access-1", null);
    assertQuoted(() -> client.exchange(request, request.redirectUri() + "?code=c&state="
        + request.url().queryParameter("state")));

    AuthorizationRequest second = client.newAuthorizationRequest().build();
    issuer.enqueueToken("access-1", issuer.signRs256(issuer.claims(second.nonce()).build()));
    TokenSession alice = client.session("alice");
    alice.save(client.exchange(second, second.redirectUri() + "?code=c&state="
        + second.url().queryParameter("state")));
    issuer.userinfo.set("{\"sub\":\"mallory\"}");
    assertQuoted(alice::userInfo);
    issuer.enqueueToken("access-2", issuer.signRs256(issuer.claims(null).subject("mallory")
        .build()));
    assertQuoted(() -> client.refresh(alice.token()));

    Provider noIssuer = issuer.provider().newBuilder().issuer(null).build();
    assertQuoted(() -> verifier.verify(client.newBuilder().provider(noIssuer).build(), "a.b.c",
        null, null, null));
  }

  @Test
  void keySetMessages() throws Exception {
    OAuth2Client missing = client.newBuilder().provider(issuer.provider().newBuilder()
        .jwksUri(issuer.server.url("/nowhere").toString()).build()).build();
    String token = issuer.signRs256(issuer.claims(null).build());
    assertQuoted(() -> verifier.verify(missing, token, null, null, null));
    OAuth2Client garbled = client.newBuilder().provider(issuer.provider().newBuilder()
        .jwksUri(issuer.server.url("/userinfo").toString()).build()).build();
    issuer.userinfo.set("{\"keys\":7}");
    assertQuoted(() -> verifier.verify(garbled, token, null, null, null));
  }

}
