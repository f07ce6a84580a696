package dev.latchkey;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * An authorization server: its endpoints and its {@link Dialect}.
 *
 * <p>Built-ins exist for each provider Latchkey knows. Each takes the provider's base URL where
 * the provider's docs give none, and derives the same paths the bundled mock server serves:
 *
 * <pre>{@code
 * Provider ora = Provider.ora("https://ora.example.com/");
 * Provider onna = Provider.onna();                       // https://api.onna.com/v1/oauth/token
 * Provider mine = Provider.standard("https://id.example.com/authorize", "https://id.example.com/token");
 * Provider custom = ora.newBuilder().tokenEndpoint("https://gw.example.com/token").build();
 * }</pre>
 *
 * <h2>HTTPS</h2>
 * Every endpoint must use {@code https}, except on loopback hosts ({@code localhost},
 * {@code 127.0.0.0/8}, {@code ::1}) where a local test server runs.
 */
public final class Provider {
  private static final String ONNA_BASE_URL = "https://api.onna.com/";

  private final String name;
  private final HttpUrl authorizationEndpoint;
  private final HttpUrl tokenEndpoint;
  private final HttpUrl userinfoEndpoint;
  private final HttpUrl revocationEndpoint;
  private final HttpUrl deviceAuthorizationEndpoint;
  private final HttpUrl jwksUri;
  private final HttpUrl endSessionEndpoint;
  private final String issuer;
  private final boolean issuerParameterRequired;
  private final Dialect dialect;
  private final HttpUrl pushedAuthorizationRequestEndpoint;
  private final boolean pushedAuthorizationRequired;
  private final java.util.Map<String, HttpUrl> mtlsEndpointAliases;
  private final java.util.List<String> dpopSigningAlgorithms;

  private Provider(Builder builder) {
    this.name = builder.name;
    this.authorizationEndpoint = builder.authorizationEndpoint;
    this.tokenEndpoint = builder.tokenEndpoint;
    this.userinfoEndpoint = builder.userinfoEndpoint;
    this.revocationEndpoint = builder.revocationEndpoint;
    this.deviceAuthorizationEndpoint = builder.deviceAuthorizationEndpoint;
    this.jwksUri = builder.jwksUri;
    this.endSessionEndpoint = builder.endSessionEndpoint;
    this.issuer = builder.issuer;
    this.issuerParameterRequired = builder.issuerParameterRequired;
    this.dialect = builder.dialect;
    this.pushedAuthorizationRequestEndpoint = builder.pushedAuthorizationRequestEndpoint;
    this.pushedAuthorizationRequired = builder.pushedAuthorizationRequired;
    this.mtlsEndpointAliases = java.util.Collections.unmodifiableMap(
        new java.util.LinkedHashMap<>(builder.mtlsEndpointAliases));
    this.dpopSigningAlgorithms = java.util.Collections.unmodifiableList(
        new java.util.ArrayList<>(builder.dpopSigningAlgorithms));
  }

  /**
   * Returns Ora: JSON token requests with the client credentials and {@code redirect_uri} in the
   * body; paths {@code oauth/authorize} and {@code oauth/token} under {@code baseUrl}.
   *
   * @param baseUrl the server's base URL, such as {@code https://ora.example.com/}
   * @return the provider
   */
  public static Provider ora(String baseUrl) {
    HttpUrl base = Urls.base(baseUrl, "baseUrl");
    return builder()
        .name("ora")
        .authorizationEndpoint(base.resolve("oauth/authorize"))
        .tokenEndpoint(base.resolve("oauth/token"))
        .dialect(Dialect.builder()
            .encoding(Dialect.Encoding.JSON)
            .clientAuthentication(Dialect.ClientAuthentication.PARAMETERS)
            .build())
        .build();
  }

  /**
   * Returns Orange Logic: the refresh token is sent as {@code code}; credentials in the body;
   * paths {@code oauth2/authorize} and {@code oauth2/token} under {@code baseUrl}. Its refresh
   * tokens end after 30 days unused, after which the user must authorize again.
   *
   * @param baseUrl the server's base URL
   * @return the provider
   */
  public static Provider orangeLogic(String baseUrl) {
    HttpUrl base = Urls.base(baseUrl, "baseUrl");
    return builder()
        .name("orangelogic")
        .authorizationEndpoint(base.resolve("oauth2/authorize"))
        .tokenEndpoint(base.resolve("oauth2/token"))
        .dialect(Dialect.builder()
            .clientAuthentication(Dialect.ClientAuthentication.PARAMETERS)
            .refreshTokenParameter("code")
            .build())
        .build();
  }

  /**
   * Returns an Organization API server that takes client credentials in HTTP Basic, at
   * {@code oauth2/token} under {@code baseUrl}.
   *
   * @param baseUrl the server's base URL, such as {@code https://server.example.com/}
   * @return the provider
   */
  public static Provider organizationApiBasic(String baseUrl) {
    HttpUrl base = Urls.base(baseUrl, "baseUrl");
    return builder()
        .name("orgapi")
        .tokenEndpoint(base.resolve("oauth2/token"))
        .dialect(Dialect.builder()
            .clientAuthentication(Dialect.ClientAuthentication.BASIC)
            .build())
        .build();
  }

  /**
   * Returns an Organization API server that takes every parameter, the client secret included,
   * in the URL query of a POST. The provider documents this style as less secure (URLs reach
   * logs); prefer {@link #organizationApiBasic(String)}. Latchkey logs one warning per client and
   * never logs such a URL.
   *
   * @param baseUrl the server's base URL
   * @return the provider
   */
  public static Provider organizationApiQuery(String baseUrl) {
    HttpUrl base = Urls.base(baseUrl, "baseUrl");
    return builder()
        .name("orgapi")
        .tokenEndpoint(base.resolve("oauth2/token"))
        .dialect(Dialect.builder()
            .encoding(Dialect.Encoding.QUERY)
            .clientAuthentication(Dialect.ClientAuthentication.PARAMETERS)
            .build())
        .build();
  }

  /**
   * Returns Orgo: standard form requests; paths {@code oauth/authorize}, {@code oauth/token} and
   * {@code oauth/userinfo} under {@code baseUrl}; scopes {@code profile email groups roles}.
   *
   * @param baseUrl the server's base URL
   * @return the provider
   */
  public static Provider orgo(String baseUrl) {
    HttpUrl base = Urls.base(baseUrl, "baseUrl");
    return builder()
        .name("orgo")
        .authorizationEndpoint(base.resolve("oauth/authorize"))
        .tokenEndpoint(base.resolve("oauth/token"))
        .userinfoEndpoint(base.resolve("oauth/userinfo"))
        .build();
  }

  /**
   * Returns Onna at {@code https://api.onna.com/v1/oauth/token}.
   *
   * @return the provider
   * @see #onna(String)
   */
  public static Provider onna() {
    return onna(ONNA_BASE_URL);
  }

  /**
   * Returns Onna: client_credentials only, form body with the credentials in it, at
   * {@code v1/oauth/token} under {@code baseUrl}. Its tokens cannot be refreshed: a session
   * acquires a new one when the old one (3599 s) ends.
   *
   * @param baseUrl the server's base URL
   * @return the provider
   */
  public static Provider onna(String baseUrl) {
    HttpUrl base = Urls.base(baseUrl, "baseUrl");
    return builder()
        .name("onna")
        .tokenEndpoint(base.resolve("v1/oauth/token"))
        .dialect(Dialect.builder()
            .clientAuthentication(Dialect.ClientAuthentication.PARAMETERS)
            .renewal(Dialect.Renewal.REACQUIRE)
            .build())
        .build();
  }

  /**
   * Returns a plain RFC 6749 server with the given endpoints and the {@link Dialect#standard()}
   * dialect. Add userinfo or revocation endpoints with {@link #newBuilder()}.
   *
   * @param authorizationEndpoint the authorization endpoint, or null for a server without one
   * @param tokenEndpoint the token endpoint
   * @return the provider
   */
  public static Provider standard(String authorizationEndpoint, String tokenEndpoint) {
    Builder builder = builder().name("standard").tokenEndpoint(tokenEndpoint);
    if (authorizationEndpoint != null) {
      builder.authorizationEndpoint(authorizationEndpoint);
    }
    return builder.build();
  }

  /**
   * Reads an authorization server's metadata (RFC 8414, or OpenID Connect Discovery) and returns
   * a standard provider with the endpoints it lists. The document's {@code issuer} must equal
   * {@code issuer} (RFC 8414 §3.3). When the RFC 8414 document lacks {@code userinfo_endpoint},
   * {@code end_session_endpoint} or {@code jwks_uri}, the OpenID configuration is read for them
   * too, and must name the same issuer.
   *
   * @param httpClient the client to fetch the document with
   * @param issuer the issuer identifier, such as {@code https://id.example.com}
   * @return the provider, with {@link #issuer()} set so callbacks' {@code iss} is checked
   * @throws IOException if no metadata document can be fetched or it is invalid
   */
  public static Provider discover(OkHttpClient httpClient, String issuer) throws IOException {
    requireNonNull(httpClient, "httpClient == null");
    requireNonNull(issuer, "issuer == null");
    Discovery.Metadata metadata = Discovery.fetch(httpClient, issuer);
    Builder builder = builder()
        .name(Urls.parse(issuer, "issuer").host())
        .issuer(metadata.issuer)
        .issuerParameterRequired(metadata.issuerParameterSupported)
        .tokenEndpoint(metadata.tokenEndpoint);
    if (metadata.authorizationEndpoint != null) {
      builder.authorizationEndpoint(metadata.authorizationEndpoint);
    }
    if (metadata.userinfoEndpoint != null) {
      builder.userinfoEndpoint(metadata.userinfoEndpoint);
    }
    if (metadata.revocationEndpoint != null) {
      builder.revocationEndpoint(metadata.revocationEndpoint);
    }
    ProviderMetadata.apply(metadata, builder);
    if (metadata.deviceAuthorizationEndpoint != null) {
      builder.deviceAuthorizationEndpoint(metadata.deviceAuthorizationEndpoint);
    }
    if (metadata.jwksUri != null) {
      builder.jwksUri(metadata.jwksUri);
    }
    if (metadata.endSessionEndpoint != null) {
      builder.endSessionEndpoint(metadata.endSessionEndpoint);
    }
    if (metadata.authMethods != null) {
      boolean basic = metadata.authMethods.contains("client_secret_basic");
      boolean post = metadata.authMethods.contains("client_secret_post");
      if (basic && !post) {
        builder.dialect(Dialect.builder()
            .clientAuthentication(Dialect.ClientAuthentication.BASIC).build());
      } else if (post && !basic) {
        builder.dialect(Dialect.builder()
            .clientAuthentication(Dialect.ClientAuthentication.PARAMETERS).build());
      }
    }
    return builder.build();
  }

  /**
   * Returns a builder for a provider.
   *
   * @return a builder with the {@link Dialect#standard()} dialect
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder initialized with this provider's values, to override an endpoint or the
   * dialect.
   *
   * @return a builder holding a copy of this provider
   */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /**
   * Returns a short name for logs and store keys, such as {@code ora}.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the authorization endpoint (RFC 6749 §3.1).
   *
   * @return the endpoint, or null for a provider without the code flow
   */
  public HttpUrl authorizationEndpoint() {
    return authorizationEndpoint;
  }

  /**
   * Returns the token endpoint (RFC 6749 §3.2).
   *
   * @return the endpoint, never null
   */
  public HttpUrl tokenEndpoint() {
    return tokenEndpoint;
  }

  /**
   * Returns the userinfo endpoint.
   *
   * @return the endpoint, or null when the provider has none
   */
  public HttpUrl userinfoEndpoint() {
    return userinfoEndpoint;
  }

  /**
   * Returns the revocation endpoint (RFC 7009).
   *
   * @return the endpoint, or null when the provider has none
   */
  public HttpUrl revocationEndpoint() {
    return revocationEndpoint;
  }

  /**
   * Returns the device authorization endpoint (RFC 8628 §3.1), where the device flow starts.
   *
   * @return the endpoint, or null when the provider has none
   */
  public HttpUrl deviceAuthorizationEndpoint() {
    return deviceAuthorizationEndpoint;
  }

  /**
   * Returns the URL of the provider's JSON Web Key Set (OpenID Connect Discovery
   * {@code jwks_uri}), the keys its ID tokens are signed with.
   *
   * @return the URL, or null when the provider has none
   */
  public HttpUrl jwksUri() {
    return jwksUri;
  }

  /**
   * Returns the end-session endpoint (OpenID Connect RP-Initiated Logout §2), where
   * {@link OAuth2Client#endSessionUrl} sends the browser to sign out at the provider.
   *
   * @return the endpoint, or null when the provider has none
   */
  public HttpUrl endSessionEndpoint() {
    return endSessionEndpoint;
  }

  /**
   * Returns the issuer identifier; when set, a callback's {@code iss} parameter must equal it
   * (RFC 9207).
   *
   * @return the issuer, or null
   */
  public String issuer() {
    return issuer;
  }

  /**
   * Returns whether every authorization response must carry {@code iss} (RFC 9207 §2.4): set by
   * discovery when the metadata says {@code authorization_response_iss_parameter_supported}. A
   * callback without it is then refused, as it may come from another server (a mix-up attack).
   *
   * @return true if a callback without {@code iss} is refused
   */
  public boolean issuerParameterRequired() {
    return issuerParameterRequired;
  }

  /**
   * Returns how this provider bends the token endpoint.
   *
   * @return the dialect
   */
  public Dialect dialect() {
    return dialect;
  }

  /**
   * Returns the pushed authorization request endpoint (RFC 9126 §5).
   *
   * @return the endpoint, or null when the provider has none
   */
  public HttpUrl pushedAuthorizationRequestEndpoint() {
    return pushedAuthorizationRequestEndpoint;
  }

  /**
   * Tells whether the provider accepts authorization requests only when pushed (RFC 9126 §5,
   * {@code require_pushed_authorization_requests}); authorization requests are then pushed
   * automatically.
   *
   * @return true if every authorization request must be pushed
   */
  public boolean pushedAuthorizationRequired() {
    return pushedAuthorizationRequired;
  }

  /**
   * Returns the endpoints a client authenticating with a TLS certificate uses instead of the
   * usual ones (RFC 8705 §5, {@code mtls_endpoint_aliases}), by metadata name such as
   * {@code token_endpoint}.
   *
   * @return an unmodifiable map, empty when the provider has no aliases
   */
  public java.util.Map<String, HttpUrl> mtlsEndpointAliases() {
    return mtlsEndpointAliases;
  }

  /**
   * Returns the algorithms the provider accepts for DPoP proofs (RFC 9449 §5.1,
   * {@code dpop_signing_alg_values_supported}).
   *
   * @return an unmodifiable list; empty when the provider did not say
   */
  public java.util.List<String> dpopSigningAlgorithms() {
    return dpopSigningAlgorithms;
  }

  @Override
  public String toString() {
    return "Provider{name=" + name + ", tokenEndpoint=" + tokenEndpoint + ", dialect=" + dialect
        + "}";
  }

  /** Builds a {@link Provider}. A token endpoint is required; everything else is optional. */
  public static final class Builder {
    private String name = "custom";
    private HttpUrl authorizationEndpoint;
    private HttpUrl tokenEndpoint;
    private HttpUrl userinfoEndpoint;
    private HttpUrl revocationEndpoint;
    private HttpUrl deviceAuthorizationEndpoint;
    private HttpUrl jwksUri;
    private HttpUrl endSessionEndpoint;
    private String issuer;
    private boolean issuerParameterRequired;
    private Dialect dialect = Dialect.standard();
    private HttpUrl pushedAuthorizationRequestEndpoint;
    private boolean pushedAuthorizationRequired;
    private final java.util.Map<String, HttpUrl> mtlsEndpointAliases =
        new java.util.LinkedHashMap<>();
    private final java.util.List<String> dpopSigningAlgorithms = new java.util.ArrayList<>();

    Builder() {
    }

    Builder(Provider provider) {
      this.name = provider.name;
      this.authorizationEndpoint = provider.authorizationEndpoint;
      this.tokenEndpoint = provider.tokenEndpoint;
      this.userinfoEndpoint = provider.userinfoEndpoint;
      this.revocationEndpoint = provider.revocationEndpoint;
      this.deviceAuthorizationEndpoint = provider.deviceAuthorizationEndpoint;
      this.jwksUri = provider.jwksUri;
      this.endSessionEndpoint = provider.endSessionEndpoint;
      this.issuer = provider.issuer;
      this.issuerParameterRequired = provider.issuerParameterRequired;
      this.dialect = provider.dialect;
      this.pushedAuthorizationRequestEndpoint = provider.pushedAuthorizationRequestEndpoint;
      this.pushedAuthorizationRequired = provider.pushedAuthorizationRequired;
      this.mtlsEndpointAliases.putAll(provider.mtlsEndpointAliases);
      this.dpopSigningAlgorithms.addAll(provider.dpopSigningAlgorithms);
    }

    /**
     * Sets the short name used in logs and store keys.
     *
     * @param name such as {@code ora}
     * @return this builder
     */
    public Builder name(String name) {
      requireNonNull(name, "name == null");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("name is empty");
      }
      this.name = name;
      return this;
    }

    /**
     * Sets the authorization endpoint.
     *
     * @param url an https URL (http only on loopback), or null for none
     * @return this builder
     */
    public Builder authorizationEndpoint(String url) {
      return authorizationEndpoint(url == null ? null : Urls.parse(url, "authorizationEndpoint"));
    }

    /**
     * Sets the authorization endpoint.
     *
     * @param url an https URL (http only on loopback), or null for none
     * @return this builder
     */
    public Builder authorizationEndpoint(HttpUrl url) {
      this.authorizationEndpoint = Urls.requireSecure(url, "authorizationEndpoint");
      return this;
    }

    /**
     * Sets the token endpoint.
     *
     * @param url an https URL (http only on loopback)
     * @return this builder
     */
    public Builder tokenEndpoint(String url) {
      requireNonNull(url, "tokenEndpoint == null");
      return tokenEndpoint(Urls.parse(url, "tokenEndpoint"));
    }

    /**
     * Sets the token endpoint.
     *
     * @param url an https URL (http only on loopback)
     * @return this builder
     */
    public Builder tokenEndpoint(HttpUrl url) {
      requireNonNull(url, "tokenEndpoint == null");
      this.tokenEndpoint = Urls.requireSecure(url, "tokenEndpoint");
      return this;
    }

    /**
     * Sets the userinfo endpoint.
     *
     * @param url an https URL (http only on loopback), or null for none
     * @return this builder
     */
    public Builder userinfoEndpoint(String url) {
      return userinfoEndpoint(url == null ? null : Urls.parse(url, "userinfoEndpoint"));
    }

    /**
     * Sets the userinfo endpoint.
     *
     * @param url an https URL (http only on loopback), or null for none
     * @return this builder
     */
    public Builder userinfoEndpoint(HttpUrl url) {
      this.userinfoEndpoint = Urls.requireSecure(url, "userinfoEndpoint");
      return this;
    }

    /**
     * Sets the revocation endpoint (RFC 7009).
     *
     * @param url an https URL (http only on loopback), or null for none
     * @return this builder
     */
    public Builder revocationEndpoint(String url) {
      return revocationEndpoint(url == null ? null : Urls.parse(url, "revocationEndpoint"));
    }

    /**
     * Sets the revocation endpoint (RFC 7009).
     *
     * @param url an https URL (http only on loopback), or null for none
     * @return this builder
     */
    public Builder revocationEndpoint(HttpUrl url) {
      this.revocationEndpoint = Urls.requireSecure(url, "revocationEndpoint");
      return this;
    }

    /**
     * Sets the device authorization endpoint (RFC 8628 §3.1).
     *
     * @param url an https URL (http only on loopback), or null for none
     * @return this builder
     */
    public Builder deviceAuthorizationEndpoint(String url) {
      return deviceAuthorizationEndpoint(
          url == null ? null : Urls.parse(url, "deviceAuthorizationEndpoint"));
    }

    /**
     * Sets the device authorization endpoint (RFC 8628 §3.1).
     *
     * @param url an https URL (http only on loopback), or null for none
     * @return this builder
     */
    public Builder deviceAuthorizationEndpoint(HttpUrl url) {
      this.deviceAuthorizationEndpoint = Urls.requireSecure(url, "deviceAuthorizationEndpoint");
      return this;
    }

    /**
     * Sets the URL of the provider's JSON Web Key Set, which ID tokens are verified against.
     *
     * @param url an https URL (http only on loopback), or null for none
     * @return this builder
     */
    public Builder jwksUri(String url) {
      return jwksUri(url == null ? null : Urls.parse(url, "jwksUri"));
    }

    /**
     * Sets the URL of the provider's JSON Web Key Set, which ID tokens are verified against.
     *
     * @param url an https URL (http only on loopback), or null for none
     * @return this builder
     */
    public Builder jwksUri(HttpUrl url) {
      this.jwksUri = Urls.requireSecure(url, "jwksUri");
      return this;
    }

    /**
     * Sets the end-session endpoint (OpenID Connect RP-Initiated Logout).
     *
     * @param url an https URL (http only on loopback), or null for none
     * @return this builder
     */
    public Builder endSessionEndpoint(String url) {
      return endSessionEndpoint(url == null ? null : Urls.parse(url, "endSessionEndpoint"));
    }

    /**
     * Sets the end-session endpoint (OpenID Connect RP-Initiated Logout).
     *
     * @param url an https URL (http only on loopback), or null for none
     * @return this builder
     */
    public Builder endSessionEndpoint(HttpUrl url) {
      this.endSessionEndpoint = Urls.requireSecure(url, "endSessionEndpoint");
      return this;
    }

    /**
     * Sets the issuer identifier that callbacks' {@code iss} must match (RFC 9207).
     *
     * @param issuer the issuer, or null to skip the check
     * @return this builder
     */
    public Builder issuer(String issuer) {
      this.issuer = issuer;
      return this;
    }

    /**
     * Requires {@code iss} on every callback (RFC 9207 §2.4), as servers that advertise
     * {@code authorization_response_iss_parameter_supported} send it; {@link #build()} then
     * requires an {@link #issuer(String) issuer}. Off by default.
     *
     * @param required true to refuse a callback without {@code iss}
     * @return this builder
     */
    public Builder issuerParameterRequired(boolean required) {
      this.issuerParameterRequired = required;
      return this;
    }

    /**
     * Sets the dialect.
     *
     * @param dialect how this provider bends the token endpoint
     * @return this builder
     */
    public Builder dialect(Dialect dialect) {
      this.dialect = requireNonNull(dialect, "dialect == null");
      return this;
    }

    /**
     * Sets the pushed authorization request endpoint (RFC 9126 §5).
     *
     * @param url an https URL (or http on loopback), or null for none
     * @return this builder
     */
    public Builder pushedAuthorizationRequestEndpoint(String url) {
      this.pushedAuthorizationRequestEndpoint = url == null ? null
          : Urls.requireSecure(Urls.parse(url, "pushedAuthorizationRequestEndpoint"),
              "pushedAuthorizationRequestEndpoint");
      return this;
    }

    /**
     * Sets whether every authorization request must be pushed (RFC 9126 §5); off by default.
     *
     * @param required true to push every authorization request
     * @return this builder
     */
    public Builder pushedAuthorizationRequired(boolean required) {
      this.pushedAuthorizationRequired = required;
      return this;
    }

    /**
     * Adds an endpoint alias for clients authenticating with a TLS certificate (RFC 8705 §5).
     *
     * @param name the metadata name, such as {@code token_endpoint},
     *     {@code revocation_endpoint} or {@code pushed_authorization_request_endpoint}
     * @param url the alias, an https URL (or http on loopback)
     * @return this builder
     */
    public Builder mtlsEndpointAlias(String name, String url) {
      requireNonNull(name, "name == null");
      requireNonNull(url, "url == null");
      mtlsEndpointAliases.put(name, Urls.requireSecure(Urls.parse(url, name), name));
      return this;
    }

    /**
     * Sets the algorithms the provider accepts for DPoP proofs (RFC 9449 §5.1).
     *
     * @param algorithms JWS algorithm names such as {@code ES256}; none when unknown
     * @return this builder
     */
    public Builder dpopSigningAlgorithms(java.util.List<String> algorithms) {
      requireNonNull(algorithms, "algorithms == null");
      dpopSigningAlgorithms.clear();
      for (String algorithm : algorithms) {
        dpopSigningAlgorithms.add(requireNonNull(algorithm, "algorithms contains null"));
      }
      return this;
    }

    /**
     * Returns the provider.
     *
     * @return a new immutable provider
     * @throws IllegalStateException if no token endpoint was set
     */
    public Provider build() {
      if (tokenEndpoint == null) {
        throw new IllegalStateException("tokenEndpoint is required");
      }
      if (issuerParameterRequired && issuer == null) {
        throw new IllegalStateException("issuerParameterRequired needs an issuer to compare with");
      }
      if (pushedAuthorizationRequired && pushedAuthorizationRequestEndpoint == null) {
        throw new IllegalStateException("pushedAuthorizationRequired needs a"
            + " pushedAuthorizationRequestEndpoint to push to");
      }
      return new Provider(this);
    }
  }
}
