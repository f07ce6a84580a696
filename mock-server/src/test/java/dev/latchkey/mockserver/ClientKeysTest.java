package dev.latchkey.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.Base64;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;

/** Client public keys as JWK, PEM public key or PEM certificate. */
class ClientKeysTest {
  static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }

  @Test void readsAJwkAPemPublicKeyAndACertificate() throws Exception {
    JWK jwk = ClientKeys.parse(Proofs.EC.toPublicJWK().toJSONString());
    assertEquals(Proofs.EC.getKeyID(), jwk.getKeyID());
    JWK rsa = ClientKeys.parse(pem("PUBLIC KEY", Proofs.RSA.toPublicKey().getEncoded()));
    assertEquals(Proofs.RSA.toPublicKey(), ((RSAKey) rsa).toPublicKey());
    JWK ec = ClientKeys.parse(pem("PUBLIC KEY", Proofs.EC.toPublicKey().getEncoded()));
    assertEquals(Proofs.EC.toPublicKey(), ((ECKey) ec).toPublicKey());
    HeldCertificate held = new HeldCertificate.Builder().commonName("app").rsa2048().build();
    String certificate = pem("CERTIFICATE", held.certificate().getEncoded());
    assertEquals(held.keyPair().getPublic(), ((RSAKey) ClientKeys.parse(certificate))
        .toPublicKey());
    assertEquals(held.certificate(), ClientKeys.certificate(certificate));
  }

  @Test void refusesPrivateKeysOtherCurvesAndOtherText() throws Exception {
    assertEquals("the JWK holds a private key; register the public key only",
        assertThrows(IllegalArgumentException.class,
            () -> ClientKeys.parse(Proofs.EC.toJSONString())).getMessage());
    ECKey p384 = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(
        com.nimbusds.jose.jwk.Curve.P_384).generate();
    assertEquals("a client key is RSA or EC P-256; got EC", assertThrows(
        IllegalArgumentException.class,
        () -> ClientKeys.parse(p384.toPublicJWK().toJSONString())).getMessage());
    assertEquals("a client key is a public JWK (JSON), a PEM \"-----BEGIN PUBLIC KEY-----\" or "
        + "a PEM certificate", assertThrows(IllegalArgumentException.class,
        () -> ClientKeys.parse("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"))
        .getMessage());
  }
}
