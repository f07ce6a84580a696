package dev.latchkey;

import static java.util.Objects.requireNonNull;

/**
 * How one provider bends the token endpoint: how a request is encoded, where the client's
 * credentials go, which parameter carries the refresh token, and what to do when a token ends.
 *
 * <p>A new provider is a new value, never a new class:
 *
 * <pre>{@code
 * Dialect dialect = Dialect.standard().newBuilder()
 *     .encoding(Dialect.Encoding.JSON)
 *     .clientAuthentication(Dialect.ClientAuthentication.PARAMETERS)
 *     .build();
 * }</pre>
 */
public final class Dialect {
  /** How the parameters of a token request travel. */
  public enum Encoding {
    /** {@code application/x-www-form-urlencoded} body, as RFC 6749 §4.1.3 specifies. */
    FORM,
    /** A JSON object body ({@code application/json}), as Ora expects. */
    JSON,
    /**
     * URL query parameters on a POST with an empty body, as the Organization API allows. Anything
     * in a URL may end up in server and proxy logs: use only where the provider demands it.
     */
    QUERY
  }

  /** Where the client id and secret go (RFC 6749 §2.3.1). */
  public enum ClientAuthentication {
    /** An {@code Authorization: Basic} header, id and secret form-encoded before Base64. */
    BASIC,
    /** {@code client_id} and {@code client_secret} alongside the other parameters. */
    PARAMETERS,
    /** Only {@code client_id}, for public clients that rely on PKCE. */
    NONE,
    /**
     * Try Basic; on a 401 or {@code invalid_client}, try once with parameters and remember what
     * worked for this client. Never probes with a single-use authorization code. A client with
     * a {@link SigningKey} uses {@link #PRIVATE_KEY_JWT} instead.
     */
    AUTO,
    /**
     * A JWT signed with the client's {@link SigningKey} ({@code private_key_jwt}, RFC 7523 §2.2,
     * OpenID Connect Core §9); needs {@link OAuth2Client.Builder#clientKey}.
     */
    PRIVATE_KEY_JWT,
    /** A JWT signed with HS256 over the client secret ({@code client_secret_jwt}, OpenID Connect Core §9). */
    CLIENT_SECRET_JWT,
    /**
     * The client certificate on the TLS connection, issued by a CA ({@code tls_client_auth},
     * RFC 8705 §2.1), with {@code client_id} in the request; the certificate goes on the
     * client's {@link okhttp3.OkHttpClient}, as {@link MutualTls} sets it up.
     */
    TLS_CLIENT_AUTH,
    /** A self-signed client certificate registered with the provider (RFC 8705 §2.2). */
    SELF_SIGNED_TLS_CLIENT_AUTH
  }

  /** What a token session does when a token ends. */
  public enum Renewal {
    /** Use the refresh token where there is one (RFC 6749 §6). */
    REFRESH,
    /** Acquire a new token with the same grant; the provider cannot refresh (Onna). */
    REACQUIRE
  }

  private static final Dialect STANDARD = new Builder().build();

  private final Encoding encoding;
  private final ClientAuthentication clientAuthentication;
  private final String refreshTokenParameter;
  private final Renewal renewal;

  private Dialect(Builder builder) {
    this.encoding = builder.encoding;
    this.clientAuthentication = builder.clientAuthentication;
    this.refreshTokenParameter = builder.refreshTokenParameter;
    this.renewal = builder.renewal;
  }

  /**
   * Returns the RFC 6749 dialect: form bodies, credentials chosen automatically, the refresh
   * token in {@code refresh_token}, renewal by refresh.
   *
   * @return the standard dialect
   */
  public static Dialect standard() {
    return STANDARD;
  }

  /**
   * Returns a builder for a new dialect, starting from {@link #standard()}.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder initialized with this dialect's values.
   *
   * @return a builder holding a copy of this dialect
   */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /**
   * Returns how token requests are encoded.
   *
   * @return the encoding
   */
  public Encoding encoding() {
    return encoding;
  }

  /**
   * Returns where client credentials go.
   *
   * @return the client authentication style
   */
  public ClientAuthentication clientAuthentication() {
    return clientAuthentication;
  }

  /**
   * Returns the name of the parameter that carries the refresh token in a refresh_token grant:
   * {@code refresh_token}, or {@code code} for Orange Logic.
   *
   * @return the parameter name
   */
  public String refreshTokenParameter() {
    return refreshTokenParameter;
  }

  /**
   * Returns what a token session does when a token ends.
   *
   * @return the renewal strategy
   */
  public Renewal renewal() {
    return renewal;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof Dialect)) {
      return false;
    }
    Dialect that = (Dialect) other;
    return encoding == that.encoding
        && clientAuthentication == that.clientAuthentication
        && refreshTokenParameter.equals(that.refreshTokenParameter)
        && renewal == that.renewal;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(encoding, clientAuthentication, refreshTokenParameter, renewal);
  }

  @Override
  public String toString() {
    return "Dialect{encoding=" + encoding
        + ", clientAuthentication=" + clientAuthentication
        + ", refreshTokenParameter=" + refreshTokenParameter
        + ", renewal=" + renewal + "}";
  }

  /** Builds a {@link Dialect}; every field starts at its {@link #standard()} value. */
  public static final class Builder {
    private Encoding encoding = Encoding.FORM;
    private ClientAuthentication clientAuthentication = ClientAuthentication.AUTO;
    private String refreshTokenParameter = "refresh_token";
    private Renewal renewal = Renewal.REFRESH;

    Builder() {
    }

    Builder(Dialect dialect) {
      this.encoding = dialect.encoding;
      this.clientAuthentication = dialect.clientAuthentication;
      this.refreshTokenParameter = dialect.refreshTokenParameter;
      this.renewal = dialect.renewal;
    }

    /**
     * Sets how token requests are encoded.
     *
     * @param encoding form, JSON or query
     * @return this builder
     */
    public Builder encoding(Encoding encoding) {
      this.encoding = requireNonNull(encoding, "encoding == null");
      return this;
    }

    /**
     * Sets where client credentials go.
     *
     * @param clientAuthentication Basic, parameters, none or auto
     * @return this builder
     */
    public Builder clientAuthentication(ClientAuthentication clientAuthentication) {
      this.clientAuthentication =
          requireNonNull(clientAuthentication, "clientAuthentication == null");
      return this;
    }

    /**
     * Sets the name of the parameter that carries the refresh token.
     *
     * @param name such as {@code refresh_token} or {@code code}
     * @return this builder
     */
    public Builder refreshTokenParameter(String name) {
      requireNonNull(name, "name == null");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("refreshTokenParameter is empty; the RFC 6749 name is refresh_token");
      }
      this.refreshTokenParameter = name;
      return this;
    }

    /**
     * Sets what a token session does when a token ends.
     *
     * @param renewal refresh or reacquire
     * @return this builder
     */
    public Builder renewal(Renewal renewal) {
      this.renewal = requireNonNull(renewal, "renewal == null");
      return this;
    }

    /**
     * Returns the dialect.
     *
     * @return a new immutable dialect
     */
    public Dialect build() {
      return new Dialect(this);
    }
  }
}
