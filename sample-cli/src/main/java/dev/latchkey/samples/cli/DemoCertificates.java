package dev.latchkey.samples.cli;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import okhttp3.tls.HeldCertificate;

/**
 * The certificates of {@code demo}'s mutual TLS row, made fresh for each run and kept in memory
 * only: the embedded mock server's for 127.0.0.1, and a self-signed client certificate that the
 * demo registers for {@code self_signed_tls_client_auth} (RFC 8705 §2.2).
 */
final class DemoCertificates {
  static final char[] PASSWORD = "demo".toCharArray();

  final HeldCertificate server = new HeldCertificate.Builder()
      .commonName("127.0.0.1").addSubjectAlternativeName("127.0.0.1").build();
  final HeldCertificate client = new HeldCertificate.Builder()
      .commonName("standard-demo-client").organizationalUnit("latchkey demo").build();

  /** {@return the server's certificate and key, as {@code MockAuthServer.Builder.mutualTls} takes them} */
  KeyStore serverKeyStore() throws GeneralSecurityException, java.io.IOException {
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    keyStore.load(null, null);
    keyStore.setKeyEntry("server", server.keyPair().getPrivate(), PASSWORD,
        new Certificate[] {server.certificate()});
    return keyStore;
  }
}
