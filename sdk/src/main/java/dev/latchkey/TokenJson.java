package dev.latchkey;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import okio.Buffer;

/**
 * Writes and reads tokens as JSON with stable, snake_case field names, for token stores. These
 * names are a file format: never rename them.
 */
final class TokenJson {
  static final String ACCESS_TOKEN = "access_token";
  static final String TOKEN_TYPE = "token_type";
  static final String ISSUED_AT = "issued_at";
  static final String EXPIRES_AT = "expires_at";
  static final String REFRESH_TOKEN = "refresh_token";
  static final String SCOPE = "scope";
  static final String EXTRAS = "extras";
  /** Added with DPoP (issue 16); files without it are bearer tokens, as before. */
  static final String DPOP_KEY = "dpop_key";
  static final String ID_TOKEN_CLAIMS = "id_token_claims";

  private TokenJson() {
  }

  /** Returns {@code token} as one JSON object in the storage format. */
  static String toJson(Token token) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.setSerializeNulls(true); // An extra field whose value is null must come back as null.
      writer.jsonValue(toMap(token));
    } catch (IOException e) {
      throw new AssertionError(e); // A Buffer never fails.
    }
    return buffer.readUtf8();
  }

  /**
   * Reads a token written by {@link #toJson}.
   *
   * @throws IllegalArgumentException naming what is wrong, never quoting a value
   */
  static Token fromJson(String json) {
    return fromValue(readValue(json));
  }

  /**
   * Reads one JSON value, as {@link JsonReader#readJsonValue()} does.
   *
   * @throws IllegalArgumentException naming what is wrong, never quoting a value
   */
  static Object readValue(String json) {
    Object value;
    try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(json))) {
      value = reader.readJsonValue();
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        throw new IllegalArgumentException("there is text after the JSON object");
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException) {
        throw (IllegalArgumentException) e;
      }
      throw new IllegalArgumentException("it is not valid JSON");
    }
    return value;
  }

  /** Returns {@code token} as a JSON-value map, as {@link com.squareup.moshi.JsonReader#readJsonValue()} would. */
  static Map<String, Object> toMap(Token token) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(ACCESS_TOKEN, token.accessToken());
    map.put(TOKEN_TYPE, token.tokenType());
    map.put(ISSUED_AT, token.issuedAt().toString());
    if (token.expiresAt() != null) {
      map.put(EXPIRES_AT, token.expiresAt().toString());
    }
    if (token.refreshToken() != null) {
      map.put(REFRESH_TOKEN, token.refreshToken());
    }
    map.put(SCOPE, String.join(" ", token.scopes()));
    if (!token.extras().isEmpty()) {
      map.put(EXTRAS, token.extras());
    }
    if (token.dpopKey != null) {
      map.put(DPOP_KEY, token.dpopKey.toMap());
    }
    if (token.idTokenClaims() != null) {
      map.put(ID_TOKEN_CLAIMS, token.idTokenClaims());
    }
    return map;
  }

  /**
   * Reads a token from a parsed JSON value.
   *
   * @throws IllegalArgumentException naming the field that is missing or of the wrong type
   */
  @SuppressWarnings("unchecked")
  static Token fromValue(Object value) {
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException("entry is not a JSON object");
    }
    Map<String, Object> map = (Map<String, Object>) value;
    Token.Builder token = Token.builder()
        .accessToken(requiredString(map, ACCESS_TOKEN))
        .issuedAt(instant(map, ISSUED_AT, true));
    if (map.get(TOKEN_TYPE) != null) {
      token.tokenType(requiredString(map, TOKEN_TYPE)); // Absent means Bearer, as on the wire.
    }
    token.expiresAt(instant(map, EXPIRES_AT, false));
    Object refresh = map.get(REFRESH_TOKEN);
    if (refresh != null && !(refresh instanceof String)) {
      throw new IllegalArgumentException(REFRESH_TOKEN + " is not a string");
    }
    token.refreshToken((String) refresh);
    Object scope = map.get(SCOPE);
    if (scope != null) {
      if (!(scope instanceof String)) {
        throw new IllegalArgumentException(SCOPE + " is not a string");
      }
      token.scopes(TokenResponses.scopes(scope));
    }
    Object extras = map.get(EXTRAS);
    if (extras != null) {
      if (!(extras instanceof Map)) {
        throw new IllegalArgumentException(EXTRAS + " is not an object");
      }
      token.extras((Map<String, Object>) extras);
    }
    Object dpopKey = map.get(DPOP_KEY);
    if (dpopKey != null) {
      token.dpopKey(DpopKey.fromMap(DPOP_KEY, dpopKey));
    }
    Object claims = map.get(ID_TOKEN_CLAIMS);
    if (claims != null) {
      if (!(claims instanceof Map)) {
        throw new IllegalArgumentException(ID_TOKEN_CLAIMS + " is not an object");
      }
      token.idTokenClaims((Map<String, Object>) claims);
    }
    return token.build();
  }

  private static String requiredString(Map<String, Object> map, String name) {
    Object value = map.get(name);
    if (!(value instanceof String) || ((String) value).isEmpty()) {
      throw new IllegalArgumentException(name + (value == null ? " is missing" : " is not a non-empty string"));
    }
    return (String) value;
  }

  private static Instant instant(Map<String, Object> map, String name, boolean required) {
    Object value = map.get(name);
    if (value == null) {
      if (required) {
        throw new IllegalArgumentException(name + " is missing");
      }
      return null;
    }
    if (!(value instanceof String)) {
      throw new IllegalArgumentException(name + " is not an ISO-8601 string");
    }
    try {
      return Instant.parse((String) value);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(name + " is not an ISO-8601 instant");
    }
  }

}
