package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.TestRequests.START;
import static dev.latchkey.mockserver.TestRequests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class DpopVerifierTest {
  private static final String URL = "http://127.0.0.1:1/standard/token";
  private final ManualClock clock = new ManualClock(START);
  private final ServerState state = TestRequests.state(clock);
  private final DpopVerifier verifier = new DpopVerifier(state);
  private final MockProvider p = MockProvider.STANDARD;

  private RecordedRequest post(String proof) {
    return request("POST", URL + "?x=1", "", "DPoP", proof);
  }

  private String refused(RecordedRequest request, String token, String error) {
    Refusal r = assertThrows(Refusal.class, () -> verifier.verify(p, request, token));
    assertEquals(error, r.error);
    return r.description;
  }

  private String invalid(String proof) {
    return refused(post(proof), null, "invalid_dpop_proof");
  }

  @Test void aValidProofGivesItsKeysThumbprint() throws Exception {
    assertEquals(Proofs.thumbprint(Proofs.EC),
        verifier.verify(p, post(Proofs.dpop(Proofs.EC, "POST", URL, START)), null));
    assertEquals(Proofs.thumbprint(Proofs.RSA),
        verifier.verify(p, post(Proofs.dpop(Proofs.RSA, "POST", URL, START)), null));
    String ps256 = Proofs.dpop(Proofs.RSA, JWSAlgorithm.PS256, "dpop+jwt",
        Proofs.claims("POST", URL, START).build());
    assertEquals(Proofs.thumbprint(Proofs.RSA), verifier.verify(p, post(ps256), null));
  }

  @Test void noHeaderIsNoProof() throws Exception {
    assertNull(verifier.verify(p, request("POST", URL, ""), null));
  }

  @Test void twoHeadersAreRefused() {
    String proof = Proofs.dpop(Proofs.EC, "POST", URL, START);
    assertEquals("send one DPoP header; got 2", refused(
        request("POST", URL, "", "DPoP", proof, "DPoP", proof), null, "invalid_dpop_proof"));
  }

  @Test void somethingThatIsNotAJwsIsRefused() {
    assertTrue(invalid("not.a.jwt").startsWith("the DPoP proof is not a signed JWT"));
    String none = new com.nimbusds.jwt.PlainJWT(Proofs.claims("POST", URL, START).build())
        .serialize();
    assertTrue(invalid(none).startsWith("the DPoP proof is not a signed JWT"));
  }

  @Test void theTypMustBeDpopJwt() {
    assertEquals("the DPoP proof's typ must be dpop+jwt; got JWT", invalid(Proofs.dpop(
        Proofs.EC, JWSAlgorithm.ES256, "JWT", Proofs.claims("POST", URL, START).build())));
  }

  @Test void onlyEs256Rs256AndPs256AreAccepted() {
    assertEquals("the DPoP proof's alg RS512 is not supported; use one of ES256, RS256, PS256",
        invalid(Proofs.dpop(Proofs.RSA, JWSAlgorithm.RS512, "dpop+jwt",
            Proofs.claims("POST", URL, START).build())));
  }

  @Test void theJwkHeaderMustHoldAPublicKeyOfTheAlgorithmsType() {
    JWTClaimsSet claims = Proofs.claims("POST", URL, START).build();
    assertEquals("the DPoP proof has no jwk header with its public key",
        invalid(Proofs.sign(Proofs.EC, new JWSHeader.Builder(JWSAlgorithm.ES256)
            .type(new JOSEObjectType("dpop+jwt")).build(), claims)));
    String privateJwk = Base64URL.encode("{\"alg\":\"ES256\",\"typ\":\"dpop+jwt\",\"jwk\":"
        + Proofs.EC.toJSONString() + "}") + "." + Base64URL.encode(claims.toString()) + ".c2ln";
    assertEquals("the DPoP proof is not a signed JWT: Invalid JWS header: Non-public key in "
        + "jwk header parameter", invalid(privateJwk));
    assertEquals("alg RS256 needs an RSA key in the jwk header; got EC",
        invalid(Proofs.sign(Proofs.RSA, new JWSHeader.Builder(JWSAlgorithm.RS256)
            .type(new JOSEObjectType("dpop+jwt")).jwk(Proofs.EC.toPublicJWK()).build(),
            claims)));
  }

  @Test void theSignatureMustVerifyWithTheJwkHeadersKey() {
    String proof = Proofs.sign(Proofs.EC, new JWSHeader.Builder(JWSAlgorithm.ES256)
        .type(new JOSEObjectType("dpop+jwt")).jwk(Proofs.OTHER_EC.toPublicJWK()).build(),
        Proofs.claims("POST", URL, START).build());
    assertEquals("the DPoP proof's signature does not verify with its jwk header's key",
        invalid(proof));
  }

  @Test void htmMustBeTheRequestsMethod() {
    assertEquals("the DPoP proof's htm is GET but the request is POST",
        invalid(Proofs.dpop(Proofs.EC, "GET", URL, START)));
  }

  @Test void htuMustBeTheRequestsUrlWithoutQueryOrFragment() {
    assertEquals("the DPoP proof's htu is http://127.0.0.1:1/standard/revoke but the request "
        + "went to http://127.0.0.1:1/standard/token",
        invalid(Proofs.dpop(Proofs.EC, "POST", "http://127.0.0.1:1/standard/revoke", START)));
    assertEquals("the DPoP proof's htu must have no query or fragment (RFC 9449 §4.2): "
        + URL + "?x=1", invalid(Proofs.dpop(Proofs.EC, "POST", URL + "?x=1", START)));
    assertEquals("the DPoP proof's htu is not an http(s) URL: urn:x",
        invalid(Proofs.dpop(Proofs.EC, "POST", "urn:x", START)));
  }

  @Test void iatMustBeWithinTheWindow() {
    assertEquals("the DPoP proof's iat is 61 s behind the server's clock; proofs are accepted "
        + "within 60 s", invalid(Proofs.dpop(Proofs.EC, "POST", URL, START.minusSeconds(61))));
    assertEquals("the DPoP proof's iat is 61 s ahead of the server's clock; proofs are "
        + "accepted within 60 s", invalid(Proofs.dpop(Proofs.EC, "POST", URL,
        START.plusSeconds(61))));
    assertEquals("the DPoP proof has no iat", invalid(Proofs.dpop(Proofs.EC,
        JWSAlgorithm.ES256, "dpop+jwt", new JWTClaimsSet.Builder().jwtID("j").claim("htm",
        "POST").claim("htu", URL).build())));
  }

  @Test void aJtiIsUsedOnce() throws Exception {
    String proof = Proofs.dpop(Proofs.EC, "POST", URL, START);
    assertNotNull(verifier.verify(p, post(proof), null));
    assertEquals("the DPoP proof's jti was used before; make a new proof for each request",
        invalid(proof));
    assertEquals("the DPoP proof has no jti", invalid(Proofs.dpop(Proofs.EC,
        JWSAlgorithm.ES256, "dpop+jwt", new JWTClaimsSet.Builder().claim("htm", "POST")
            .claim("htu", URL).issueTime(java.util.Date.from(START)).build())));
  }

  @Test void athMustHashTheAccessToken() throws Exception {
    String api = "http://127.0.0.1:1/standard/userinfo";
    RecordedRequest without = request("GET", api, null, "DPoP",
        Proofs.dpop(Proofs.EC, "GET", api, START));
    assertTrue(refused(without, "tok", "invalid_dpop_proof")
        .startsWith("the DPoP proof has no ath"));
    RecordedRequest wrong = request("GET", api, null, "DPoP", Proofs.dpop(Proofs.EC,
        JWSAlgorithm.ES256, "dpop+jwt", Proofs.claims("GET", api, START)
            .claim("ath", DpopVerifier.hash("other")).build()));
    assertEquals("the DPoP proof's ath is not the SHA-256 hash of the access token",
        refused(wrong, "tok", "invalid_dpop_proof"));
    RecordedRequest right = request("GET", api, null, "DPoP", Proofs.dpop(Proofs.EC,
        JWSAlgorithm.ES256, "dpop+jwt", Proofs.claims("GET", api, START)
            .claim("ath", DpopVerifier.hash("tok")).build()));
    assertEquals(Proofs.thumbprint(Proofs.EC), verifier.verify(p, right, "tok"));
  }

  @Test void aNonceIsDemandedWhenTheProviderWantsOne() throws Exception {
    state.settingsHandle().provider(p).dpopNonce(true);
    Refusal first = assertThrows(Refusal.class,
        () -> verifier.verify(p, post(Proofs.dpop(Proofs.EC, "POST", URL, START)), null));
    assertEquals("use_dpop_nonce", first.error);
    assertNotNull(first.nonce);
    String withNonce = Proofs.dpop(Proofs.EC, JWSAlgorithm.ES256, "dpop+jwt",
        Proofs.claims("POST", URL, START).claim("nonce", first.nonce).build());
    assertEquals(Proofs.thumbprint(Proofs.EC), verifier.verify(p, post(withNonce), null));
    clock.advance(Ledger.NONCE_LIFETIME);
    String stale = Proofs.dpop(Proofs.EC, JWSAlgorithm.ES256, "dpop+jwt",
        Proofs.claims("POST", URL, clock.instant()).claim("nonce", first.nonce).build());
    Refusal expired = assertThrows(Refusal.class, () -> verifier.verify(p, post(stale), null));
    assertEquals("use_dpop_nonce", expired.error);
    assertEquals("the DPoP proof's nonce is not one this server issued or has expired; use the "
        + "DPoP-Nonce header's value", expired.description);
  }
}
