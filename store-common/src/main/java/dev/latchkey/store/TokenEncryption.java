package dev.latchkey.store;

import static java.util.Objects.requireNonNull;

import dev.latchkey.OAuth2Exception;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts tokens at rest with AES-GCM and keys the application supplies, so that whoever can
 * read the shared store (a database backup, a replica, a Redis {@code MONITOR}) cannot read the
 * tokens in it.
 *
 * <pre>{@code
 * SecretKey key = new SecretKeySpec(Base64.getDecoder().decode(System.getenv("TOKEN_KEY")), "AES");
 * TokenEncryption encryption = TokenEncryption.builder().currentKey("2025-06", key).build();
 * }</pre>
 *
 * <h2>What a stored value looks like</h2>
 * {@code enc:v1:<key id>:<base64url(nonce ‖ ciphertext ‖ tag)>}: a fresh random 12-byte
 * nonce per value, a 128-bit tag, and the store key (the session key) and key id as additional
 * authenticated data. A value copied from one key to another (Bob's token under Alice's key)
 * fails authentication instead of signing Alice in as Bob.
 *
 * <h2>Rotating keys</h2>
 * Values are written with the {@linkplain Builder#currentKey current key} and read with whichever
 * key their id names. To rotate, deploy the new key as current with the old one as a
 * {@linkplain Builder#previousKey previous key}; values move to the new key as tokens are
 * renewed, and the old key can go once every token has been renewed (after the longest refresh
 * token lifetime, or at once for client_credentials tokens).
 *
 * <p>Instances are immutable and thread-safe. {@link #toString()} shows key ids, never keys.
 */
public final class TokenEncryption {
  /** The prefix of every encrypted value; a value without it is plain JSON. */
  static final String PREFIX = "enc:v1:";
  /** GCM's recommended nonce size (NIST SP 800-38D §8.2.2: random 96-bit nonces). */
  static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String currentKeyId;
  private final Map<String, SecretKey> keys;

  private TokenEncryption(Builder builder) {
    this.currentKeyId = builder.currentKeyId;
    this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(builder.keys));
  }

  /**
   * Returns a builder; {@link Builder#currentKey} is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this configuration's keys, to add or replace one.
   *
   * @return a builder initialized with this configuration
   */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /**
   * Returns the id of the key new values are encrypted with.
   *
   * @return the current key id
   */
  public String currentKeyId() {
    return currentKeyId;
  }

  /** Encrypts {@code plaintext} for the entry {@code storeKey}. */
  String seal(String storeKey, byte[] plaintext) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    byte[] sealed;
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId),
          new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad(currentKeyId, storeKey));
      sealed = cipher.doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      // The key was checked in the builder; this JDK lacks AES-GCM or rejects the key.
      throw new IllegalStateException("AES-GCM encryption failed with key \"" + currentKeyId
          + "\": " + e.getClass().getSimpleName(), e);
    }
    byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
    System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
    return PREFIX + currentKeyId + ":"
        + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
  }

  /** Decrypts a value {@link #seal} wrote for {@code storeKey}. */
  byte[] open(String storeKey, String value) throws OAuth2Exception {
    int colon = value.indexOf(':', PREFIX.length());
    if (colon < 0) {
      throw TokenCodec.corrupt(storeKey, "the encrypted value has no key id", null);
    }
    String keyId = value.substring(PREFIX.length(), colon);
    SecretKey key = keys.get(keyId);
    if (key == null) {
      throw new OAuth2Exception("The token stored under \"" + storeKey + "\" is encrypted with key"
          + " \"" + keyId + "\", which this store does not have (it has " + keys.keySet()
          + "); add that key with TokenEncryption.Builder.previousKey");
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(value.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw TokenCodec.corrupt(storeKey, "the encrypted value is not base64url", null);
    }
    if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
      throw TokenCodec.corrupt(storeKey, "the encrypted value is too short", null);
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
      cipher.updateAAD(aad(keyId, storeKey));
      return cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw new OAuth2Exception("The token stored under \"" + storeKey + "\" failed authentication"
          + " with key \"" + keyId + "\": the key is not the one it was encrypted with, or the value"
          + " was written for another entry or altered. Check that every instance has the same key"
          + " for id \"" + keyId + "\"; a tampered entry must be deleted", e);
    } catch (GeneralSecurityException e) {
      throw new OAuth2Exception("Decrypting the token stored under \"" + storeKey + "\" with key \""
          + keyId + "\" failed: " + e.getClass().getSimpleName(), e);
    }
  }

  /** Binds a value to its entry and key id; key ids contain no ':', so the join is unambiguous. */
  private static byte[] aad(String keyId, String storeKey) {
    return ("latchkey:v1:" + keyId + ":" + storeKey).getBytes(StandardCharsets.UTF_8);
  }

  /** Returns the key ids, current first; never the keys. */
  @Override
  public String toString() {
    return "TokenEncryption{AES-GCM, current=" + currentKeyId + ", keys=" + keys.keySet() + "}";
  }

  /** Builds a {@link TokenEncryption}. Obtain one from {@link TokenEncryption#builder()}. */
  public static final class Builder {
    private String currentKeyId;
    private final Map<String, SecretKey> keys = new LinkedHashMap<>();

    Builder() {
    }

    Builder(TokenEncryption encryption) {
      this.currentKeyId = encryption.currentKeyId;
      this.keys.putAll(encryption.keys);
    }

    /**
     * Sets the key that encrypts new values (and decrypts values that name its id).
     *
     * @param keyId a short name stored beside each value, such as {@code 2025-06}: 1 to 32 of
     *     {@code A-Z a-z 0-9 . _ -}; never reuse an id for a different key
     * @param key an AES key of 128, 192 or 256 bits
     * @return this builder
     */
    public Builder currentKey(String keyId, SecretKey key) {
      putKey(keyId, key);
      this.currentKeyId = keyId;
      return this;
    }

    /**
     * Adds a key that only decrypts, for values written before a key rotation.
     *
     * @param keyId the id the key had when it was current
     * @param key an AES key of 128, 192 or 256 bits
     * @return this builder
     */
    public Builder previousKey(String keyId, SecretKey key) {
      putKey(keyId, key);
      return this;
    }

    private void putKey(String keyId, SecretKey key) {
      requireNonNull(keyId, "keyId == null");
      requireNonNull(key, "key == null");
      if (!KEY_ID.matcher(keyId).matches()) {
        throw new IllegalArgumentException("keyId must be 1 to 32 of A-Z a-z 0-9 . _ -: \""
            + keyId + "\"; use a short name such as 2025-06");
      }
      if (!"AES".equalsIgnoreCase(key.getAlgorithm())) {
        throw new IllegalArgumentException("key \"" + keyId + "\" must be an AES key, not "
            + key.getAlgorithm() + "; wrap 32 random bytes as new SecretKeySpec(bytes, \"AES\")");
      }
      byte[] encoded = key.getEncoded(); // null for keys that never leave a hardware module
      if (encoded != null && encoded.length != 16 && encoded.length != 24 && encoded.length != 32) {
        throw new IllegalArgumentException("key \"" + keyId + "\" has " + encoded.length * 8
            + " bits; AES takes 128, 192 or 256 (32 random bytes make a 256-bit key)");
      }
      if (encoded != null) {
        Arrays.fill(encoded, (byte) 0);
      }
      keys.put(keyId, key);
    }

    /**
     * Returns the configuration.
     *
     * @return a new immutable configuration
     * @throws IllegalStateException if no current key was set
     */
    public TokenEncryption build() {
      if (currentKeyId == null) {
        throw new IllegalStateException("currentKey is required: the key new values are"
            + " encrypted with");
      }
      return new TokenEncryption(this);
    }
  }
}
