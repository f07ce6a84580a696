package dev.latchkey.stores;

import dev.latchkey.Token;
import dev.latchkey.TokenStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The storage format custom {@link TokenStore}s use: a stable JSON object per token. */
final class TokenJsonTest {
  private static final Instant T0 = Instant.parse("2030-01-01T09:00:00Z");

  @Test
  void roundTripKeepsEveryField() {
    Map<String, Object> extras = new LinkedHashMap<>();
    extras.put("id_token", "eyJ");
    extras.put("nothing", null);
    extras.put("nested", Arrays.asList("a", 1.5));
    Token token = Token.builder()
        .accessToken("at-secret")
        .tokenType("bearer")
        .issuedAt(T0)
        .expiresAt(T0.plusSeconds(3599))
        .refreshToken("rt-secret")
        .scopes(new LinkedHashSet<>(Arrays.asList("profile", "email")))
        .extras(extras)
        .build();
    assertEquals(token, Token.fromJson(token.toJson()));
  }

  @Test
  void writesTheDocumentedFieldNames() {
    Token token = Token.builder().accessToken("at").issuedAt(T0).build();
    assertEquals("{\"access_token\":\"at\",\"token_type\":\"Bearer\","
        + "\"issued_at\":\"2030-01-01T09:00:00Z\",\"scope\":\"\"}", token.toJson());
  }

  @Test
  void badInputNamesTheFieldNeverTheValue() {
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> Token.fromJson("{\"issued_at\":\"2030-01-01T09:00:00Z\"}"));
    assertEquals("access_token is missing", missing.getMessage());
    IllegalArgumentException badDate = assertThrows(IllegalArgumentException.class,
        () -> Token.fromJson("{\"access_token\":\"at-secret\",\"issued_at\":\"soon-secret\"}"));
    assertEquals("issued_at is not an ISO-8601 instant", badDate.getMessage());
    IllegalArgumentException notJson = assertThrows(IllegalArgumentException.class,
        () -> Token.fromJson("{\"access_token\":\"at-secret\""));
    assertFalse(notJson.getMessage().contains("secret"), notJson.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Token.fromJson("[1]"));
  }
}
