package dev.latchkey.store;

import static java.util.Objects.requireNonNull;

import dev.latchkey.OAuth2Exception;
import dev.latchkey.Token;
import java.nio.charset.StandardCharsets;

/**
 * Turns a {@link Token} into the text a shared store keeps, and back: the token's own storage
 * format ({@link Token#toJson()}, the file store's), optionally encrypted with a
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
    String json = token.toJson();
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

  private static Token parse(String key, String json) throws OAuth2Exception {
    try {
      return Token.fromJson(json);
    } catch (IllegalArgumentException e) {
      throw corrupt(key, e.getMessage(), null); // Names the bad field, never its value.
    }
  }

  static OAuth2Exception corrupt(String key, String why, Throwable cause) {
    return new OAuth2Exception("The token stored under \"" + key + "\" is corrupt: " + why
        + "; delete the entry (the session then renews or asks the user to log in)", cause);
  }
}
