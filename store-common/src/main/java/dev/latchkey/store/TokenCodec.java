package dev.latchkey.store;

import static java.util.Objects.requireNonNull;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.latchkey.OAuth2Exception;
import dev.latchkey.Token;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import okio.Buffer;

/**
 * Turns a {@link Token} into the text a shared store keeps, and back: JSON with the same stable
 * snake_case field names as Latchkey's file store, optionally encrypted with a
 * {@link TokenEncryption}. The Redis and JDBC stores use it; so can a store of your own.
 *
 * <pre>{@code
 * {"access_token":"...","token_type":"Bearer","issued_at":"2025-06-01T10:00:00Z",
 *  "expires_at":"2025-06-01T11:00:00Z","refresh_token":"...","scope":"read write",
 *  "extras":{"id_token":"..."}}
 * }</pre>
 *
 * <p>These names are a storage format: they never change. Unknown fields are ignored when read,
 * so a later version can add fields that an earlier one still reads. Decoding gives back a token
 * {@linkplain Token#equals equal} to the one encoded, which is what compare-and-set relies on.
 */
public final class TokenCodec {
  static final String ACCESS_TOKEN = "access_token";
  static final String TOKEN_TYPE = "token_type";
  static final String ISSUED_AT = "issued_at";
  static final String EXPIRES_AT = "expires_at";
  static final String REFRESH_TOKEN = "refresh_token";
  static final String SCOPE = "scope";
  static final String EXTRAS = "extras";

  private static final TokenCodec PLAIN = new TokenCodec(null);

  private final TokenEncryption encryption;

  private TokenCodec(TokenEncryption encryption) {
    this.encryption = encryption;
  }

  /**
   * Returns a codec that stores tokens as plain JSON, and refuses encrypted values.
   *
   * @return the plain codec
   */
  public static TokenCodec plain() {
    return PLAIN;
  }

  /**
   * Returns a codec that encrypts every value it writes, and refuses plain JSON when reading (a
   * plain value in an encrypted store was not written by Latchkey).
   *
   * @param encryption the keys
   * @return an encrypting codec
   */
  public static TokenCodec encrypted(TokenEncryption encryption) {
    return new TokenCodec(requireNonNull(encryption, "encryption == null"));
  }

  /**
   * Returns whether this codec encrypts.
   *
   * @return true if values are encrypted
   */
  public boolean isEncrypted() {
    return encryption != null;
  }

  /**
   * Returns {@code token} as the text to store under {@code key}.
   *
   * @param key the session key; with encryption, the value can only be read back under this key
   * @param token the token
   * @return JSON, or an encrypted value starting with {@code enc:v1:}
   */
  public String encode(String key, Token token) {
    requireNonNull(key, "key == null");
    requireNonNull(token, "token == null");
    String json = json(token);
    return encryption == null ? json : encryption.seal(key, json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a token that {@link #encode} wrote under {@code key}.
   *
   * @param key the session key the value was stored under
   * @param value the stored text
   * @return the token
   * @throws OAuth2Exception if the value is corrupt, was encrypted with a key this codec lacks,
   *     fails authentication (a wrong key, or a value moved from another entry), or is plain
   *     where encryption is required; the message names the key and never shows the value
   */
  public Token decode(String key, String value) throws OAuth2Exception {
    requireNonNull(key, "key == null");
    requireNonNull(value, "value == null");
    boolean sealed = value.startsWith(TokenEncryption.PREFIX);
    if (encryption == null && sealed) {
      String keyId = value.substring(TokenEncryption.PREFIX.length()).split(":", 2)[0];
      throw new OAuth2Exception("The token stored under \"" + key + "\" is encrypted (key \""
          + keyId + "\") but this store has no TokenEncryption; configure the store with the"
          + " same encryption keys as the instances that wrote it");
    }
    if (encryption != null && !sealed) {
      throw new OAuth2Exception("The token stored under \"" + key + "\" is not encrypted, but"
          + " this store requires encryption; it was written by a store without encryption, or"
          + " planted. Delete the entry (the session then renews or asks the user to log in)");
    }
    String json = sealed
        ? new String(encryption.open(key, value), StandardCharsets.UTF_8) : value;
    return parse(key, json);
  }

  /** Describes this codec for a store's {@code toString()}: never shows a key. */
  @Override
  public String toString() {
    return encryption == null ? "plain JSON" : "JSON encrypted with " + encryption;
  }

  private static String json(Token token) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.setSerializeNulls(true); // An extra field whose value is null must come back as null.
      writer.beginObject();
      writer.name(ACCESS_TOKEN).value(token.accessToken());
      writer.name(TOKEN_TYPE).value(token.tokenType());
      writer.name(ISSUED_AT).value(token.issuedAt().toString());
      if (token.expiresAt() != null) {
        writer.name(EXPIRES_AT).value(token.expiresAt().toString());
      }
      if (token.refreshToken() != null) {
        writer.name(REFRESH_TOKEN).value(token.refreshToken());
      }
      writer.name(SCOPE).value(String.join(" ", token.scopes()));
      if (!token.extras().isEmpty()) {
        writer.name(EXTRAS).jsonValue(token.extras());
      }
      writer.endObject();
    } catch (IOException e) {
      throw new AssertionError(e); // A Buffer never fails.
    }
    return buffer.readUtf8();
  }

  private static Token parse(String key, String json) throws OAuth2Exception {
    Token.Builder token = Token.builder();
    boolean hasAccessToken = false;
    boolean hasIssuedAt = false;
    try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(json))) {
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        if (reader.peek() == JsonReader.Token.NULL) {
          reader.skipValue(); // Absent and null mean the same for every field.
          continue;
        }
        switch (name) {
          case ACCESS_TOKEN:
            String accessToken = reader.nextString();
            if (accessToken.isEmpty()) {
              throw corrupt(key, ACCESS_TOKEN + " is empty", null);
            }
            token.accessToken(accessToken);
            hasAccessToken = true;
            break;
          case TOKEN_TYPE:
            token.tokenType(reader.nextString());
            break;
          case ISSUED_AT:
            token.issuedAt(instant(key, ISSUED_AT, reader.nextString()));
            hasIssuedAt = true;
            break;
          case EXPIRES_AT:
            token.expiresAt(instant(key, EXPIRES_AT, reader.nextString()));
            break;
          case REFRESH_TOKEN:
            token.refreshToken(reader.nextString());
            break;
          case SCOPE:
            token.scopes(scopes(reader.nextString()));
            break;
          case EXTRAS:
            Object extras = reader.readJsonValue();
            if (!(extras instanceof Map)) {
              throw corrupt(key, EXTRAS + " is not an object", null);
            }
            @SuppressWarnings("unchecked") // readJsonValue gives objects String keys.
            Map<String, Object> map = (Map<String, Object>) extras;
            token.extras(map);
            break;
          default:
            reader.skipValue(); // Written by a later version: keep reading.
        }
      }
      reader.endObject();
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        throw corrupt(key, "there is text after the JSON object", null);
      }
    } catch (OAuth2Exception e) {
      throw e; // Our own report of a bad field.
    } catch (JsonEncodingException e) {
      throw corrupt(key, "it is not JSON (" + e.getMessage() + ")", e);
    } catch (JsonDataException e) {
      throw corrupt(key, e.getMessage(), e); // Moshi names the path: "... at path $.scope".
    } catch (IOException e) {
      throw new AssertionError(e); // A Buffer never fails.
    }
    if (!hasAccessToken) {
      throw corrupt(key, ACCESS_TOKEN + " is missing", null);
    }
    if (!hasIssuedAt) {
      throw corrupt(key, ISSUED_AT + " is missing", null);
    }
    return token.build();
  }

  private static Instant instant(String key, String field, String value) throws OAuth2Exception {
    try {
      return Instant.parse(value);
    } catch (DateTimeException e) {
      throw corrupt(key, field + " is not an ISO-8601 instant", null);
    }
  }

  /** Splits a space-separated scope list as the token endpoint client does (RFC 6749 §3.3). */
  private static Set<String> scopes(String scope) {
    Set<String> scopes = new LinkedHashSet<>();
    for (String s : scope.trim().split("\\s+")) {
      if (!s.isEmpty()) {
        scopes.add(s);
      }
    }
    return scopes;
  }

  static OAuth2Exception corrupt(String key, String why, Throwable cause) {
    return new OAuth2Exception("The token stored under \"" + key + "\" is corrupt: " + why
        + "; delete the entry (the session then renews or asks the user to log in)", cause);
  }
}
