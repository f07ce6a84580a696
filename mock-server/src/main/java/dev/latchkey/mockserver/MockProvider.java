package dev.latchkey.mockserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One provider the mock server hosts under its own path prefix: its endpoints and the dialect of
 * its wire format, as the provider documents it. Immutable; build one with {@link #builder(String)}
 * or start from a built-in with {@link #newBuilder()}.
 *
 * <pre>{@code
 * MockProvider acme = MockProvider.builder("acme")
 *     .displayName("Acme")
 *     .tokenPath("/oauth2/token")
 *     .grants(MockProvider.GrantType.CLIENT_CREDENTIALS)
 *     .clientAuthentication(MockProvider.ClientAuthMethod.BASIC)
 *     .accessTokenLifetime(Duration.ofMinutes(5))
 *     .build();
 * MockAuthServer server = MockAuthServer.builder().provider(acme).build();
 * }</pre>
 *
 * <p>The six built-ins ({@link #ORA}, {@link #ORANGE_LOGIC}, {@link #ORGANIZATION_API},
 * {@link #ORGO}, {@link #ONNA}, {@link #STANDARD}) are values like any other.
 */
public final class MockProvider {
  /** A grant the token endpoint accepts (RFC 6749 §4). */
  public enum GrantType {
    /** {@code authorization_code} (RFC 6749 §4.1), with PKCE (RFC 7636) when the client sent a challenge. */
    AUTHORIZATION_CODE("authorization_code"),
    /** {@code refresh_token} (RFC 6749 §6). */
    REFRESH_TOKEN("refresh_token"),
    /** {@code client_credentials} (RFC 6749 §4.4). */
    CLIENT_CREDENTIALS("client_credentials"),
    /**
     * The device authorization grant (RFC 8628),
     * {@code urn:ietf:params:oauth:grant-type:device_code},
     * with its device authorization endpoint at {@code /ID/device_authorization} and the
     * verification page at {@code /ID/device}.
     */
    DEVICE_CODE("urn:ietf:params:oauth:grant-type:device_code"),
    /** Token exchange (RFC 8693), {@code urn:ietf:params:oauth:grant-type:token-exchange}. */
    TOKEN_EXCHANGE("urn:ietf:params:oauth:grant-type:token-exchange");

    private final String wireName;

    GrantType(String wireName) {
      this.wireName = wireName;
    }

    /** {@return the {@code grant_type} value on the wire, such as {@code "refresh_token"}} */
    public String wireName() {
      return wireName;
    }

    static GrantType fromWire(String name) {
      for (GrantType g : values()) {
        if (g.wireName.equals(name)) return g;
      }
      return null;
    }
  }

  /** How the token endpoint accepts a request body. */
  public enum BodyEncoding {
    /** {@code application/x-www-form-urlencoded} (RFC 6749 §3.2). */
    FORM,
    /** {@code application/json}, string members only. */
    JSON
  }

  /** Where a client may put its credentials at the token and revocation endpoints. */
  public enum ClientAuthMethod {
    /** An HTTP Basic header (RFC 6749 §2.3.1, {@code client_secret_basic}). */
    BASIC,
    /** {@code client_id} and {@code client_secret} in the request body ({@code client_secret_post}). */
    BODY,
    /**
     * {@code client_id} and {@code client_secret} in the URL query of the POST; with it every
     * token request parameter may go in the query.
     */
    QUERY,
    /**
     * A JWT signed with the client's private key (RS256, PS256 or ES256) in
     * {@code client_assertion} ({@code private_key_jwt}, RFC 7523 §2.2, OpenID Connect Core §9),
     * checked against the public keys registered for the client.
     */
    PRIVATE_KEY_JWT,
    /**
     * A JWT signed with HS256 keyed by the client secret in {@code client_assertion}
     * ({@code client_secret_jwt}, RFC 7523 §2.2, OpenID Connect Core §9).
     */
    CLIENT_SECRET_JWT,
    /**
     * A client certificate over the mutual TLS listener, issued by a trusted CA to the client's
     * registered subject DN ({@code tls_client_auth}, RFC 8705 §2.1), with {@code client_id}.
     */
    TLS_CLIENT_AUTH,
    /**
     * A client certificate over the mutual TLS listener, one the client registered
     * ({@code self_signed_tls_client_auth}, RFC 8705 §2.2), with {@code client_id}.
     */
    SELF_SIGNED_TLS_CLIENT_AUTH
  }

  /** How a resource request presents its access token. */
  public enum TokenPresentation {
    /** {@code Authorization: Bearer <token>} (RFC 6750 §2.1). */
    BEARER,
    /**
     * Bearer for unbound tokens; a token request with a {@code DPoP} proof gets a token bound to
     * the proof's key ({@code token_type=DPoP}), which APIs take only as
     * {@code Authorization: DPoP <token>} with a proof of the same key (RFC 9449).
     */
    DPOP
  }

  /** The algorithm ID tokens are signed with (RFC 7518 §3.1). */
  public enum SigningAlgorithm {
    /** RSASSA-PKCS1-v1_5 with SHA-256, the OpenID Connect default. */
    RS256,
    /** ECDSA on P-256 with SHA-256. */
    ES256
  }

  /** What an API answers when the access token is missing, unknown, revoked or expired. */
  public enum Unauthorized {
    /** 401 with an RFC 6750 §3 {@code WWW-Authenticate: Bearer} challenge and a JSON error. */
    BEARER_CHALLENGE,
    /** A bare 401: no challenge, no body (as Onna answers). */
    BARE
  }


  /** Ora: JSON token requests, credentials in the JSON body, {@code redirect_uri} on every code exchange. */
  public static final MockProvider ORA = builder("ora").displayName("Ora")
      .authorizePath("/oauth/authorize").tokenPath("/oauth/token")
      .grants(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN)
      .bodyEncodings(BodyEncoding.JSON).clientAuthentication(ClientAuthMethod.BODY)
      .redirectUriRequiredInTokenRequest(true).build();
  /** Orange Logic: form or JSON, credentials in the body, the refresh token sent as {@code code}. */
  public static final MockProvider ORANGE_LOGIC = builder("orangelogic")
      .displayName("Orange Logic").authorizePath("/oauth2/authorize").tokenPath("/oauth2/token")
      .grants(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN)
      .bodyEncodings(BodyEncoding.FORM, BodyEncoding.JSON)
      .clientAuthentication(ClientAuthMethod.BODY).refreshTokenParameter("code")
      .accessTokenLifetime(Duration.ofHours(24)).rotatesRefreshTokens(false).build();
  /** Organization API: client_credentials; credentials in a Basic header or the URL query. */
  public static final MockProvider ORGANIZATION_API = builder("orgapi")
      .displayName("Organization API").tokenPath("/oauth2/token")
      .grants(GrantType.CLIENT_CREDENTIALS, GrantType.REFRESH_TOKEN)
      .clientAuthentication(ClientAuthMethod.BASIC, ClientAuthMethod.QUERY)
      .refreshTokenOnClientCredentials(true).build();
  /** Orgo: standard code flow with userinfo and a fixed set of scopes. */
  public static final MockProvider ORGO = builder("orgo").displayName("Orgo")
      .authorizePath("/oauth/authorize").tokenPath("/oauth/token")
      .userinfoPath("/oauth/userinfo")
      .grants(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN)
      .scopes(List.of("profile", "email", "groups", "roles")).build();
  /** Onna: client_credentials only, form body, lowercase {@code bearer}, 3599 s, bare 401s. */
  public static final MockProvider ONNA = builder("onna").displayName("Onna")
      .tokenPath("/v1/oauth/token").grants(GrantType.CLIENT_CREDENTIALS)
      .clientAuthentication(ClientAuthMethod.BODY).tokenType("bearer")
      .accessTokenLifetime(Duration.ofSeconds(3599)).unauthorized(Unauthorized.BARE).build();
  /** A standard RFC 6749 provider: every grant, revocation, metadata, public clients. */
  public static final MockProvider STANDARD = builder("standard")
      .displayName("Standard (RFC 6749)").userinfoPath("/userinfo").revokePath("/revoke")
      .grants(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN, GrantType.CLIENT_CREDENTIALS,
          GrantType.DEVICE_CODE, GrantType.TOKEN_EXCHANGE)
      .scopes(List.of("profile", "email", "read", "write")).publicClients(true)
      .clientAuthentication(ClientAuthMethod.BASIC, ClientAuthMethod.BODY,
          ClientAuthMethod.PRIVATE_KEY_JWT, ClientAuthMethod.CLIENT_SECRET_JWT,
          ClientAuthMethod.TLS_CLIENT_AUTH, ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH)
      .certificateBoundAccessTokens(true).tokenPresentation(TokenPresentation.DPOP)
      .parPath("/par").openIdConnect(true).metadata(true).build();

  private static final List<MockProvider> BUILT_INS =
      List.of(ORA, ORANGE_LOGIC, ORGANIZATION_API, ORGO, ONNA, STANDARD);

  final String id;
  final String displayName;
  final String authorizePath;
  final String tokenPath;
  final String userinfoPath;
  final String revokePath;
  final boolean metadata;
  final List<GrantType> grants;
  final Set<BodyEncoding> bodyEncodings;
  final Set<ClientAuthMethod> clientAuth;
  final String refreshParam;
  final String tokenType;
  final Duration accessLifetime;
  final Duration refreshLifetime;
  final boolean rotates;
  final boolean refreshOnClientCredentials;
  final Set<String> scopes;
  final TokenPresentation presentation;
  final Unauthorized unauthorized;
  final boolean publicClients;
  final boolean redirectUriRequired;
  final ProviderExtensions extensions;

  private MockProvider(Builder b, ProviderExtensions extensions) {
    this.id = b.id;
    this.displayName = b.displayName != null ? b.displayName : b.id;
    // The authorization endpoint only ever issues codes.
    this.authorizePath = b.grants.contains(GrantType.AUTHORIZATION_CODE) ? b.authorizePath
        : null;
    this.tokenPath = b.tokenPath;
    this.userinfoPath = b.userinfoPath;
    this.revokePath = b.revokePath;
    this.metadata = b.metadata;
    this.grants = List.copyOf(b.grants);
    this.bodyEncodings = Set.copyOf(b.bodyEncodings);
    this.clientAuth = Set.copyOf(b.clientAuth);
    this.refreshParam = b.refreshParam;
    this.tokenType = b.tokenType;
    this.accessLifetime = b.accessLifetime;
    this.refreshLifetime = b.refreshLifetime;
    this.rotates = b.rotates;
    this.refreshOnClientCredentials = b.refreshOnClientCredentials
        && b.grants.contains(GrantType.REFRESH_TOKEN);
    this.scopes = b.scopes == null ? null
        : Collections.unmodifiableSet(new LinkedHashSet<>(b.scopes));
    this.presentation = b.presentation;
    this.unauthorized = b.unauthorized;
    this.publicClients = b.publicClients;
    this.redirectUriRequired = b.redirectUriRequired;
    this.extensions = extensions;
  }

  /**
   * Returns a builder for a provider under {@code /id/}, with the defaults of a standard RFC 6749
   * provider: {@code /authorize} and {@code /token}, authorization_code and refresh_token, form
   * bodies, Basic or body credentials, {@code Bearer} tokens that live 1 hour, 30-day rotating
   * refresh tokens, any scope, RFC 6750 challenges.
   *
   * @param id the path prefix: 1 to 40 of {@code a-z 0-9 -}, starting with a letter or digit
   * @return the builder
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** {@return a builder that starts from every setting of this provider} */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** {@return the six built-in providers, in the order the server lists them} */
  public static List<MockProvider> builtIns() {
    return BUILT_INS;
  }

  /**
   * Returns the built-in provider with path prefix {@code id}.
   *
   * @param id {@code ora}, {@code orangelogic}, {@code orgapi}, {@code orgo}, {@code onna} or
   *     {@code standard}, in any case
   * @return the provider
   * @throws IllegalArgumentException if no built-in has that prefix
   */
  public static MockProvider builtIn(String id) {
    return find(BUILT_INS, id);
  }

  /** {@return the provider of {@code list} with prefix {@code id} (any case); throws if none} */
  static MockProvider find(Collection<MockProvider> list, String id) {
    Objects.requireNonNull(id, "provider == null");
    String lower = id.toLowerCase(Locale.ROOT);
    for (MockProvider p : list) {
      if (p.id.equals(lower)) return p;
    }
    List<String> ids = new ArrayList<>();
    for (MockProvider p : list) ids.add(p.id);
    throw new IllegalArgumentException("unknown provider \"" + id + "\"; use one of "
        + String.join(", ", ids));
  }

  /** {@return the path prefix, such as {@code "ora"}} */
  public String id() {
    return id;
  }

  /** {@return the name pages and messages show, such as {@code "Orange Logic"}} */
  public String displayName() {
    return displayName;
  }

  /** {@return the grants the token endpoint accepts, in the order messages list them} */
  public List<GrantType> grants() {
    return grants;
  }

  /** {@return the default lifetime of the access tokens it issues} */
  public Duration accessTokenLifetime() {
    return accessLifetime;
  }

  /** {@return whether it rotates refresh tokens unless the server's settings say otherwise} */
  public boolean rotatesRefreshTokens() {
    return rotates;
  }

  boolean supports(GrantType g) {
    return grants.contains(g);
  }

  boolean issuesRefreshTokens() {
    return grants.contains(GrantType.REFRESH_TOKEN);
  }

  Duration refreshLifetime() {
    return refreshLifetime;
  }

  String grantNames() {
    List<String> names = new ArrayList<>();
    for (GrantType g : grants) names.add(g.wireName);
    return String.join(", ", names);
  }

  @Override public boolean equals(Object o) {
    return o instanceof MockProvider && ((MockProvider) o).id.equals(id)
        && ((MockProvider) o).describe().equals(describe());
  }

  @Override public int hashCode() {
    return id.hashCode();
  }

  private String describe() {
    return ProviderJson.toJson(this).toString();
  }

  @Override public String toString() {
    return "MockProvider{" + id + "}";
  }

  /**
   * Builds a {@link MockProvider}; every setting is named, unset ones keep their defaults. The
   * setters of the token endpoint's dialect and of the protocol extensions are listed with it.
   */
  public static final class Builder extends ExtensionSetters {
    private String id;
    private String displayName;
    private String authorizePath = "/authorize";
    private String tokenPath = "/token";
    private String userinfoPath;
    private String revokePath;
    private boolean metadata;

    private Builder(String id) {
      id(id);
    }

    private Builder(MockProvider p) {
      super(p);
      id = p.id;
      displayName = p.displayName;
      authorizePath = p.authorizePath;
      tokenPath = p.tokenPath;
      userinfoPath = p.userinfoPath;
      revokePath = p.revokePath;
      metadata = p.metadata;
    }

    /**
     * Sets the path prefix the provider lives under.
     *
     * @param id 1 to 40 of {@code a-z 0-9 -}, starting with a letter or digit
     * @return this builder
     */
    public Builder id(String id) {
      this.id = ProviderChecks.id(id);
      return this;
    }

    /**
     * Sets the name pages and messages show.
     *
     * @param name such as {@code "Acme"}; the id by default
     * @return this builder
     */
    public Builder displayName(String name) {
      this.displayName = Objects.requireNonNull(name, "name == null");
      return this;
    }

    /**
     * Sets the authorization endpoint's path under the prefix.
     *
     * @param path such as {@code "/oauth/authorize"}, or null for a provider without one
     * @return this builder
     */
    public Builder authorizePath(String path) {
      this.authorizePath = ProviderChecks.path(path, true);
      return this;
    }

    /**
     * Sets the token endpoint's path under the prefix.
     *
     * @param path such as {@code "/oauth/token"}
     * @return this builder
     */
    public Builder tokenPath(String path) {
      this.tokenPath = ProviderChecks.path(path, false);
      return this;
    }

    /**
     * Sets the userinfo endpoint's path under the prefix.
     *
     * @param path such as {@code "/userinfo"}, or null (the default) for none
     * @return this builder
     */
    public Builder userinfoPath(String path) {
      this.userinfoPath = ProviderChecks.path(path, true);
      return this;
    }

    /**
     * Sets the revocation endpoint's (RFC 7009) path under the prefix.
     *
     * @param path such as {@code "/revoke"}, or null (the default) for none
     * @return this builder
     */
    public Builder revokePath(String path) {
      this.revokePath = ProviderChecks.path(path, true);
      return this;
    }

    /**
     * Publishes RFC 8414 metadata at {@code /ID/.well-known/oauth-authorization-server} and
     * {@code /.well-known/oauth-authorization-server/ID}.
     *
     * @param publish true to publish; false by default
     * @return this builder
     */
    public Builder metadata(boolean publish) {
      this.metadata = publish;
      return this;
    }

    /**
     * Returns the provider.
     *
     * @return the immutable provider value
     * @throws IllegalStateException if endpoints share a path, or authorization_code is
     *     accepted without an authorization endpoint, or an extension lacks what it needs
     */
    public MockProvider build() {
      boolean code = grants.contains(GrantType.AUTHORIZATION_CODE);
      if (code && authorizePath == null) {
        throw new IllegalStateException("authorization_code needs an authorizePath");
      }
      ProviderExtensions extensions = extensions();
      boolean device = grants.contains(GrantType.DEVICE_CODE);
      Set<String> paths = new LinkedHashSet<>();
      for (String p : new String[] {authorizePath, tokenPath, userinfoPath, revokePath,
          extensions.parPath, extensions.openId ? OpenIdEndpoints.JWKS_PATH : null,
          device ? DeviceEndpoints.AUTHORIZATION_PATH : null,
          device ? DeviceEndpoints.VERIFICATION_PATH : null,
          extensions.openId ? OpenIdEndpoints.LOGOUT_PATH : null}) {
        if (p != null && !paths.add(p)) {
          throw new IllegalStateException("two endpoints share the path " + p);
        }
      }
      return new MockProvider(this, extensions);
    }
  }
}
