package dev.latchkey.store;

import static dev.latchkey.store.testing.TokenStoreContract.fullToken;
import static dev.latchkey.store.testing.TokenStoreContract.minimalToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.OAuth2Exception;
import dev.latchkey.Token;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

final class TokenCodecTest {
  private static final TokenEncryption KEYS = TokenEncryption.builder()
      .currentKey("k1", new SecretKeySpec(new byte[32], "AES")).build();

  @Test
  void plainRoundTripGivesAnEqualToken() throws Exception {
    for (Token token : new Token[] {fullToken("a"), minimalToken("b")}) {
      String value = TokenCodec.plain().encode("alice", token);
      assertEquals(token, TokenCodec.plain().decode("alice", value));
    }
  }

  @Test
  void writesTheFileStoresFieldNames() {
    assertEquals("{\"access_token\":\"access-secret-a\",\"token_type\":\"bearer\","
        + "\"issued_at\":\"2025-06-01T10:00:00.123456789Z\","
        + "\"expires_at\":\"2025-06-01T11:00:00.500Z\",\"refresh_token\":\"refresh-secret-a\","
        + "\"scope\":\"read write profile\",\"extras\":{\"id_token\":\"eyJ.id.a\","
        + "\"expires_in_hint\":3600.0,\"fractional\":0.25,\"admin\":true,"
        + "\"groups\":[\"engineering\",\"demo\",7.0],\"nested\":{\"region\":\"eu\",\"nothing\":null},"
        + "\"unicode\":\"Ünïcødé ✓ \\\"quoted\\\" \\\\ slash\"}}",
        TokenCodec.plain().encode("alice", fullToken("a")));
  }

  @Test
  void readsValuesWithUnknownFieldsAndNulls() throws Exception {
    Token token = TokenCodec.plain().decode("alice", "{\"access_token\":\"at\",\"token_type\":"
        + "\"Bearer\",\"issued_at\":\"2025-06-01T10:00:00Z\",\"expires_at\":null,"
        + "\"refresh_token\":null,\"written_by_a_later_version\":{\"x\":[1,2]}}");
    assertEquals(Token.builder().accessToken("at").issuedAt(java.time.Instant
        .parse("2025-06-01T10:00:00Z")).build(), token);
  }

  @Test
  void missingRequiredFieldsAreNamed() {
    OAuth2Exception e = assertThrows(OAuth2Exception.class, () -> TokenCodec.plain()
        .decode("alice", "{\"issued_at\":\"2025-06-01T10:00:00Z\"}"));
    assertEquals("The token stored under \"alice\" is corrupt: access_token is missing; delete the"
        + " entry (the session then renews or asks the user to log in)", e.getMessage());
    e = assertThrows(OAuth2Exception.class, () -> TokenCodec.plain()
        .decode("alice", "{\"access_token\":\"at\",\"issued_at\":\"yesterday\"}"));
    assertTrue(e.getMessage().contains("issued_at is not an ISO-8601 instant"), e.getMessage());
    e = assertThrows(OAuth2Exception.class, () -> TokenCodec.plain().decode("alice", "[1]"));
    assertTrue(e.getMessage().contains("is not a JSON object"), e.getMessage());
  }

  @Test
  void encryptedValuesCarryTheKeyIdAndAFreshNonce() throws Exception {
    TokenCodec codec = TokenCodec.encrypted(KEYS);
    String first = codec.encode("alice", fullToken("a"));
    String second = codec.encode("alice", fullToken("a"));
    assertTrue(first.startsWith("enc:v1:k1:"), first);
    assertNotEquals(first, second);
    assertFalse(first.contains("secret"));
    assertEquals(fullToken("a"), codec.decode("alice", first));
    assertTrue(codec.isEncrypted());
    assertFalse(TokenCodec.plain().isEncrypted());
  }

  @Test
  void anEncryptedValueIsBoundToItsKey() {
    TokenCodec codec = TokenCodec.encrypted(KEYS);
    String alices = codec.encode("alice", fullToken("a"));
    OAuth2Exception e = assertThrows(OAuth2Exception.class, () -> codec.decode("bob", alices));
    assertTrue(e.getMessage().startsWith("The token stored under \"bob\" failed authentication"),
        e.getMessage());
  }

  @Test
  void alteredOrTruncatedCiphertextIsRejected() {
    TokenCodec codec = TokenCodec.encrypted(KEYS);
    String value = codec.encode("alice", fullToken("a"));
    char last = value.charAt(value.length() - 5);
    String flipped = value.substring(0, value.length() - 5) + (last == 'A' ? 'B' : 'A')
        + value.substring(value.length() - 4);
    assertThrows(OAuth2Exception.class, () -> codec.decode("alice", flipped));
    OAuth2Exception shortValue = assertThrows(OAuth2Exception.class,
        () -> codec.decode("alice", "enc:v1:k1:AAAA"));
    assertTrue(shortValue.getMessage().contains("the encrypted value is too short"));
    OAuth2Exception noKeyId = assertThrows(OAuth2Exception.class,
        () -> codec.decode("alice", "enc:v1:nokeyid"));
    assertTrue(noKeyId.getMessage().contains("the encrypted value has no key id"));
    OAuth2Exception notBase64 = assertThrows(OAuth2Exception.class,
        () -> codec.decode("alice", "enc:v1:k1:***"));
    assertTrue(notBase64.getMessage().contains("is not base64url"));
  }

  @Test
  void toStringNamesKeyIdsButNoKey() {
    assertEquals("plain JSON", TokenCodec.plain().toString());
    assertEquals("JSON encrypted with TokenEncryption{AES-GCM, current=k1, keys=[k1]}",
        TokenCodec.encrypted(KEYS).toString());
  }
}
