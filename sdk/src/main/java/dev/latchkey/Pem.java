package dev.latchkey;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads PEM text (RFC 7468): unencrypted PKCS#8 private keys and X.509 certificates. */
final class Pem {
  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

  private Pem() {
  }

  /**
   * Reads the one private key in {@code pem}: PKCS#8 ({@code BEGIN PRIVATE KEY}), RSA or EC.
   *
   * @param what names the source in messages, such as a file name; never the key
   * @throws IllegalArgumentException saying what the text is and how to convert it
   */
  static PrivateKey privateKey(String pem, String what) {
    Matcher block = BLOCK.matcher(pem);
    if (!block.find()) {
      throw new IllegalArgumentException(what + " is not PEM: expected a \"-----BEGIN PRIVATE"
          + " KEY-----\" block (PKCS#8)");
    }
    String label = block.group(1);
    if (label.equals("ENCRYPTED PRIVATE KEY")) {
      throw new IllegalArgumentException(what + " holds an encrypted private key; Latchkey reads"
          + " unencrypted PKCS#8. Decrypt it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out"
          + " key.pem, and protect the file with its permissions (chmod 600)");
    }
    if (label.equals("RSA PRIVATE KEY") || label.equals("EC PRIVATE KEY")) {
      throw new IllegalArgumentException(what + " holds an " + label + " (PKCS#1 or SEC 1), not"
          + " PKCS#8; convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem");
    }
    if (!label.equals("PRIVATE KEY")) {
      throw new IllegalArgumentException(what + " holds a \"" + label + "\" block, not a"
          + " PKCS#8 private key (\"-----BEGIN PRIVATE KEY-----\")");
    }
    byte[] der = decode(block.group(2), what);
    for (String algorithm : new String[] {"RSA", "EC"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // Try the next key type.
      }
    }
    throw new IllegalArgumentException(what + " holds a PKCS#8 key that is neither RSA nor EC");
  }

  /**
   * Reads every certificate in {@code pem}, the leaf first.
   *
   * @throws IllegalArgumentException if there is none or one is malformed
   */
  static List<X509Certificate> certificates(String pem, String what) {
    List<X509Certificate> certificates = new ArrayList<>();
    Matcher block = BLOCK.matcher(pem);
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      while (block.find()) {
        if (!block.group(1).equals("CERTIFICATE")) {
          continue;
        }
        certificates.add((X509Certificate) factory.generateCertificate(
            new ByteArrayInputStream(decode(block.group(2), what))));
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException(what + " holds a malformed X.509 certificate");
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException(what + " holds no \"-----BEGIN CERTIFICATE-----\" block");
    }
    return certificates;
  }

  private static byte[] decode(String base64, String what) {
    try {
      return Base64.getMimeDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " has a PEM block that is not base64");
    }
  }
}
