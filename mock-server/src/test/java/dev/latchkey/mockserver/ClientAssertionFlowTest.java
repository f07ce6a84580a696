package dev.latchkey.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** private_key_jwt through the running server: a PEM key from the admin API, grants, revocation. */
class ClientAssertionFlowTest {
  static final ManualClock clock = new ManualClock(TestRequests.START);
  @RegisterExtension static MockAuthServerExtension mock =
      new MockAuthServerExtension(MockAuthServer.builder().clock(clock));
  static final String CLIENT = "standard-demo-client";

  @AfterEach void reset() {
    mock.server().reset();
  }

  HttpUrl url(String path) {
    return Http.url(mock.server().baseUrl(MockProvider.STANDARD)).resolve(path);
  }

  String assertion(String aud) {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(CLIENT).subject(CLIENT)
        .audience(aud).jwtID(UUID.randomUUID().toString())
        .expirationTime(Date.from(clock.instant().plusSeconds(60))).build();
    return Proofs.sign(Proofs.RSA, new JWSHeader(JWSAlgorithm.PS256), claims);
  }

  void registerPem() throws Exception {
    String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(
        Proofs.RSA.toPublicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    Http.Result r = Http.json(Http.url(mock.server().url()).resolve("__admin/clients/settings"),
        Wire.toJson(Map.of("provider", "standard", "client_id", CLIENT, "keys", List.of(pem))));
    assertEquals(200, r.code, r.body);
    assertEquals(1, ((List<?>) r.json().get("keys")).size());
  }

  @Test void aClientWithARegisteredPemKeyGetsTokensAndRevokesWithAssertions() throws Exception {
    registerPem();
    String issuer = Http.url(mock.server().url()) + "standard";
    Http.Result token = Http.form(url("token"), "grant_type", "client_credentials",
        "client_assertion_type", ClientAssertions.TYPE, "client_assertion", assertion(issuer));
    assertEquals(200, token.code, token.body);
    String access = token.string("access_token");

    Http.Result revoke = Http.form(url("revoke"), "token", access,
        "client_assertion_type", ClientAssertions.TYPE,
        "client_assertion", assertion(url("revoke").toString()));
    assertEquals(200, revoke.code, revoke.body);
    assertTrue(mock.server().state().token(access).isRevoked());
  }

  @Test void theCodeGrantTakesAnAssertionToo() throws Exception {
    registerPem();
    String code = Http.authorize(mock.server(), "standard", "authorize", CLIENT,
        "http://127.0.0.1:9000/cb");
    Http.Result token = Http.form(url("token"), "grant_type", "authorization_code",
        "code", code, "redirect_uri", "http://127.0.0.1:9000/cb",
        "client_assertion_type", ClientAssertions.TYPE,
        "client_assertion", assertion(url("token").toString()));
    assertEquals(200, token.code, token.body);
  }

  @Test void withoutARegisteredKeyTheAssertionIsInvalidClient() {
    Http.Result token = Http.form(url("token"), "grant_type", "client_credentials",
        "client_assertion_type", ClientAssertions.TYPE,
        "client_assertion", assertion(url("token").toString()));
    assertEquals(401, token.code);
    assertEquals("invalid_client", token.string("error"));
    assertEquals("Basic realm=\"standard\"", token.header("WWW-Authenticate"));
  }
}
