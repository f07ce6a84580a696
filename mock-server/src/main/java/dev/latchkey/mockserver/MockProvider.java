package dev.latchkey.mockserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

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

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
  private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
  private static final Duration DEFAULT_REFRESH_LIFETIME = Duration.ofDays(30);

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
      .certificateBoundAccessTokens(true).tokenPresentation(TokenPresentation.DPOP).parPath("/par").openIdConnect(true)
      .metadata(true).build();

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
  final boolean requireDpop;
  final boolean dpopNonce;
  final String parPath;
  final boolean requirePar;
  final boolean openId;
  final SigningAlgorithm idTokenAlg;
  final boolean certificateBound;

  private MockProvider(Builder b) {
    this.id = b.id;
    this.displayName = b.displayName != null ? b.displayName : b.id;
    this.authorizePath = b.authorizePath;
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
    this.refreshOnClientCredentials = b.refreshOnClientCredentials;
    this.scopes = b.scopes == null ? null
        : Collections.unmodifiableSet(new LinkedHashSet<>(b.scopes));
    this.presentation = b.presentation;
    this.unauthorized = b.unauthorized;
    this.publicClients = b.publicClients;
    this.redirectUriRequired = b.redirectUriRequired;
    this.requireDpop = b.requireDpop;
    this.dpopNonce = b.dpopNonce;
    this.parPath = b.parPath;
    this.requirePar = b.requirePar;
    this.openId = b.openId;
    this.idTokenAlg = b.idTokenAlg;
    this.certificateBound = b.certificateBound;
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

  String bodyFormats() {
    if (bodyEncodings.size() == 2) {
      return "a form (application/x-www-form-urlencoded) or JSON (application/json) body";
    }
    return bodyEncodings.contains(BodyEncoding.JSON) ? "a JSON body (Content-Type: application/json)"
        : "a form body (Content-Type: application/x-www-form-urlencoded)";
  }

  /** {@return the body a client puts parameters in, for messages: "the JSON body" etc.} */
  String bodyName() {
    if (bodyEncodings.size() == 2) return "the request body";
    return bodyEncodings.contains(BodyEncoding.JSON) ? "the JSON body" : "the form body";
  }

  /** {@return where client credentials go, for messages} */
  String credentialsWhere() {
    List<String> ways = new ArrayList<>();
    if (clientAuth.contains(ClientAuthMethod.BASIC)) {
      ways.add(clientAuth.contains(ClientAuthMethod.QUERY)
          ? "in an HTTP Basic header (RFC 6749 §2.3.1)" : "in an HTTP Basic header");
    }
    if (clientAuth.contains(ClientAuthMethod.BODY)) ways.add("in " + bodyName());
    if (clientAuth.contains(ClientAuthMethod.QUERY)) ways.add("in the URL query");
    String secret = ways.isEmpty() ? null : String.join(" or ", ways)
        + " (client_id, client_secret)";
    List<String> jwts = new ArrayList<>();
    if (clientAuth.contains(ClientAuthMethod.PRIVATE_KEY_JWT)) jwts.add("private_key_jwt");
    if (clientAuth.contains(ClientAuthMethod.CLIENT_SECRET_JWT)) jwts.add("client_secret_jwt");
    String jwt = jwts.isEmpty() ? null : "as a client_assertion (" + String.join(" or ", jwts)
        + ", RFC 7523 §2.2)";
    return secret == null ? jwt : jwt == null ? secret : secret + ", or " + jwt;
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

  /** Builds a {@link MockProvider}; every setting is named, unset ones keep their defaults. */
  public static final class Builder {
    private String id;
    private String displayName;
    private String authorizePath = "/authorize";
    private String tokenPath = "/token";
    private String userinfoPath;
    private String revokePath;
    private boolean metadata;
    private Set<GrantType> grants =
        new LinkedHashSet<>(List.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
    private Set<BodyEncoding> bodyEncodings = EnumSet.of(BodyEncoding.FORM);
    private Set<ClientAuthMethod> clientAuth =
        EnumSet.of(ClientAuthMethod.BASIC, ClientAuthMethod.BODY);
    private String refreshParam = "refresh_token";
    private String tokenType = "Bearer";
    private Duration accessLifetime = Duration.ofHours(1);
    private Duration refreshLifetime = DEFAULT_REFRESH_LIFETIME;
    private boolean rotates = true;
    private boolean refreshOnClientCredentials;
    private Set<String> scopes;
    private TokenPresentation presentation = TokenPresentation.BEARER;
    private Unauthorized unauthorized = Unauthorized.BEARER_CHALLENGE;
    private boolean publicClients;
    private boolean redirectUriRequired;
    private boolean requireDpop;
    private boolean dpopNonce;
    private String parPath;
    private boolean requirePar;
    private boolean openId;
    private SigningAlgorithm idTokenAlg = SigningAlgorithm.RS256;
    private boolean certificateBound;

    private Builder(String id) {
      id(id);
    }

    private Builder(MockProvider p) {
      id = p.id;
      displayName = p.displayName;
      authorizePath = p.authorizePath;
      tokenPath = p.tokenPath;
      userinfoPath = p.userinfoPath;
      revokePath = p.revokePath;
      metadata = p.metadata;
      grants = new LinkedHashSet<>(p.grants);
      bodyEncodings = EnumSet.copyOf(p.bodyEncodings);
      clientAuth = EnumSet.copyOf(p.clientAuth);
      refreshParam = p.refreshParam;
      tokenType = p.tokenType;
      accessLifetime = p.accessLifetime;
      refreshLifetime = p.refreshLifetime;
      rotates = p.rotates;
      refreshOnClientCredentials = p.refreshOnClientCredentials;
      scopes = p.scopes;
      presentation = p.presentation;
      unauthorized = p.unauthorized;
      publicClients = p.publicClients;
      redirectUriRequired = p.redirectUriRequired;
      requireDpop = p.requireDpop;
      dpopNonce = p.dpopNonce;
      parPath = p.parPath;
      requirePar = p.requirePar;
      openId = p.openId;
      idTokenAlg = p.idTokenAlg;
      certificateBound = p.certificateBound;
    }

    /**
     * Sets the path prefix the provider lives under.
     *
     * @param id 1 to 40 of {@code a-z 0-9 -}, starting with a letter or digit
     * @return this builder
     */
    public Builder id(String id) {
      Objects.requireNonNull(id, "id == null");
      if (!ID.matcher(id).matches()) {
        throw new IllegalArgumentException("a provider id is 1 to 40 of a-z 0-9 - (starting with"
            + " a letter or digit); got \"" + id + "\"");
      }
      this.id = id;
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
      this.authorizePath = path(path, true);
      return this;
    }

    /**
     * Sets the token endpoint's path under the prefix.
     *
     * @param path such as {@code "/oauth/token"}
     * @return this builder
     */
    public Builder tokenPath(String path) {
      this.tokenPath = path(path, false);
      return this;
    }

    /**
     * Sets the userinfo endpoint's path under the prefix.
     *
     * @param path such as {@code "/userinfo"}, or null (the default) for none
     * @return this builder
     */
    public Builder userinfoPath(String path) {
      this.userinfoPath = path(path, true);
      return this;
    }

    /**
     * Sets the revocation endpoint's (RFC 7009) path under the prefix.
     *
     * @param path such as {@code "/revoke"}, or null (the default) for none
     * @return this builder
     */
    public Builder revokePath(String path) {
      this.revokePath = path(path, true);
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
     * Sets the grants the token endpoint accepts. Without {@link GrantType#REFRESH_TOKEN} the
     * provider issues no refresh tokens; without {@link GrantType#AUTHORIZATION_CODE} it has no
     * authorization endpoint.
     *
     * @param grants one or more grants; authorization_code and refresh_token by default
     * @return this builder
     */
    public Builder grants(GrantType... grants) {
      this.grants = new LinkedHashSet<>(nonEmpty(grants, "grants"));
      return this;
    }

    /**
     * Sets the body encodings the token endpoint accepts.
     *
     * @param encodings one or both; form by default
     * @return this builder
     */
    public Builder bodyEncodings(BodyEncoding... encodings) {
      this.bodyEncodings = EnumSet.copyOf(nonEmpty(encodings, "encodings"));
      return this;
    }

    /**
     * Sets where clients may put their credentials; any other place is refused.
     *
     * @param methods one or more; Basic and body by default
     * @return this builder
     */
    public Builder clientAuthentication(ClientAuthMethod... methods) {
      this.clientAuth = EnumSet.copyOf(nonEmpty(methods, "methods"));
      return this;
    }

    /**
     * Sets the parameter a refresh request carries the refresh token in.
     *
     * @param name {@code "refresh_token"} by default; Orange Logic's is {@code "code"}
     * @return this builder
     */
    public Builder refreshTokenParameter(String name) {
      this.refreshParam = nonBlank(name, "name");
      return this;
    }

    /**
     * Sets the {@code token_type} of token responses, exactly as sent.
     *
     * @param type {@code "Bearer"} by default; Onna's is {@code "bearer"}
     * @return this builder
     */
    public Builder tokenType(String type) {
      this.tokenType = nonBlank(type, "type");
      return this;
    }

    /**
     * Sets the default access token lifetime (the server's settings may override it).
     *
     * @param lifetime a positive whole number of seconds; 1 hour by default
     * @return this builder
     */
    public Builder accessTokenLifetime(Duration lifetime) {
      this.accessLifetime = Settings.checkLifetime(lifetime, "lifetime");
      return this;
    }

    /**
     * Sets the default refresh token lifetime (the server's settings may override it).
     *
     * @param lifetime a positive whole number of seconds; 30 days by default
     * @return this builder
     */
    public Builder refreshTokenLifetime(Duration lifetime) {
      this.refreshLifetime = Settings.checkLifetime(lifetime, "lifetime");
      return this;
    }

    /**
     * Sets whether a refresh returns a new refresh token and ends the old one, unless the
     * server's settings say otherwise.
     *
     * @param rotate true by default
     * @return this builder
     */
    public Builder rotatesRefreshTokens(boolean rotate) {
      this.rotates = rotate;
      return this;
    }

    /**
     * Sets whether a client_credentials token response carries a refresh token too.
     *
     * @param issue false by default; the Organization API's does
     * @return this builder
     */
    public Builder refreshTokenOnClientCredentials(boolean issue) {
      this.refreshOnClientCredentials = issue;
      return this;
    }

    /**
     * Sets the scopes the provider knows; others are {@code invalid_scope}.
     *
     * @param scopes the scope names, or null (the default) to accept any
     * @return this builder
     */
    public Builder scopes(Collection<String> scopes) {
      if (scopes != null) {
        for (String s : scopes) nonBlank(s, "scope");
      }
      this.scopes = scopes == null ? null : new LinkedHashSet<>(scopes);
      return this;
    }

    /**
     * Sets how resource requests present their access token.
     *
     * @param presentation {@link TokenPresentation#BEARER}, the default and only one so far
     * @return this builder
     */
    public Builder tokenPresentation(TokenPresentation presentation) {
      this.presentation = Objects.requireNonNull(presentation, "presentation == null");
      return this;
    }

    /**
     * Sets what its APIs answer for a missing or bad access token.
     *
     * @param unauthorized an RFC 6750 challenge by default
     * @return this builder
     */
    public Builder unauthorized(Unauthorized unauthorized) {
      this.unauthorized = Objects.requireNonNull(unauthorized, "unauthorized == null");
      return this;
    }

    /**
     * Sets whether clients without a secret (which must use PKCE) may be registered.
     *
     * @param allowed false by default; the standard provider's demo has one
     * @return this builder
     */
    public Builder publicClients(boolean allowed) {
      this.publicClients = allowed;
      return this;
    }

    /**
     * Sets whether a code exchange must carry {@code redirect_uri} even when the authorization
     * request had none (Ora documents it so). RFC 6749 §4.1.3 requires it only when it had one.
     *
     * @param required false by default
     * @return this builder
     */
    public Builder redirectUriRequiredInTokenRequest(boolean required) {
      this.redirectUriRequired = required;
      return this;
    }

    /**
     * Sets whether every token request must carry a DPoP proof (RFC 9449 §5); needs
     * {@link TokenPresentation#DPOP}. Otherwise a request with a proof gets a bound token and
     * one without gets a bearer token.
     *
     * @param required false by default
     * @return this builder
     */
    public Builder requireDpop(boolean required) {
      this.requireDpop = required;
      return this;
    }

    /**
     * Sets whether DPoP proofs must carry a server nonce (RFC 9449 §8, §9) unless the server's
     * settings say otherwise: a proof without a valid one gets {@code use_dpop_nonce} and a
     * {@code DPoP-Nonce} header.
     *
     * @param required false by default
     * @return this builder
     */
    public Builder dpopNonce(boolean required) {
      this.dpopNonce = required;
      return this;
    }

    /**
     * Sets the pushed authorization request endpoint's (RFC 9126) path under the prefix.
     *
     * @param path such as {@code "/par"}, or null (the default) for none
     * @return this builder
     */
    public Builder parPath(String path) {
      this.parPath = path(path, true);
      return this;
    }

    /**
     * Sets whether the authorization endpoint takes only pushed requests
     * ({@code require_pushed_authorization_requests}, RFC 9126 §5), unless the server's settings
     * say otherwise; needs a {@link #parPath}.
     *
     * @param required false by default
     * @return this builder
     */
    public Builder requirePushedAuthorizationRequests(boolean required) {
      this.requirePar = required;
      return this;
    }

    /**
     * Makes it an OpenID Connect provider: the {@code openid} scope gets an ID token signed with
     * a key published at {@code /ID/jwks}, and {@code /ID/logout} is its end-session endpoint;
     * with {@link #metadata} also {@code /ID/.well-known/openid-configuration}. Needs the
     * authorization_code grant.
     *
     * @param enabled false by default; the standard provider's is true
     * @return this builder
     */
    public Builder openIdConnect(boolean enabled) {
      this.openId = enabled;
      return this;
    }

    /**
     * Sets the algorithm of its ID tokens.
     *
     * @param algorithm {@link SigningAlgorithm#RS256} by default
     * @return this builder
     */
    public Builder idTokenSigningAlgorithm(SigningAlgorithm algorithm) {
      this.idTokenAlg = Objects.requireNonNull(algorithm, "algorithm == null");
      return this;
    }

    /**
     * Sets whether a token request over the mutual TLS listener with a client certificate gets
     * tokens bound to it ({@code cnf} {@code x5t#S256}, RFC 8705 §3), which its APIs then take
     * only over mutual TLS with the same certificate.
     *
     * @param bound false by default; the standard provider's is true
     * @return this builder
     */
    public Builder certificateBoundAccessTokens(boolean bound) {
      this.certificateBound = bound;
      return this;
    }

    /**
     * Returns the provider.
     *
     * @return the immutable provider value
     * @throws IllegalStateException if endpoints share a path, or authorization_code is
     *     accepted without an authorization endpoint
     */
    public MockProvider build() {
      if (grants.contains(GrantType.AUTHORIZATION_CODE) && authorizePath == null) {
        throw new IllegalStateException("authorization_code needs an authorizePath");
      }
      Set<String> paths = new LinkedHashSet<>();
      if (requireDpop && presentation != TokenPresentation.DPOP) {
        throw new IllegalStateException("requireDpop needs tokenPresentation(DPOP)");
      }
      if (!grants.contains(GrantType.AUTHORIZATION_CODE)) parPath = null;
      if (openId && !grants.contains(GrantType.AUTHORIZATION_CODE)) {
        throw new IllegalStateException("openIdConnect needs the authorization_code grant");
      }
      if (requirePar && parPath == null) {
        throw new IllegalStateException("requirePushedAuthorizationRequests needs a parPath "
            + "and the authorization_code grant");
      }
      for (String p : new String[] {authorizePath, tokenPath, userinfoPath, revokePath,
          parPath, openId ? OpenIdEndpoints.JWKS_PATH : null,
          grants.contains(GrantType.DEVICE_CODE) ? DeviceEndpoints.AUTHORIZATION_PATH : null,
          grants.contains(GrantType.DEVICE_CODE) ? DeviceEndpoints.VERIFICATION_PATH : null,
          openId ? OpenIdEndpoints.LOGOUT_PATH : null}) {
        if (p != null && !paths.add(p)) {
          throw new IllegalStateException("two endpoints share the path " + p);
        }
      }
      if (!grants.contains(GrantType.REFRESH_TOKEN)) refreshOnClientCredentials = false;
      // The authorization endpoint only ever issues codes.
      if (!grants.contains(GrantType.AUTHORIZATION_CODE)) authorizePath = null;
      return new MockProvider(this);
    }

    private static String path(String path, boolean nullable) {
      if (path == null) {
        if (nullable) return null;
        throw new NullPointerException("path == null");
      }
      if (!PATH.matcher(path).matches() || path.equals("/consent")) {
        throw new IllegalArgumentException("a path is /segment[/segment...] of A-Z a-z 0-9 . _ ~"
            + " - (and not /consent); got \"" + path + "\"");
      }
      return path;
    }

    private static String nonBlank(String s, String name) {
      Objects.requireNonNull(s, name + " == null");
      if (s.isBlank() || !s.equals(s.strip())) {
        throw new IllegalArgumentException(name + " must be non-empty with no surrounding space");
      }
      return s;
    }

    private static <T> List<T> nonEmpty(T[] values, String name) {
      Objects.requireNonNull(values, name + " == null");
      if (values.length == 0) throw new IllegalArgumentException(name + " is empty");
      List<T> list = new ArrayList<>();
      for (T v : values) list.add(Objects.requireNonNull(v, name + " contains null"));
      return list;
    }
  }
}
