package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.Http.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.nimbusds.jose.jwk.JWK;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** DPoP at the PAR and authorization endpoints: the code bound to a key (RFC 9449 §10). */
class DpopParTest {
  static final ManualClock clock = new ManualClock(TestRequests.START);
  static final MockProvider PLAIN = MockProvider.STANDARD.newBuilder().id("plain")
      .tokenPresentation(MockProvider.TokenPresentation.BEARER).build();
  @RegisterExtension static MockAuthServerExtension mock =
      new MockAuthServerExtension(MockAuthServer.builder().clock(clock).provider(PLAIN));
  static final String REDIRECT = "http://127.0.0.1:9000/cb";

  @AfterEach void reset() {
    mock.server().reset();
  }

  HttpUrl url(MockProvider p, String path) {
    return Http.url(mock.server().baseUrl(p)).resolve(path);
  }

  /** POSTs a form with the demo client's Basic credentials and, unless null, a DPoP proof. */
  Http.Result post(MockProvider p, String path, JWK key, String... pairs) {
    DemoClient demo = mock.server().demoClient(p);
    Request.Builder b = new Request.Builder().url(url(p, path))
        .header("Authorization", Http.basic(demo.clientId(), demo.clientSecret()))
        .post(Http.formBody(pairs));
    if (key != null) {
      b.header("DPoP", Proofs.dpop(key, "POST", url(p, path).toString(), clock.instant()));
    }
    return Http.execute(b.build());
  }

  Http.Result push(MockProvider p, JWK key, String... extra) {
    List<String> pairs = new ArrayList<>(List.of("response_type", "code", "redirect_uri",
        REDIRECT));
    pairs.addAll(List.of(extra));
    return post(p, "par", key, pairs.toArray(new String[0]));
  }

  /** {@return the code the pushed request gets on approval} */
  String code(MockProvider p, Http.Result pushed) {
    assertEquals(201, pushed.code, pushed.body);
    Http.Result redirect = Http.get(url(p, "authorize").newBuilder()
        .addQueryParameter("client_id", mock.server().demoClient(p).clientId())
        .addQueryParameter("request_uri", pushed.string("request_uri")).build());
    assertEquals(302, redirect.code, redirect.body);
    return redirect.location().queryParameter("code");
  }

  Http.Result exchange(MockProvider p, String code, JWK key) {
    return post(p, "token", key, "grant_type", "authorization_code", "code", code,
        "redirect_uri", REDIRECT);
  }

  @Test void aProofAtParBindsTheCodeToItsKey() {
    String code = code(MockProvider.STANDARD, push(MockProvider.STANDARD, Proofs.EC));
    assertError(exchange(MockProvider.STANDARD, code, null), 400, "invalid_dpop_proof",
        "the authorization code is bound to a DPoP key (dpop_jkt, RFC 9449 §10); send a DPoP "
        + "proof of that key");
    assertError(exchange(MockProvider.STANDARD, code, Proofs.OTHER_EC), 400,
        "invalid_dpop_proof", "the DPoP proof's key is not the one the authorization code is "
        + "bound to (dpop_jkt, RFC 9449 §10)");
    Http.Result token = exchange(MockProvider.STANDARD, code, Proofs.EC);
    assertEquals(200, token.code, token.body);
    assertEquals("DPoP", token.string("token_type"));
  }

  @Test void dpopJktAtParBindsTheCodeWithoutAProof() {
    String code = code(MockProvider.STANDARD, push(MockProvider.STANDARD, null,
        "dpop_jkt", Proofs.thumbprint(Proofs.RSA)));
    assertError(exchange(MockProvider.STANDARD, code, Proofs.EC), 400, "invalid_dpop_proof",
        "the DPoP proof's key is not the one the authorization code is bound to (dpop_jkt, "
        + "RFC 9449 §10)");
    assertEquals(200, exchange(MockProvider.STANDARD, code, Proofs.RSA).code);
  }

  @Test void aProofAndDpopJktMustNameOneKey() {
    assertEquals(201, push(MockProvider.STANDARD, Proofs.EC, "dpop_jkt",
        Proofs.thumbprint(Proofs.EC)).code);
    assertError(push(MockProvider.STANDARD, Proofs.EC, "dpop_jkt",
        Proofs.thumbprint(Proofs.OTHER_EC)), 400, "invalid_dpop_proof", "dpop_jkt is not the "
        + "thumbprint of the DPoP proof's key; send one key's (RFC 9449 §10.1)");
  }

  @Test void aBadProofOrDpopJktAtParIsRefused() {
    DemoClient demo = mock.server().demoClient(MockProvider.STANDARD);
    Http.Result wrongUrl = Http.execute(new Request.Builder().url(url(MockProvider.STANDARD,
        "par")).header("Authorization", Http.basic(demo.clientId(), demo.clientSecret()))
        .header("DPoP", Proofs.dpop(Proofs.EC, "POST",
            url(MockProvider.STANDARD, "token").toString(), clock.instant()))
        .post(Http.formBody("response_type", "code", "redirect_uri", REDIRECT)).build());
    assertError(wrongUrl, 400, "invalid_dpop_proof", "the DPoP proof's htu is "
        + url(MockProvider.STANDARD, "token") + " but the request went to "
        + url(MockProvider.STANDARD, "par"));
    assertError(push(MockProvider.STANDARD, null, "dpop_jkt", "short"), 400, "invalid_request",
        "dpop_jkt must be the JWK SHA-256 thumbprint (RFC 7638) of the DPoP key, 43 base64url "
        + "characters (RFC 9449 §10)");
    mock.server().settings(MockProvider.STANDARD).dpopNonce(true);
    Http.Result noNonce = push(MockProvider.STANDARD, Proofs.EC);
    assertEquals(400, noNonce.code);
    assertEquals("use_dpop_nonce", noNonce.string("error"));
    assertNotNull(noNonce.header("DPoP-Nonce"));
  }

  @Test void dpopJktAtTheAuthorizationEndpointBindsTheCode() {
    Http.Result redirect = Http.get(url(MockProvider.STANDARD, "authorize").newBuilder()
        .addQueryParameter("response_type", "code")
        .addQueryParameter("client_id", "standard-demo-client")
        .addQueryParameter("redirect_uri", REDIRECT)
        .addQueryParameter("dpop_jkt", Proofs.thumbprint(Proofs.EC)).build());
    assertEquals(302, redirect.code, redirect.body);
    String code = redirect.location().queryParameter("code");
    assertError(exchange(MockProvider.STANDARD, code, null), 400, "invalid_dpop_proof",
        "the authorization code is bound to a DPoP key (dpop_jkt, RFC 9449 §10); send a DPoP "
        + "proof of that key");
    assertEquals(200, exchange(MockProvider.STANDARD, code, Proofs.EC).code);
  }

  @Test void aProviderWithoutDpopIgnoresProofAndDpopJkt() {
    String code = code(PLAIN, push(PLAIN, Proofs.EC, "dpop_jkt", "not-a-thumbprint"));
    Http.Result token = exchange(PLAIN, code, null);
    assertEquals(200, token.code, token.body);
    assertEquals("Bearer", token.string("token_type"), token.body);
  }
}
