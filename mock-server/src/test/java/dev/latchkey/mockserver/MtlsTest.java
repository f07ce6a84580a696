package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.Http.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Mutual TLS (RFC 8705): client authentication by certificate and certificate-bound tokens. */
class MtlsTest {
  static final HeldCertificate SERVER_CA = new HeldCertificate.Builder()
      .commonName("mock server CA").certificateAuthority(0).build();
  static final HeldCertificate SERVER = new HeldCertificate.Builder()
      .addSubjectAlternativeName("127.0.0.1").commonName("127.0.0.1").signedBy(SERVER_CA)
      .build();
  static final HeldCertificate CLIENT_CA = new HeldCertificate.Builder()
      .commonName("client CA").certificateAuthority(0).build();
  static final HeldCertificate APP = new HeldCertificate.Builder()
      .commonName("standard-demo-client").organizationalUnit("apps").signedBy(CLIENT_CA)
      .build();
  static final HeldCertificate SELF_SIGNED = new HeldCertificate.Builder()
      .commonName("self-signed app").build();
  static final HeldCertificate STRANGER = new HeldCertificate.Builder()
      .commonName("standard-demo-client").organizationalUnit("apps").build();
  static final String CLIENT = "standard-demo-client";

  @RegisterExtension static MockAuthServerExtension mock = new MockAuthServerExtension(
      MockAuthServer.builder().mutualTls(keyStore(), "pw".toCharArray(),
          CLIENT_CA.certificate()));

  static KeyStore keyStore() {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("server", SERVER.keyPair().getPrivate(), "pw".toCharArray(),
          new Certificate[] {SERVER.certificate(), SERVER_CA.certificate()});
      return ks;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** An OkHttp client that trusts the server's CA and presents {@code held}, or no certificate. */
  static OkHttpClient client(HeldCertificate held) {
    HandshakeCertificates.Builder b = new HandshakeCertificates.Builder()
        .addTrustedCertificate(SERVER_CA.certificate());
    if (held != null) b.heldCertificate(held, held == APP ? new java.security.cert.X509Certificate[]
        {CLIENT_CA.certificate()} : new java.security.cert.X509Certificate[0]);
    HandshakeCertificates certificates = b.build();
    return new OkHttpClient.Builder().followRedirects(false).retryOnConnectionFailure(false)
        .callTimeout(20, TimeUnit.SECONDS)
        .sslSocketFactory(certificates.sslSocketFactory(), certificates.trustManager()).build();
  }

  static Http.Result call(OkHttpClient client, Request request) {
    try (Response response = client.newCall(request).execute()) {
      return new Http.Result(response.code(), response.headers(), response.body().string());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterEach void reset() {
    mock.server().reset();
  }

  HttpUrl mtls(String path) {
    return HttpUrl.get(mock.server().mtlsUrl().toString() + "standard/" + path);
  }

  Http.Result token(HeldCertificate held, String... pairs) {
    return call(client(held), new Request.Builder().url(mtls("token"))
        .post(Http.formBody(pairs)).build());
  }

  @Test void tlsClientAuthAcceptsACertificateFromTheTrustedCaWithTheRegisteredSubject() {
    mock.server().client(MockProvider.STANDARD, CLIENT)
        .tlsClientAuthSubjectDn("CN=standard-demo-client,OU=apps");
    Http.Result ok = token(APP, "grant_type", "client_credentials", "client_id", CLIENT);
    assertEquals(200, ok.code, ok.body);

    assertError(token(STRANGER, "grant_type", "client_credentials", "client_id", CLIENT), 401,
        "invalid_client", "the client certificate does not chain to a CA the server trusts, or "
        + "is not valid now (tls_client_auth, RFC 8705 §2.1)");
    mock.server().client(MockProvider.STANDARD, CLIENT).tlsClientAuthSubjectDn("CN=other");
    assertError(token(APP, "grant_type", "client_credentials", "client_id", CLIENT), 401,
        "invalid_client", "the client certificate's subject CN=standard-demo-client,OU=apps is "
        + "not the one registered for client " + CLIENT + ": CN=other");
  }

  @Test void selfSignedTlsClientAuthAcceptsOnlyTheRegisteredCertificate() {
    mock.server().client(MockProvider.STANDARD, CLIENT)
        .tlsClientCertificate(SELF_SIGNED.certificate());
    assertEquals(200, token(SELF_SIGNED, "grant_type", "client_credentials", "client_id",
        CLIENT).code);
    assertError(token(STRANGER, "grant_type", "client_credentials", "client_id", CLIENT), 401,
        "invalid_client", "the client certificate is not one registered for client " + CLIENT
        + " (self_signed_tls_client_auth, RFC 8705 §2.2)");
  }

  @Test void aClientWithoutACertificateRegistrationStillNeedsItsSecret() {
    assertError(token(SELF_SIGNED, "grant_type", "client_credentials", "client_id", CLIENT),
        401, "invalid_client", "client_secret is missing for client " + CLIENT + "; send it in "
        + "an HTTP Basic header or in the form body (client_id, client_secret), or as a "
        + "client_assertion (private_key_jwt or client_secret_jwt, RFC 7523 §2.2)");
  }

  @Test void aTokenFromMutualTlsIsBoundToTheCertificate() {
    Http.Result token = call(client(SELF_SIGNED), new Request.Builder().url(mtls("token"))
        .header("Authorization", Http.basic(CLIENT, "standard-demo-secret"))
        .post(Http.formBody("grant_type", "client_credentials")).build());
    assertEquals(200, token.code, token.body);
    assertEquals("Bearer", token.string("token_type"));
    String access = token.string("access_token");
    assertNotNull(mock.server().state().token(access).cnf.x5tS256);
    Request userinfo = new Request.Builder().url(mtls("userinfo"))
        .header("Authorization", "Bearer " + access).build();
    assertEquals(200, call(client(SELF_SIGNED), userinfo).code);
    assertError(call(client(STRANGER), userinfo), 401, "invalid_token", "the access token is "
        + "bound to a client certificate; call over mutual TLS with that certificate "
        + "(RFC 8705 §3)");
    assertEquals(401, Http.get(Http.url(mock.server().baseUrl(MockProvider.STANDARD))
        .resolve("userinfo"), "Bearer " + access).code);
  }

  @Test void metadataListsTheMutualTlsAliases() {
    @SuppressWarnings("unchecked")
    Map<String, Object> m = Http.get(Http.url(mock.server().baseUrl(MockProvider.STANDARD))
        .resolve(".well-known/oauth-authorization-server")).json();
    Map<String, Object> aliases = (Map<String, Object>) m.get("mtls_endpoint_aliases");
    assertEquals(mtls("token").toString(), aliases.get("token_endpoint"));
    assertEquals(mtls("userinfo").toString(), aliases.get("userinfo_endpoint"));
    assertEquals(mtls("par").toString(), aliases.get("pushed_authorization_request_endpoint"));
    assertEquals(true, m.get("tls_client_certificate_bound_access_tokens"));
    List<?> methods = (List<?>) m.get("token_endpoint_auth_methods_supported");
    assertEquals(List.of("tls_client_auth", "self_signed_tls_client_auth"),
        methods.subList(4, 6));
  }
}
