package dev.latchkey;

import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * Sets up an {@link OkHttpClient} for mutual TLS (RFC 8705) from PEM text: the client
 * certificate it presents, and optionally the CA it trusts servers by. Use the result as the
 * {@link OAuth2Client.Builder#httpClient client's HTTP client}, with
 * {@link Dialect.ClientAuthentication#TLS_CLIENT_AUTH} or
 * {@link Dialect.ClientAuthentication#SELF_SIGNED_TLS_CLIENT_AUTH}; certificate-bound tokens
 * (RFC 8705 §3) then work for API calls made through {@link TokenSession#authorize} with that
 * same client.
 *
 * <pre>{@code
 * OkHttpClient http = MutualTls.configure(new OkHttpClient.Builder(),
 *     Files.readString(certificate), Files.readString(key), null).build();
 * }</pre>
 *
 * An app whose certificate lives in a key store (Android's, a PKCS#11 token) sets the
 * {@code sslSocketFactory} on its own client instead; nothing else is needed.
 */
public final class MutualTls {
  /** Protects the key only inside this in-memory key store, never on disk. */
  private static final char[] IN_MEMORY = "latchkey".toCharArray();

  private MutualTls() {
  }

  /**
   * Configures {@code builder}'s TLS: presents the client certificate (when given) and trusts
   * {@code trustedCaPem}'s certificates, or the platform's when null. With a CA given, only that
   * CA is trusted, as for a test or private CA.
   *
   * @param builder the builder to configure
   * @param certificateChainPem the client certificate, then any intermediates; or null for none
   * @param privateKeyPem the certificate's unencrypted PKCS#8 private key; null when no
   *     certificate
   * @param trustedCaPem CA certificates to trust servers by, or null for the platform's
   * @return {@code builder}
   * @throws IllegalArgumentException if the PEM text is not what it should be, or the
   *     certificate does not match the key
   */
  public static OkHttpClient.Builder configure(OkHttpClient.Builder builder,
      String certificateChainPem, String privateKeyPem, String trustedCaPem) {
    requireNonNull(builder, "builder == null");
    if ((certificateChainPem == null) != (privateKeyPem == null)) {
      throw new IllegalArgumentException("A client certificate needs its private key, and a"
          + " key its certificate; pass both or neither");
    }
    try {
      KeyManager[] keyManagers = null;
      if (certificateChainPem != null) {
        PrivateKey key = Pem.privateKey(privateKeyPem, "The client key");
        List<X509Certificate> chain = Pem.certificates(certificateChainPem,
            "The client certificate");
        requireMatch(chain.get(0), key);
        KeyStore keys = emptyKeyStore();
        keys.setKeyEntry("client", key, IN_MEMORY, chain.toArray(new X509Certificate[0]));
        KeyManagerFactory factory =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, IN_MEMORY);
        keyManagers = factory.getKeyManagers();
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (trustedCaPem == null) {
        trust.init((KeyStore) null);
      } else {
        KeyStore cas = emptyKeyStore();
        int i = 0;
        for (X509Certificate ca : Pem.certificates(trustedCaPem, "The CA certificate")) {
          cas.setCertificateEntry("ca-" + i++, ca);
        }
        trust.init(cas);
      }
      X509TrustManager trustManager = null;
      for (TrustManager manager : trust.getTrustManagers()) {
        if (manager instanceof X509TrustManager) {
          trustManager = (X509TrustManager) manager;
        }
      }
      if (trustManager == null) {
        throw new IllegalStateException("latchkey: the platform has no X.509 trust manager");
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers, new TrustManager[] {trustManager}, null);
      return builder.sslSocketFactory(context.getSocketFactory(), trustManager);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("latchkey: cannot set up TLS with the given certificate ("
          + e.getClass().getSimpleName() + ")", e);
    }
  }

  private static KeyStore emptyKeyStore() throws GeneralSecurityException, java.io.IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    return store;
  }

  /** Signs with the key and verifies with the certificate: works for RSA and EC alike. */
  private static void requireMatch(X509Certificate certificate, PrivateKey key) {
    PublicKey publicKey = certificate.getPublicKey();
    boolean matches = false;
    if (publicKey.getAlgorithm().equals(key.getAlgorithm())) {
      String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
      byte[] probe = Secrets.randomUrlSafe(32).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      try {
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(publicKey);
        verifier.update(probe);
        matches = verifier.verify(signature);
      } catch (GeneralSecurityException e) {
        matches = false;
      }
    }
    if (!matches) {
      throw new IllegalArgumentException("The client certificate (" + certificate
          .getSubjectX500Principal().getName() + ") does not match the client key; pass the key"
          + " the certificate was issued for");
    }
  }
}
