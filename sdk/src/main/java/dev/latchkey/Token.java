package dev.latchkey;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * An access token as the token endpoint issued it (RFC 6749 §5.1), with its expiry made absolute.
 *
 * <p>Tokens are immutable. {@link #toString()} never shows the access or refresh token.
 *
 * <pre>{@code
 * Token token = client.clientCredentials();
 * if (token.isExpired(clock)) { ... }
 * Token derived = token.newBuilder().refreshToken(null).build();
 * }</pre>
 */
public final class Token {
  private final String accessToken;
  private final String tokenType;
  private final Instant issuedAt;
  private final Instant expiresAt;
  private final String refreshToken;
  private final Set<String> scopes;
  private final Map<String, Object> extras;
  /** The DPoP key this token is bound to (RFC 9449), or null for a bearer token. */
  final DpopKey dpopKey;
  private final Map<String, Object> idTokenClaims;

  private Token(Builder builder) {
    this.accessToken = builder.accessToken;
    this.tokenType = builder.tokenType;
    this.issuedAt = builder.issuedAt;
    this.expiresAt = builder.expiresAt;
    this.refreshToken = builder.refreshToken;
    // Most tokens have neither; sharing the empty collections keeps a token small.
    this.scopes = builder.scopes.isEmpty() ? Collections.emptySet()
        : Collections.unmodifiableSet(new LinkedHashSet<>(builder.scopes));
    this.extras = builder.extras.isEmpty() ? Collections.emptyMap()
        : Collections.unmodifiableMap(new LinkedHashMap<>(builder.extras));
    this.idTokenClaims = builder.idTokenClaims == null ? null
        : Collections.unmodifiableMap(new LinkedHashMap<>(builder.idTokenClaims));
    this.dpopKey = builder.dpopKey;
  }

  /**
   * Tells whether this token is bound to a DPoP key (RFC 9449): sent as
   * {@code Authorization: DPoP <token>} with a proof signed by the key, which is kept with the
   * token, in its store too.
   *
   * @return true for a DPoP-bound token, false for a bearer token
   */
  public boolean isDpopBound() {
    return dpopKey != null;
  }

  /**
   * Returns a builder for a new token.
   *
   * @return an empty builder; {@link Builder#accessToken} and {@link Builder#issuedAt} are required
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder initialized with this token's values.
   *
   * @return a builder holding a copy of this token
   */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /**
   * Returns the access token, the secret sent as {@code Authorization: Bearer <token>}.
   *
   * @return the access token; never log it
   */
  public String accessToken() {
    return accessToken;
  }

  /**
   * Returns the {@code token_type} as the server spelled it ({@code Bearer}, or Onna's
   * {@code bearer}); Latchkey always sends {@code Bearer} (RFC 6750 §2.1).
   *
   * @return the token type, {@code Bearer} when the server sent none
   */
  public String tokenType() {
    return tokenType;
  }

  /**
   * Returns when the token was received, by the client's clock.
   *
   * @return the receipt time
   */
  public Instant issuedAt() {
    return issuedAt;
  }

  /**
   * Returns when the token expires: receipt time plus {@code expires_in}.
   *
   * @return the expiry, or null when the server did not say (the token is then used until an API
   *     rejects it)
   */
  public Instant expiresAt() {
    return expiresAt;
  }

  /**
   * Returns the refresh token, if the server issued one (or one was kept from an earlier
   * response).
   *
   * @return the refresh token, or null; never log it
   */
  public String refreshToken() {
    return refreshToken;
  }

  /**
   * Returns the granted scopes: the response's {@code scope}, or the requested scopes when the
   * server omitted it (RFC 6749 §5.1).
   *
   * @return an unmodifiable set, possibly empty
   */
  public Set<String> scopes() {
    return scopes;
  }

  /**
   * Returns the response fields Latchkey does not model, such as {@code id_token} or a
   * provider's own fields, as parsed JSON values (String, Double, Boolean, List, Map).
   *
   * @return an unmodifiable map, possibly empty
   */
  public Map<String, Object> extras() {
    return extras;
  }

  /**
   * Returns what a token exchange issued ({@code issued_token_type}, RFC 8693 §2.2.1), such as
   * {@code urn:ietf:params:oauth:token-type:access_token}.
   *
   * @return the type, or null for a token that no exchange issued
   */
  public String issuedTokenType() {
    Object value = extras.get("issued_token_type");
    return value instanceof String ? (String) value : null;
  }

  /**
   * Returns the OpenID Connect ID token the server sent with this token ({@code id_token}),
   * whether or not it was validated.
   *
   * @return the ID token (a JWT), or null; never log it
   */
  public String idToken() {
    Object value = extras.get("id_token");
    return value instanceof String ? (String) value : null;
  }

  /**
   * Returns the claims of this token's ID token as the client's {@link IdTokenVerifier}
   * validated them (signature, issuer, audience, expiry, nonce): the user's {@code sub}, and
   * {@code email}, {@code name} and so on where the provider sends them. Numbers are
   * {@code Double}s, as in {@link #extras()}.
   *
   * @return an unmodifiable map, or null when no ID token was validated for this token
   */
  public Map<String, Object> idTokenClaims() {
    return idTokenClaims;
  }

  /**
   * Returns this token as one JSON object in Latchkey's storage format, the one the file store
   * writes: stable snake_case names ({@code access_token}, {@code token_type},
   * {@code issued_at}, {@code expires_at}, {@code refresh_token}, {@code scope},
   * {@code extras}, and {@code dpop_key} for a DPoP-bound token), instants in ISO-8601. For
   * {@link TokenStore} implementations. The text holds the token's secrets, a DPoP private key
   * included: store it as you would a password.
   *
   * @return the JSON text
   */
  public String toJson() {
    return TokenJson.toJson(this);
  }

  /**
   * Reads a token written by {@link #toJson()}. Fields this version does not know are ignored.
   *
   * @param json the JSON text
   * @return the token, equal to the one written
   * @throws IllegalArgumentException if the text is not such a token; the message names the
   *     field that is missing or malformed and never quotes a value
   */
  public static Token fromJson(String json) {
    requireNonNull(json, "json == null");
    return TokenJson.fromJson(json);
  }

  /**
   * Returns true if this token has expired by {@code clock}. A token without a known expiry
   * never expires by this test.
   *
   * @param clock the clock to read
   * @return whether the expiry is at or before now
   */
  public boolean isExpired(Clock clock) {
    return expiresAt != null && !clock.instant().isBefore(expiresAt);
  }

  /**
   * Returns the lifetime the server granted: {@code expiresAt - issuedAt}.
   *
   * @return the lifetime, or null when the expiry is unknown
   */
  public Duration lifetime() {
    return expiresAt == null ? null : Duration.between(issuedAt, expiresAt);
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof Token)) {
      return false;
    }
    Token that = (Token) other;
    return accessToken.equals(that.accessToken)
        && tokenType.equals(that.tokenType)
        && issuedAt.equals(that.issuedAt)
        && java.util.Objects.equals(expiresAt, that.expiresAt)
        && java.util.Objects.equals(refreshToken, that.refreshToken)
        && scopes.equals(that.scopes)
        && extras.equals(that.extras)
        && java.util.Objects.equals(dpopKey, that.dpopKey)
        && java.util.Objects.equals(idTokenClaims, that.idTokenClaims);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(accessToken, issuedAt, expiresAt, refreshToken);
  }

  /** Returns a description that shows the type, expiry and scopes, and never a secret. */
  @Override
  public String toString() {
    return "Token{type=" + tokenType
        + ", expiresAt=" + (expiresAt == null ? "unknown" : expiresAt.toString())
        + ", scopes=" + scopes
        + ", refreshToken=" + (refreshToken == null ? "none" : "present")
        + ", extras=" + extras.keySet()
        + (dpopKey == null ? "" : ", dpop=" + dpopKey.algorithm)
        + (idTokenClaims == null ? "" : ", idToken=validated")
        + "}";
  }

  /** Builds a {@link Token}. Obtain one from {@link Token#builder()} or {@link #newBuilder()}. */
  public static final class Builder {
    private String accessToken;
    private String tokenType = "Bearer";
    private Instant issuedAt;
    private Instant expiresAt;
    private String refreshToken;
    private final Set<String> scopes = new LinkedHashSet<>();
    private final Map<String, Object> extras = new LinkedHashMap<>();
    private DpopKey dpopKey;
    private Map<String, Object> idTokenClaims;

    Builder() {
    }

    Builder(Token token) {
      this.accessToken = token.accessToken;
      this.tokenType = token.tokenType;
      this.issuedAt = token.issuedAt;
      this.expiresAt = token.expiresAt;
      this.refreshToken = token.refreshToken;
      this.scopes.addAll(token.scopes);
      this.extras.putAll(token.extras);
      this.idTokenClaims = token.idTokenClaims;
      this.dpopKey = token.dpopKey;
    }

    /** Binds the token to a DPoP key; only the SDK makes these. */
    Builder dpopKey(DpopKey dpopKey) {
      this.dpopKey = dpopKey;
      return this;
    }

    /**
     * Sets the access token.
     *
     * @param accessToken a non-empty token of visible ASCII characters, as RFC 6750 §2.1 allows
     *     in an {@code Authorization} header
     * @return this builder
     * @throws IllegalArgumentException if the token is empty or has another character
     */
    public Builder accessToken(String accessToken) {
      requireNonNull(accessToken, "accessToken == null");
      if (accessToken.isEmpty()) {
        throw new IllegalArgumentException("accessToken is empty");
      }
      int unsafe = Texts.firstNonHeaderChar(accessToken);
      if (unsafe >= 0) {
        // The token itself is never shown: only where the bad character is.
        throw new IllegalArgumentException("accessToken has a character an HTTP header cannot"
            + " carry at index " + unsafe + "; an access token is visible ASCII (RFC 6750 §2.1)");
      }
      this.accessToken = accessToken;
      return this;
    }

    /**
     * Sets the token type as the server spelled it.
     *
     * @param tokenType such as {@code Bearer}
     * @return this builder
     */
    public Builder tokenType(String tokenType) {
      this.tokenType = requireNonNull(tokenType, "tokenType == null");
      return this;
    }

    /**
     * Sets when the token was received.
     *
     * @param issuedAt the receipt time
     * @return this builder
     */
    public Builder issuedAt(Instant issuedAt) {
      this.issuedAt = requireNonNull(issuedAt, "issuedAt == null");
      return this;
    }

    /**
     * Sets when the token expires.
     *
     * @param expiresAt the expiry, or null when unknown
     * @return this builder
     */
    public Builder expiresAt(Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    /**
     * Sets the refresh token.
     *
     * @param refreshToken the refresh token, or null for none
     * @return this builder
     */
    public Builder refreshToken(String refreshToken) {
      this.refreshToken = refreshToken;
      return this;
    }

    /**
     * Replaces the granted scopes.
     *
     * @param scopes the scopes; copied
     * @return this builder
     */
    public Builder scopes(Set<String> scopes) {
      requireNonNull(scopes, "scopes == null");
      this.scopes.clear();
      for (String scope : scopes) {
        this.scopes.add(requireNonNull(scope, "scopes contains null"));
      }
      return this;
    }

    /**
     * Replaces the extra response fields.
     *
     * @param extras JSON values by field name; copied
     * @return this builder
     */
    public Builder extras(Map<String, ?> extras) {
      requireNonNull(extras, "extras == null");
      this.extras.clear();
      this.extras.putAll(extras);
      return this;
    }

    /**
     * Sets the validated claims of the token's ID token; only an {@link IdTokenVerifier}'s
     * result (or a store reading back what it wrote) belongs here.
     *
     * @param claims JSON values by claim name, copied; or null for none
     * @return this builder
     */
    public Builder idTokenClaims(Map<String, ?> claims) {
      this.idTokenClaims = claims == null ? null : new LinkedHashMap<>(claims);
      return this;
    }

    /**
     * Returns the token.
     *
     * @return a new immutable token
     * @throws IllegalStateException if the access token or receipt time is missing
     */
    public Token build() {
      if (accessToken == null) {
        throw new IllegalStateException("accessToken is required");
      }
      if (issuedAt == null) {
        throw new IllegalStateException("issuedAt is required");
      }
      return new Token(this);
    }
  }
}
