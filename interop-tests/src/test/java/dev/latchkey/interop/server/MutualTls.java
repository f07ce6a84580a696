package dev.latchkey.interop.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

/**
 * An HTTPS listener on the interop server that asks for a client certificate (RFC 8705's
 * {@code tls_client_auth}), and the client's side of it: a client certificate with subject
 * {@link #CLIENT_SUBJECT} issued by a test CA that the listener trusts, and a trust manager for
 * the server's self-signed certificate. The keys are made with the JDK's {@code keytool} when a
 * test first asks.
 */
public final class MutualTls {
  /** The subject of the client certificate, as {@link InteropClients#TLS_CLIENT_AUTH} is registered. */
  public static final String CLIENT_SUBJECT = "CN=tls-client";
  private static final char[] PASSWORD = "interop".toCharArray();

  private final KeyStore serverKeys;
  private final KeyStore clientKeys;
  private final Connector connector;

  private MutualTls(KeyStore serverKeys, KeyStore clientKeys, Connector connector) {
    this.serverKeys = serverKeys;
    this.clientKeys = clientKeys;
    this.connector = connector;
  }

  /** Makes the keys and adds a started HTTPS connector to {@code service}'s Tomcat. */
  static MutualTls start(org.apache.catalina.Service service) throws Exception {
    Path dir = Files.createTempDirectory("latchkey-interop-tls"); // owner-only on POSIX
    try {
      KeyStore serverKeys = generate(dir, "server", "CN=127.0.0.1", "san=ip:127.0.0.1");
      KeyStore authority = generate(dir, "ca", "CN=Latchkey Interop Test CA", "bc:c");
      KeyStore clientKeys = generate(dir, "client", CLIENT_SUBJECT, null);
      // SAS takes a single certificate for self_signed_tls_client_auth and a chain for
      // tls_client_auth (RFC 8705 §2.1), so the client's certificate is issued by a CA.
      keytool("-certreq", "-alias", "client", "-keystore", dir.resolve("client.p12").toString(),
          "-file", dir.resolve("client.csr").toString());
      keytool("-gencert", "-alias", "ca", "-keystore", dir.resolve("ca.p12").toString(),
          "-infile", dir.resolve("client.csr").toString(),
          "-outfile", dir.resolve("client.cer").toString());
      Certificate issued;
      try (InputStream in = Files.newInputStream(dir.resolve("client.cer"))) {
        issued = CertificateFactory.getInstance("X.509").generateCertificate(in);
      }
      Certificate caCertificate = authority.getCertificate("ca");
      clientKeys.setKeyEntry("client", clientKeys.getKey("client", PASSWORD), PASSWORD,
          new Certificate[] {issued, caCertificate});
      KeyStore trusted = emptyStore();
      trusted.setCertificateEntry("ca", caCertificate);

      SSLHostConfig ssl = new SSLHostConfig();
      ssl.setCertificateVerification("optional"); // ask for a certificate, SAS judges it
      ssl.setTrustStore(trusted);
      SSLHostConfigCertificate certificate =
          new SSLHostConfigCertificate(ssl, SSLHostConfigCertificate.Type.UNDEFINED);
      certificate.setCertificateKeystore(serverKeys);
      certificate.setCertificateKeystorePassword(new String(PASSWORD));
      certificate.setCertificateKeyAlias("server");
      ssl.addCertificate(certificate);
      Connector connector = new Connector("org.apache.coyote.http11.Http11NioProtocol");
      connector.setPort(0);
      connector.setScheme("https");
      connector.setSecure(true);
      connector.setProperty("address", "127.0.0.1");
      connector.setProperty("SSLEnabled", "true");
      connector.addSslHostConfig(ssl);
      service.addConnector(connector); // the service is running: this starts the connector
      return new MutualTls(serverKeys, clientKeys, connector);
    } finally {
      try (var files = Files.list(dir)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(dir);
    }
  }

  /**
   * Returns the URL of a path on the HTTPS listener; the issuer SAS derives there is {@code
   * https://127.0.0.1:<port>}.
   *
   * @param path a path starting with {@code /}
   * @return the URL
   */
  public String url(String path) {
    return "https://127.0.0.1:" + connector.getLocalPort() + path;
  }

  /**
   * Returns the client's certificate.
   *
   * @return the certificate with subject {@link #CLIENT_SUBJECT}
   */
  public X509Certificate clientCertificate() {
    try {
      return (X509Certificate) clientKeys.getCertificate("client");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Returns a TLS context that presents the client certificate (or none) and trusts the server.
   *
   * @param withClientCertificate whether to present the client certificate
   * @return the context, for {@code OkHttpClient.Builder.sslSocketFactory}
   */
  public SSLContext clientContext(boolean withClientCertificate) {
    try {
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(withClientCertificate ? clientKeys : emptyStore(), PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), new javax.net.ssl.TrustManager[] {trustManager()}, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Returns a trust manager that trusts the server's self-signed certificate only.
   *
   * @return the trust manager
   */
  public X509TrustManager trustManager() {
    try {
      KeyStore trusted = emptyStore();
      trusted.setCertificateEntry("server", serverKeys.getCertificate("server"));
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trusted);
      return (X509TrustManager) factory.getTrustManagers()[0];
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyStore generate(Path dir, String alias, String subject, String extension)
      throws Exception {
    Path file = dir.resolve(alias + ".p12");
    List<String> arguments = new ArrayList<>(List.of("-genkeypair", "-alias", alias,
        "-keyalg", "EC", "-groupname", "secp256r1", "-dname", subject, "-validity", "2",
        "-storetype", "PKCS12", "-keystore", file.toString()));
    if (extension != null) {
      arguments.addAll(List.of("-ext", extension));
    }
    keytool(arguments.toArray(new String[0]));
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, PASSWORD);
    }
    return store;
  }

  private static void keytool(String... arguments) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(arguments));
    command.addAll(List.of("-storepass", new String(PASSWORD)));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output);
    }
  }

  private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    return store;
  }
}
