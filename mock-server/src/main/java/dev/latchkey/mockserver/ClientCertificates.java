package dev.latchkey.mockserver;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import mockwebserver3.RecordedRequest;

/** The client certificate of a mutual TLS request, and what RFC 8705 asks of it. */
final class ClientCertificates {
  private ClientCertificates() {
  }

  /** {@return the chain the client presented, leaf first; empty without TLS or a certificate} */
  static List<X509Certificate> chain(RecordedRequest request) {
    if (request.getHandshake() == null) return List.of();
    List<X509Certificate> chain = new ArrayList<>();
    for (java.security.cert.Certificate c : request.getHandshake().peerCertificates()) {
      if (c instanceof X509Certificate) chain.add((X509Certificate) c);
    }
    return chain;
  }

  /** {@return the leaf's SHA-256 thumbprint, base64url: {@code x5t#S256} (RFC 8705 §3.1)} */
  static String thumbprint(X509Certificate certificate) {
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@return the thumbprint of the request's client certificate, or null if it has none} */
  static String thumbprint(RecordedRequest request) {
    List<X509Certificate> chain = chain(request);
    return chain.isEmpty() ? null : thumbprint(chain.get(0));
  }

  /** {@return whether {@code chain} is valid now and issued under one of {@code cas}} */
  static boolean trusted(List<X509Certificate> chain, List<X509Certificate> cas,
      java.time.Instant now) {
    if (cas.isEmpty()) return false;
    try {
      Set<TrustAnchor> anchors = new HashSet<>();
      for (X509Certificate ca : cas) anchors.add(new TrustAnchor(ca, null));
      PKIXParameters params = new PKIXParameters(anchors);
      params.setRevocationEnabled(false);
      params.setDate(java.util.Date.from(now));
      List<X509Certificate> path = new ArrayList<>(chain);
      path.removeIf(c -> cas.contains(c));
      CertPathValidator.getInstance("PKIX").validate(
          CertificateFactory.getInstance("X.509").generateCertPath(path), params);
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** {@return whether {@code certificate} is one of {@code registered}, byte for byte} */
  static boolean registered(X509Certificate certificate, List<X509Certificate> registered) {
    try {
      for (X509Certificate r : registered) {
        if (Arrays.equals(r.getEncoded(), certificate.getEncoded())) return true;
      }
      return false;
    } catch (java.security.cert.CertificateEncodingException e) {
      return false;
    }
  }
}
