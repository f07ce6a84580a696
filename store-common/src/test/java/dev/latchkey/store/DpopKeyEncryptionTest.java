package dev.latchkey.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.Token;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** A DPoP-bound token's private key (issue 16) is part of what encryption at rest covers. */
final class DpopKeyEncryptionTest {
  private static final TokenEncryption KEYS = TokenEncryption.builder()
      .currentKey("k1", new SecretKeySpec(new byte[32], "AES")).build();

  @Test
  void theDpopKeyIsEncryptedWithTheTokenAndComesBack() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = generator.generateKeyPair();
    Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
    String privateKey = base64url.encodeToString(keys.getPrivate().getEncoded());
    Token token = Token.fromJson("{\"access_token\":\"at\",\"token_type\":\"DPoP\","
        + "\"issued_at\":\"2030-01-01T00:00:00Z\",\"scope\":\"\",\"dpop_key\":{\"alg\":\"ES256\","
        + "\"private_pkcs8\":\"" + privateKey + "\",\"public_x509\":\""
        + base64url.encodeToString(keys.getPublic().getEncoded()) + "\"}}");
    assertTrue(token.isDpopBound());
    assertTrue(TokenCodec.plain().encode("alice", token).contains(privateKey));

    String sealed = TokenCodec.encrypted(KEYS).encode("alice", token);
    assertFalse(sealed.contains(privateKey), "the private key is not readable at rest");
    Token back = TokenCodec.encrypted(KEYS).decode("alice", sealed);
    assertEquals(token, back);
    assertTrue(back.isDpopBound());
  }
}
