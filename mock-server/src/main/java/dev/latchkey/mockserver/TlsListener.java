package dev.latchkey.mockserver;

import java.io.IOException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockWebServer;

/**
 * The optional HTTPS listener for mutual TLS (RFC 8705): the same endpoints as the plain one,
 * asking every client for a certificate. The handshake takes any certificate, self-signed ones
 * too; which one authenticates which client is decided per request by
 * {@link TlsClientAuthenticator}, against the client's registration and {@link #clientCas}.
 */
final class TlsListener {
  private final KeyStore keyStore;
  private final char[] password;
  final List<X509Certificate> clientCas;
  private final MockWebServer web = new MockWebServer();

  TlsListener(KeyStore keyStore, char[] password, List<X509Certificate> clientCas) {
    this.keyStore = keyStore;
    this.password = password.clone();
    this.clientCas = List.copyOf(clientCas);
  }

  /** {@return the port it listens on} */
  int start(Dispatcher dispatcher) throws IOException {
    SSLContext context;
    try {
      KeyManagerFactory keys = KeyManagerFactory.getInstance(
          KeyManagerFactory.getDefaultAlgorithm());
      keys.init(keyStore, password);
      context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), new TrustManager[] {new AnyClientCertificate()}, null);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS with the given key store: " + e.getMessage(), e);
    }
    web.useHttps(context.getSocketFactory());
    web.requestClientAuth();
    web.setDispatcher(new Dispatcher() {
      @Override public mockwebserver3.MockResponse dispatch(mockwebserver3.RecordedRequest request)
          throws InterruptedException {
        // As on the plain listener: the journal keeps requests, so drain MockWebServer's queue.
        web.takeRequest(0, java.util.concurrent.TimeUnit.NANOSECONDS);
        return dispatcher.dispatch(request);
      }
    });
    web.setBodyLimit(Wire.MAX_BODY);
    web.start(InetAddress.getByName("127.0.0.1"), 0);
    return web.getPort();
  }

  void close() {
    web.close();
  }

  /** Accepts every client chain at the handshake; the request is judged afterwards. */
  private static final class AnyClientCertificate implements X509TrustManager {
    @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {
    }

    @Override public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws java.security.cert.CertificateException {
      throw new java.security.cert.CertificateException("the mock server makes no TLS calls");
    }

    @Override public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
