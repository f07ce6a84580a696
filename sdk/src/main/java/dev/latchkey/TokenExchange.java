package dev.latchkey;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A token exchange (RFC 8693): trade a user's token (the subject) for a token minted for another
 * API ({@code audience}, {@code resource}, {@code scope}), for a backend that calls a downstream
 * API on the user's behalf. Build one with {@link OAuth2Client#newTokenExchange()}, then
 * {@link #execute()} it once, or get a {@link #session()} that keeps the exchanged token fresh by
 * exchanging again while the subject is valid.
 *
 * <pre>{@code
 * TokenSession orders = client.newTokenExchange()
 *     .subject(client.session("alice"))
 *     .audience("orders-api")
 *     .scopes("orders:read")
 *     .build()
 *     .session();
 * OkHttpClient ordersApi = orders.authorize(okHttpClient);
 * }</pre>
 *
 * <p>{@link #toString()} shows neither the subject nor the actor token.
 */
public final class TokenExchange {
  /** {@code urn:ietf:params:oauth:token-type:access_token} (RFC 8693 §3). */
  public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

  final OAuth2Client client;
  final TokenSession subjectSession;
  final String subjectToken;
  final String subjectTokenType;
  final String actorToken;
  final String actorTokenType;
  final String audience;
  final String resource;
  final Set<String> scopes;
  final String requestedTokenType;

  private TokenExchange(Builder builder) {
    this.client = builder.client;
    this.subjectSession = builder.subjectSession;
    this.subjectToken = builder.subjectToken;
    this.subjectTokenType = builder.subjectTokenType;
    this.actorToken = builder.actorToken;
    this.actorTokenType = builder.actorTokenType;
    this.audience = builder.audience;
    this.resource = builder.resource;
    this.scopes = Collections.unmodifiableSet(new LinkedHashSet<>(builder.scopes));
    this.requestedTokenType = builder.requestedTokenType;
  }

  /**
   * Exchanges the subject's current token once (RFC 8693 §2.1), renewing the subject session's
   * token first if it has expired. What the server issued is {@link Token#issuedTokenType()}.
   *
   * @return the exchanged token
   * @throws ReauthorizationRequiredException if the subject session has no usable token
   * @throws TokenEndpointException if the server refuses, such as {@code invalid_target} for an
   *     audience this client may not have
   * @throws IOException if the token endpoint cannot be reached
   */
  public Token execute() throws IOException {
    return client.exchangeToken(this, null);
  }

  /**
   * Returns a session that holds this exchange's token and, when it nears its end, exchanges the
   * subject's current token again (refresh-ahead, single-flight, as every session). When the
   * subject has ended (its session needs a new login, or the server no longer accepts the
   * subject token) the session throws {@link ReauthorizationRequiredException} saying so.
   *
   * @return the session, keyed by the subject and this exchange's audience, resource and scopes
   */
  public TokenSession session() {
    return client.exchangeSession(this);
  }

  /**
   * Returns the audience asked for.
   *
   * @return the audience, or null
   */
  public String audience() {
    return audience;
  }

  /**
   * Returns the resource asked for.
   *
   * @return the resource URI, or null
   */
  public String resource() {
    return resource;
  }

  /**
   * Returns the scopes asked for.
   *
   * @return an unmodifiable set, possibly empty
   */
  public Set<String> scopes() {
    return scopes;
  }

  /** The RFC 8693 §2.1 parameters, with {@code subjectToken} as the subject. */
  Map<String, String> parameters(String currentSubjectToken) {
    Map<String, String> params = new LinkedHashMap<>();
    if (resource != null) {
      params.put("resource", resource);
    }
    if (audience != null) {
      params.put("audience", audience);
    }
    if (!scopes.isEmpty()) {
      params.put("scope", String.join(" ", scopes));
    }
    if (requestedTokenType != null) {
      params.put("requested_token_type", requestedTokenType);
    }
    params.put("subject_token", currentSubjectToken);
    params.put("subject_token_type", subjectTokenType);
    if (actorToken != null) {
      params.put("actor_token", actorToken);
      params.put("actor_token_type", actorTokenType);
    }
    return params;
  }

  /** The key of this exchange's session: the subject, and what is asked for. */
  String sessionKey() {
    String subject = subjectSession != null ? subjectSession.key()
        : "token#" + Secrets.s256(subjectToken).substring(0, 16);
    return "exchange:" + subject + ":" + (audience == null ? "" : audience) + ":"
        + (resource == null ? "" : resource) + ":" + String.join(" ", scopes);
  }

  /** Returns a description without the subject or actor token. */
  @Override
  public String toString() {
    return "TokenExchange{subject=" + (subjectSession != null ? "session " + subjectSession.key()
        : subjectTokenType) + ", audience=" + audience + ", resource=" + resource + ", scopes="
        + scopes + ", actor=" + (actorToken == null ? "none" : actorTokenType) + "}";
  }

  /**
   * Builds a {@link TokenExchange}. A subject is required, and at least one of audience,
   * resource or scopes.
   */
  public static final class Builder {
    private final OAuth2Client client;
    private TokenSession subjectSession;
    private String subjectToken;
    private String subjectTokenType;
    private String actorToken;
    private String actorTokenType;
    private String audience;
    private String resource;
    private final Set<String> scopes = new LinkedHashSet<>();
    private String requestedTokenType;

    Builder(OAuth2Client client) {
      this.client = client;
    }

    /**
     * Exchanges the access token of {@code session}: its current one at each exchange.
     *
     * @param session the user's session
     * @return this builder
     */
    public Builder subject(TokenSession session) {
      this.subjectSession = requireNonNull(session, "session == null");
      this.subjectToken = null;
      this.subjectTokenType = ACCESS_TOKEN_TYPE;
      return this;
    }

    /**
     * Exchanges a token the app holds, such as one an API request carried.
     *
     * @param token the subject token
     * @param tokenType its RFC 8693 §3 type, such as {@link #ACCESS_TOKEN_TYPE} or
     *     {@code urn:ietf:params:oauth:token-type:jwt}
     * @return this builder
     */
    public Builder subjectToken(String token, String tokenType) {
      this.subjectToken = requireNonEmpty(token, "token");
      this.subjectTokenType = requireNonEmpty(tokenType, "tokenType");
      this.subjectSession = null;
      return this;
    }

    /**
     * Adds an actor token: the party acting on the subject's behalf (delegation, RFC 8693 §1.1).
     *
     * @param token the actor token
     * @param tokenType its RFC 8693 §3 type
     * @return this builder
     */
    public Builder actorToken(String token, String tokenType) {
      this.actorToken = requireNonEmpty(token, "token");
      this.actorTokenType = requireNonEmpty(tokenType, "tokenType");
      return this;
    }

    /**
     * Sets the logical name of the API the token is for ({@code audience}).
     *
     * @param audience such as {@code orders-api}
     * @return this builder
     */
    public Builder audience(String audience) {
      this.audience = requireNonEmpty(audience, "audience");
      return this;
    }

    /**
     * Sets the URI of the API the token is for ({@code resource}).
     *
     * @param resource an absolute URI without a fragment
     * @return this builder
     */
    public Builder resource(String resource) {
      requireNonEmpty(resource, "resource");
      java.net.URI uri;
      try {
        uri = new java.net.URI(resource);
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException("resource is not a URI: \"" + resource + "\"");
      }
      if (!uri.isAbsolute() || uri.getFragment() != null) {
        throw new IllegalArgumentException("resource must be an absolute URI without a fragment"
            + " (RFC 8693 §2.1): \"" + resource + "\"");
      }
      this.resource = resource;
      return this;
    }

    /**
     * Sets the scopes to ask for.
     *
     * @param scopes scope names
     * @return this builder
     */
    public Builder scopes(String... scopes) {
      requireNonNull(scopes, "scopes == null");
      Scopes.replace(this.scopes, Arrays.asList(scopes));
      return this;
    }

    /**
     * Sets the type of token to ask for ({@code requested_token_type}).
     *
     * @param tokenType an RFC 8693 §3 type
     * @return this builder
     */
    public Builder requestedTokenType(String tokenType) {
      this.requestedTokenType = requireNonEmpty(tokenType, "tokenType");
      return this;
    }

    /**
     * Returns the exchange.
     *
     * @return the exchange, ready to execute or to make a session
     * @throws IllegalStateException if there is no subject, or nothing to ask for
     */
    public TokenExchange build() {
      if (subjectSession == null && subjectToken == null) {
        throw new IllegalStateException("a subject is required: subject(session) or"
            + " subjectToken(token, type)");
      }
      if (audience == null && resource == null && scopes.isEmpty()) {
        throw new IllegalStateException("say what the token is for: audience, resource or"
            + " scopes");
      }
      return new TokenExchange(this);
    }

    private static String requireNonEmpty(String value, String name) {
      requireNonNull(value, name + " == null");
      if (value.isEmpty()) {
        throw new IllegalArgumentException(name + " is empty");
      }
      return value;
    }
  }
}
