package dev.latchkey.mockserver;

import com.nimbusds.jose.jwk.JWK;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A client's switches for the extensions, as {@link ClientSettings} sets them. Immutable; each
 * {@code with} returns a changed copy.
 *
 * @param keys public keys its {@code private_key_jwt} assertions may be signed with
 * @param dpopBound whether its token requests must carry DPoP proofs
 * @param requirePar whether it may only push authorization requests; null: the provider's rule
 * @param exchangeAudiences audiences and resources it may exchange tokens for; null for any
 * @param tlsSubjectDn the subject DN of its certificate for {@code tls_client_auth}, or null
 * @param tlsCertificates its certificates for {@code self_signed_tls_client_auth}
 */
record ClientOptions(List<JWK> keys, boolean dpopBound, Boolean requirePar,
    Set<String> exchangeAudiences, String tlsSubjectDn, List<X509Certificate> tlsCertificates) {
  static final ClientOptions NONE = new ClientOptions(List.of(), false, null, null, null,
      List.of());

  ClientOptions {
    keys = List.copyOf(keys);
    exchangeAudiences = exchangeAudiences == null ? null : Set.copyOf(exchangeAudiences);
    tlsCertificates = List.copyOf(tlsCertificates);
  }

  ClientOptions withKey(JWK key) {
    List<JWK> more = new ArrayList<>(keys);
    more.add(key);
    return new ClientOptions(more, dpopBound, requirePar, exchangeAudiences, tlsSubjectDn,
        tlsCertificates);
  }

  ClientOptions withDpopBound(boolean bound) {
    return new ClientOptions(keys, bound, requirePar, exchangeAudiences, tlsSubjectDn,
        tlsCertificates);
  }

  ClientOptions withRequirePar(Boolean required) {
    return new ClientOptions(keys, dpopBound, required, exchangeAudiences, tlsSubjectDn,
        tlsCertificates);
  }

  ClientOptions withExchangeAudiences(Set<String> audiences) {
    return new ClientOptions(keys, dpopBound, requirePar, audiences, tlsSubjectDn,
        tlsCertificates);
  }

  ClientOptions withTlsSubjectDn(String dn) {
    return new ClientOptions(keys, dpopBound, requirePar, exchangeAudiences, dn,
        tlsCertificates);
  }

  ClientOptions withTlsCertificate(X509Certificate certificate) {
    List<X509Certificate> more = new ArrayList<>(tlsCertificates);
    more.add(certificate);
    return new ClientOptions(keys, dpopBound, requirePar, exchangeAudiences, tlsSubjectDn, more);
  }
}
