package dev.latchkey.interop.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.Map;

/**
 * The keys of the fixture, made once per test JVM: the authorization server's signing key, and
 * the key pair of each client that authenticates with {@code private_key_jwt} (RFC 7523 §2.2),
 * whose public half the fixture publishes at {@code /test/jwks/<client id>} for SAS to fetch.
 */
public final class InteropKeys {
  static final RSAKey SERVER_KEY = generate("sas-signing");
  private static final Map<String, RSAKey> CLIENT_KEYS = Map.of(
      InteropClients.PRIVATE_KEY_JWT, generate(InteropClients.PRIVATE_KEY_JWT + "-key"),
      InteropClients.PRIVATE_KEY_JWT_WEB, generate(InteropClients.PRIVATE_KEY_JWT_WEB + "-key"));

  private InteropKeys() {
  }

  /**
   * Returns the key pair (private half included) a client signs its assertions with.
   *
   * @param clientId a client registered with {@code private_key_jwt}
   * @return the key pair, or null for another client
   */
  public static RSAKey clientKey(String clientId) {
    return CLIENT_KEYS.get(clientId);
  }

  private static RSAKey generate(String keyId) {
    try {
      return new RSAKeyGenerator(2048).keyID(keyId).keyUse(KeyUse.SIGNATURE).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate an RSA key", e);
    }
  }
}
