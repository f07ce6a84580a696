package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.TestRequests.START;
import static dev.latchkey.mockserver.TestRequests.basic;
import static dev.latchkey.mockserver.TestRequests.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** private_key_jwt and client_secret_jwt (RFC 7523 §2.2): every check, no socket. */
class ClientAssertionsTest {
  private static final String ISSUER = "http://127.0.0.1:1/standard";
  private static final String TOKEN = ISSUER + "/token";
  private static final String CLIENT = "standard-demo-client";
  private static final MockProvider SECRETS_ONLY = MockProvider.builder("secrets").build();
  private final ManualClock clock = new ManualClock(START);
  private final ServerState state = TestRequests.state(clock, SECRETS_ONLY);
  private final ClientAuthentication auth = new ClientAuthentication(state);

  ClientAssertionsTest() throws Exception {
    state.started(URI.create("http://127.0.0.1:1/"));
    new ClientSettings(state, MockProvider.STANDARD, CLIENT)
        .key(Proofs.EC.toPublicJWK().toJSONString())
        .key(Proofs.RSA.toPublicKey(), Proofs.RSA.getKeyID());
  }

  static JWTClaimsSet.Builder claims(String aud) {
    return new JWTClaimsSet.Builder().issuer(CLIENT).subject(CLIENT).audience(aud)
        .jwtID(UUID.randomUUID().toString()).issueTime(Date.from(START))
        .expirationTime(Date.from(START.plusSeconds(60)));
  }

  static String signed(JWK key, JWSAlgorithm alg, JWTClaimsSet claims) {
    return Proofs.sign(key, new JWSHeader.Builder(alg).keyID(key.getKeyID()).build(), claims);
  }

  Client authenticate(String assertion, String... extra) throws OAuthError {
    StringBuilder body = new StringBuilder("grant_type=client_credentials"
        + "&client_assertion_type=" + ClientAssertions.TYPE + "&client_assertion=" + assertion);
    for (String e : extra) body.append('&').append(e);
    return auth.authenticate(TokenRequest.read(MockProvider.STANDARD,
        form("/standard/token", body.toString())));
  }

  String refused(String assertion, String... extra) {
    OAuthError e = assertThrows(OAuthError.class, () -> authenticate(assertion, extra));
    assertEquals(401, e.response.getCode());
    assertEquals("invalid_client", TestRequests.json(e.response).get("error"));
    return (String) TestRequests.json(e.response).get("error_description");
  }

  @Test void privateKeyJwtWithEachAlgorithmAuthenticatesTheClient() throws Exception {
    assertEquals(CLIENT, authenticate(signed(Proofs.EC, JWSAlgorithm.ES256,
        claims(TOKEN).build())).id);
    assertEquals(CLIENT, authenticate(signed(Proofs.RSA, JWSAlgorithm.RS256,
        claims(ISSUER).build()), "client_id=" + CLIENT).id);
    assertEquals(CLIENT, authenticate(signed(Proofs.RSA, JWSAlgorithm.PS256,
        claims(TOKEN).build())).id);
  }

  @Test void clientSecretJwtIsHs256KeyedByTheSecret() throws Exception {
    assertEquals(CLIENT, authenticate(Proofs.hmac("standard-demo-secret",
        claims(TOKEN).build())).id);
    assertEquals("the client_assertion's signature does not verify with the client secret",
        refused(Proofs.hmac("wrong-secret", claims(TOKEN).build())));
  }

  @Test void aSignatureByAnUnregisteredKeyIsRefused() {
    assertEquals("the client_assertion's signature does not verify with the keys registered "
        + "for client " + CLIENT, refused(Proofs.sign(Proofs.OTHER_EC,
        new JWSHeader(JWSAlgorithm.ES256), claims(TOKEN).build())));
    assertEquals("no key with kid nope is registered for client " + CLIENT,
        refused(Proofs.sign(Proofs.EC, new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("nope")
            .build(), claims(TOKEN).build())));
  }

  @Test void aClientWithoutKeysCannotUsePrivateKeyJwt() {
    JWTClaimsSet c = new JWTClaimsSet.Builder().issuer("standard-public-client")
        .subject("standard-public-client").audience(TOKEN).jwtID("j")
        .expirationTime(Date.from(START.plusSeconds(60))).build();
    assertEquals("client standard-public-client has no registered public key for "
        + "private_key_jwt; register one (MockAuthServer.client(...).key, or POST "
        + "/__admin/clients/settings)", refused(signed(Proofs.EC, JWSAlgorithm.ES256, c)));
  }

  @Test void onlyTheListedAlgorithmsAreAccepted() {
    assertEquals("client_assertion alg RS512 is not supported; use RS256, PS256, ES256",
        refused(signed(Proofs.RSA, JWSAlgorithm.RS512, claims(TOKEN).build())));
  }

  @Test void subMustBeTheClientAndIssMustBePresent() {
    assertEquals("client_assertion sub must be the client id " + CLIENT + " (RFC 7523 §3); got "
        + "someone", refused(signed(Proofs.EC, JWSAlgorithm.ES256,
        claims(TOKEN).subject("someone").build())));
    assertEquals("client_assertion has no iss; it must be the client id (RFC 7523 §3)",
        refused(signed(Proofs.EC, JWSAlgorithm.ES256, claims(TOKEN).issuer(null).build())));
    assertEquals("client_id other is not the client_assertion's iss " + CLIENT,
        refused(signed(Proofs.EC, JWSAlgorithm.ES256, claims(TOKEN).build()),
            "client_id=other"));
  }

  @Test void audMustNameThisServer() {
    assertEquals("client_assertion aud must name this server: the issuer " + ISSUER + " or "
        + "the token endpoint " + TOKEN + "; got [https://elsewhere.example]",
        refused(signed(Proofs.EC, JWSAlgorithm.ES256,
            claims("https://elsewhere.example").build())));
  }

  @Test void expMustBePresentAndAheadAndNbfReached() {
    assertEquals("client_assertion has no exp (RFC 7523 §3)", refused(signed(Proofs.EC,
        JWSAlgorithm.ES256, claims(TOKEN).expirationTime(null).build())));
    assertEquals("client_assertion expired at " + START, refused(signed(Proofs.EC,
        JWSAlgorithm.ES256, claims(TOKEN).expirationTime(Date.from(START)).build())));
    assertEquals("client_assertion is not valid before " + START.plusSeconds(30),
        refused(signed(Proofs.EC, JWSAlgorithm.ES256,
            claims(TOKEN).notBeforeTime(Date.from(START.plusSeconds(30))).build())));
  }

  @Test void aJtiIsUsedOnce() throws Exception {
    assertEquals("client_assertion has no jti (RFC 7523 §3)", refused(signed(Proofs.EC,
        JWSAlgorithm.ES256, claims(TOKEN).jwtID(null).build())));
    String assertion = signed(Proofs.EC, JWSAlgorithm.ES256, claims(TOKEN).build());
    authenticate(assertion);
    assertEquals("client_assertion jti was used before; make a new assertion for each request",
        refused(assertion));
  }

  @Test void malformedAssertionsAndTypesAreRefused() {
    assertEquals("client_assertion is not a signed JWT: Invalid serialized unsecured/JWS/JWE "
        + "object: Missing part delimiters", refused("garbage"));
    OAuthError type = assertThrows(OAuthError.class, () -> auth.authenticate(TokenRequest.read(
        MockProvider.STANDARD, form("/standard/token", "client_assertion_type=x"
            + "&client_assertion=" + signed(Proofs.EC, JWSAlgorithm.ES256,
            claims(TOKEN).build())))));
    TestRequests.assertError(type.response, 400, "invalid_request", "client_assertion_type "
        + "must be " + ClientAssertions.TYPE + "; got x");
  }

  @Test void anAssertionBesideASecretIsCredentialsSentTwice() {
    String assertion = signed(Proofs.EC, JWSAlgorithm.ES256, claims(TOKEN).build());
    OAuthError basic = assertThrows(OAuthError.class, () -> auth.authenticate(TokenRequest.read(
        MockProvider.STANDARD, form("/standard/token", "client_assertion_type="
            + ClientAssertions.TYPE + "&client_assertion=" + assertion,
            "Authorization", basic(CLIENT, "standard-demo-secret")))));
    TestRequests.assertError(basic.response, 400, "invalid_request", "client credentials were "
        + "sent twice, in the HTTP Basic header and in the request; use one method (RFC 6749 "
        + "§2.3)");
    OAuthError body = assertThrows(OAuthError.class, () -> authenticate(assertion,
        "client_id=" + CLIENT, "client_secret=standard-demo-secret"));
    TestRequests.assertError(body.response, 400, "invalid_request", "client credentials were "
        + "sent twice, as a client_assertion and a client_secret; use one method (RFC 6749 "
        + "§2.3)");
  }

  @Test void aProviderWithoutAssertionsRefusesThem() {
    OAuthError e = assertThrows(OAuthError.class, () -> auth.authenticate(TokenRequest.read(
        SECRETS_ONLY, form("/secrets/token", "client_assertion_type=" + ClientAssertions.TYPE
            + "&client_assertion=" + signed(Proofs.EC, JWSAlgorithm.ES256,
            claims(TOKEN).build())))));
    TestRequests.assertError(e.response, 401, "invalid_client", "secrets does not accept "
        + "private_key_jwt; send the client credentials in an HTTP Basic header or in the form "
        + "body (client_id, client_secret)");
    assertEquals(List.of(), ClientAssertions.algorithms(SECRETS_ONLY));
  }
}
