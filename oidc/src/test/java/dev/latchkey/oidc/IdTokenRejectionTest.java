package dev.latchkey.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.IdTokenException;
import dev.latchkey.IdTokenException.Reason;
import dev.latchkey.OAuth2Client;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every reason an ID token is refused, and the tokens that pass (OpenID Connect Core §3.1.3.7). */
final class IdTokenRejectionTest {
  private static final String NONCE = "n-0S6_WzA2Mj";
  private final TestIssuer issuer;
  private final OidcVerifier verifier = OidcVerifier.create();
  private final OAuth2Client client;

  IdTokenRejectionTest() throws Exception {
    issuer = new TestIssuer();
    client = issuer.client(verifier);
  }

  @AfterEach
  void close() throws Exception {
    issuer.close();
  }

  private Map<String, Object> verify(String idToken) throws Exception {
    return verifier.verify(client, idToken, NONCE, "access-1", "code-1");
  }

  private IdTokenException refused(String idToken) {
    return assertThrows(IdTokenException.class, () -> verify(idToken));
  }

  private static String half(String value) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256")
        .digest(value.getBytes(StandardCharsets.US_ASCII));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
  }

  @Test
  void acceptsRs256Ps256AndEs256FromTheIssuersKeys() throws Exception {
    JWTClaimsSet claims = issuer.claims(NONCE).build();
    assertEquals("alice", verify(issuer.signRs256(claims)).get("sub"));
    assertEquals("alice", verify(TestIssuer.sign(issuer.rsa, JWSAlgorithm.PS256, "rsa-1",
        claims)).get("sub"));
    Map<String, Object> es = verify(TestIssuer.sign(issuer.ec, JWSAlgorithm.ES256, "ec-1",
        claims));
    assertEquals("alice@example.com", es.get("email"));
  }

  @Test
  void acceptsMatchingAtHashAndCHash() throws Exception {
    JWTClaimsSet claims = issuer.claims(NONCE).claim("at_hash", half("access-1"))
        .claim("c_hash", half("code-1")).build();
    assertEquals("alice", verify(issuer.signRs256(claims)).get("sub"));
  }

  @Test
  void refusesAlgNone() throws Exception {
    String header = Base64URL.encode("{\"alg\":\"none\"}").toString();
    String body = Base64URL.encode(issuer.claims(NONCE).build().toString()).toString();
    IdTokenException e = refused(header + "." + body + ".");
    assertEquals(Reason.ALGORITHM, e.reason());
    assertEquals("The ID token from standard was refused: it is not signed (alg \"none\")."
        + " It was not issued by the provider, or was altered on the way: do not sign the user"
        + " in", e.getMessage());
  }

  @Test
  void refusesHmacKeyedWithTheIssuersPublicKey() throws Exception {
    // The classic algorithm confusion: HS256 with the RSA public key as the shared secret.
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1")
        .build(), issuer.claims(NONCE).build());
    jwt.sign(new MACSigner(issuer.rsa.toRSAPublicKey().getEncoded()));
    IdTokenException e = refused(jwt.serialize());
    assertEquals(Reason.ALGORITHM, e.reason());
    assertEquals("The ID token from standard was refused: it is signed with \"HS256\", and only"
        + " RS256, PS256 and ES256 are accepted. It was not issued by the provider, or was"
        + " altered on the way: do not sign the user in", e.getMessage());
  }

  @Test
  void refusesAKidThatPointsAtAKeyOfAnotherType() throws Exception {
    RSAKey attacker = new RSAKeyGenerator(2048).generate();
    IdTokenException e = refused(TestIssuer.sign(attacker, JWSAlgorithm.RS256, "ec-1",
        issuer.claims(NONCE).build()));
    assertEquals(Reason.UNKNOWN_KEY, e.reason());
    assertEquals("The ID token from standard was refused: its key \"ec-1\" is of type EC, which"
        + " cannot verify RS256. Check the provider's jwks_uri; if it just rotated its keys, try"
        + " again in a minute", e.getMessage());
  }

  @Test
  void refusesAStrippedSignature() throws Exception {
    String token = issuer.signRs256(issuer.claims(NONCE).build());
    IdTokenException e = refused(token.substring(0, token.lastIndexOf('.') + 1));
    assertEquals(Reason.SIGNATURE, e.reason());
    assertEquals("The ID token from standard was refused: it has no signature. It was not issued"
        + " by the provider, or was altered on the way: do not sign the user in", e.getMessage());
  }

  @Test
  void refusesAlteredClaimsAndAForeignKeyUnderTheIssuersKid() throws Exception {
    String token = issuer.signRs256(issuer.claims(NONCE).build());
    String[] parts = token.split("\\.");
    String forged = parts[0] + "." + Base64URL.encode(issuer.claims(NONCE).subject("mallory")
        .build().toString()) + "." + parts[2];
    IdTokenException altered = refused(forged);
    assertEquals(Reason.SIGNATURE, altered.reason());
    assertEquals("The ID token from standard was refused: its signature does not verify with"
        + " the issuer's key. It was not issued by the provider, or was altered on the way: do"
        + " not sign the user in", altered.getMessage());

    RSAKey attacker = new RSAKeyGenerator(2048).generate();
    assertEquals(Reason.SIGNATURE, refused(TestIssuer.sign(attacker, JWSAlgorithm.RS256,
        "rsa-1", issuer.claims(NONCE).build())).reason());
  }

  @Test
  void refusesNotAJwt() {
    IdTokenException e = refused("not-a-jwt");
    assertEquals(Reason.MALFORMED, e.reason());
  }

  @Test
  void refusesAnotherIssuer() throws Exception {
    IdTokenException e = refused(issuer.signRs256(issuer.claims(NONCE)
        .issuer("https://evil.example.com").build()));
    assertEquals(Reason.ISSUER, e.reason());
    assertEquals("The ID token from standard was refused: its iss \"https://evil.example.com\""
        + " is not the provider's issuer \"" + issuer.issuer() + "\". Check the issuer the"
        + " provider was discovered from or configured with", e.getMessage());
  }

  @Test
  void refusesAnotherAudience() throws Exception {
    IdTokenException e = refused(issuer.signRs256(issuer.claims(NONCE)
        .audience("other-app").build()));
    assertEquals(Reason.AUDIENCE, e.reason());
    assertEquals("The ID token from standard was refused: its aud \"[other-app]\" does not"
        + " contain this client's id \"web-app\". The token was issued to another client: do not"
        + " sign the user in", e.getMessage());
  }

  @Test
  void refusesSeveralAudiencesWithoutAzpAndAnAzpOfAnotherClient() throws Exception {
    JWTClaimsSet several = issuer.claims(NONCE)
        .audience(Arrays.asList("web-app", "other-app")).build();
    IdTokenException missing = refused(issuer.signRs256(several));
    assertEquals(Reason.AUTHORIZED_PARTY, missing.reason());
    assertEquals("The ID token from standard was refused: it has several audiences and no azp"
        + " naming this client. The token was issued to another client: do not sign the user in",
        missing.getMessage());
    assertEquals(Reason.AUTHORIZED_PARTY, refused(issuer.signRs256(issuer.claims(NONCE)
        .claim("azp", "other-app").build())).reason());
    assertEquals("alice", verify(issuer.signRs256(issuer.claims(NONCE)
        .audience(Arrays.asList("web-app", "other-app")).claim("azp", "web-app").build()))
        .get("sub"));
  }

  @Test
  void expiryAndIssueTimeHaveASmallLeeway() throws Exception {
    java.time.Instant now = issuer.clock.instant();
    assertEquals("alice", verify(issuer.signRs256(issuer.claims(NONCE)
        .expirationTime(Date.from(now.minusSeconds(59))).build())).get("sub"));
    IdTokenException expired = refused(issuer.signRs256(issuer.claims(NONCE)
        .expirationTime(Date.from(now.minusSeconds(61))).build()));
    assertEquals(Reason.EXPIRED, expired.reason());
    assertEquals("The ID token from standard was refused: it expired at 2029-12-31T23:58:59Z,"
        + " and the client's clock says 2030-01-01T00:00:00Z. Check that this machine's clock is"
        + " right (see Clock skew); otherwise start a new login", expired.getMessage());

    assertEquals("alice", verify(issuer.signRs256(issuer.claims(NONCE)
        .issueTime(Date.from(now.plusSeconds(59))).build())).get("sub"));
    IdTokenException future = refused(issuer.signRs256(issuer.claims(NONCE)
        .issueTime(Date.from(now.plusSeconds(61))).build()));
    assertEquals(Reason.ISSUED_IN_FUTURE, future.reason());
    assertEquals("The ID token from standard was refused: it was issued at"
        + " 2030-01-01T00:01:01Z, in the future by the client's clock (2030-01-01T00:00:00Z)."
        + " Check that this machine's clock is right (see Clock skew); otherwise start a new"
        + " login", future.getMessage());
  }

  @Test
  void refusesAnotherNonceAndAMissingOne() throws Exception {
    IdTokenException other = refused(issuer.signRs256(issuer.claims("replayed").build()));
    assertEquals(Reason.NONCE, other.reason());
    assertEquals("The ID token from standard was refused: its nonce is not the one this login"
        + " sent. The token was not issued for this login (a replay): start a new login",
        other.getMessage());
    assertEquals("The ID token from standard was refused: it has no nonce. The token was not"
        + " issued for this login (a replay): start a new login",
        refused(issuer.signRs256(issuer.claims(null).build())).getMessage());
  }

  @Test
  void refusesAtHashAndCHashOfOtherValues() throws Exception {
    IdTokenException at = refused(issuer.signRs256(issuer.claims(NONCE)
        .claim("at_hash", half("another-access-token")).build()));
    assertEquals(Reason.ACCESS_TOKEN_HASH, at.reason());
    assertEquals("The ID token from standard was refused: its at_hash does not match the access"
        + " token issued with it. It was not issued with this token or code: do not sign the"
        + " user in", at.getMessage());
    IdTokenException c = refused(issuer.signRs256(issuer.claims(NONCE)
        .claim("c_hash", half("another-code")).build()));
    assertEquals(Reason.CODE_HASH, c.reason());
  }

  @Test
  void messagesNeverQuoteTheToken() throws Exception {
    String token = issuer.signRs256(issuer.claims("replayed").build());
    IdTokenException e = refused(token);
    for (String part : token.split("\\.")) {
      assertFalse(e.getMessage().contains(part));
    }
  }
}
