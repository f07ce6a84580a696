package dev.latchkey;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.HttpUrl;

/**
 * A pending authorization-code request (RFC 6749 §4.1.1): the URL to send the user to, and the
 * {@code state} and PKCE verifier (RFC 7636) that must come back with the callback. The app keeps
 * this object until the callback arrives (in the user's HTTP session, for a web app) and hands it
 * to {@link OAuth2Client#exchange(AuthorizationRequest, String)}. It can be used once. An app with
 * nowhere to keep it asks the client to ({@link Builder#keepInClient()}).
 *
 * <pre>{@code
 * AuthorizationRequest request = client.newAuthorizationRequest()
 *     .scopes("profile", "email")
 *     .build();
 * httpSession.setAttribute("login", request);
 * response.redirect(request.url().toString());
 * }</pre>
 *
 * <p>{@link #toString()} shows neither the state nor the verifier.
 *
 * <h2>DPoP</h2>
 * With {@link OAuth2Client.Builder#dpop()} the request makes the key pair its token will be bound
 * to, and binds the code to it too (RFC 9449 §10): the URL, or the pushed request, carries
 * {@code dpop_jkt}, the key's JWK thumbprint; a pushed request also carries a DPoP proof of the
 * key (§10.1); the code exchange proves possession of that same key.
 *
 * <h2>Several app instances</h2>
 * The request is {@link Serializable}, so a session store shared by several instances can hold
 * it. Its serialized form carries the state, the PKCE verifier and, with DPoP, the private key:
 * keep it server-side, never in a cookie. Single use is then enforced per copy; remove the
 * request from the session when the callback arrives (the provider also refuses a code used
 * twice).
 */
public final class AuthorizationRequest implements Serializable {
  private static final long serialVersionUID = 1L;

  // Never serialized as such: writeReplace() substitutes the SerializedForm below.
  private final transient HttpUrl url;
  private final transient String state;
  private final transient String codeVerifier;
  private final transient String redirectUri;
  private final transient String nonce;
  private final transient Set<String> scopes;
  private final transient Instant createdAt;
  private final transient Instant expiresAt;
  /** The DPoP key the code is bound to (RFC 9449 §10), or null without DPoP. */
  private final transient DpopKey dpopKey;
  private final transient AtomicBoolean consumed;

  AuthorizationRequest(HttpUrl url, String state, String codeVerifier, String redirectUri,
      String nonce, Set<String> scopes, Instant createdAt, Instant expiresAt, DpopKey dpopKey,
      boolean consumed) {
    this.consumed = new AtomicBoolean(consumed);
    this.dpopKey = dpopKey;
    this.url = url;
    this.state = state;
    this.codeVerifier = codeVerifier;
    this.redirectUri = redirectUri;
    this.nonce = nonce;
    this.scopes = scopes;
    this.createdAt = createdAt;
    this.expiresAt = expiresAt;
  }

  /**
   * Returns the URL to send the user's browser to.
   *
   * @return the authorization URL with {@code state} and the PKCE challenge
   */
  public HttpUrl url() {
    return url;
  }

  /**
   * Returns the {@code state} this request carries (RFC 6749 §4.1.1), for an app that routes
   * callbacks by it, such as a loopback receiver; a pushed request's {@link #url()} does not show
   * it. {@link OAuth2Client#exchange} checks the callback's state itself.
   *
   * @return the state
   */
  public String state() {
    return state;
  }

  /**
   * Returns the {@code redirect_uri}, exactly as sent; the code exchange repeats it byte for byte.
   *
   * @return the redirect URI
   */
  public String redirectUri() {
    return redirectUri;
  }

  /**
   * Returns the {@code nonce} sent with an OpenID Connect request (scope {@code openid}; OpenID
   * Connect Core §3.1.2.1), which the ID token must carry back.
   *
   * @return the nonce, or null when the request is not an OpenID Connect one
   */
  public String nonce() {
    return nonce;
  }

  /**
   * Returns the requested scopes.
   *
   * @return an unmodifiable set, possibly empty
   */
  public Set<String> scopes() {
    return scopes;
  }

  /**
   * Returns when this request was created.
   *
   * @return the creation time by the client's clock
   */
  public Instant createdAt() {
    return createdAt;
  }

  /**
   * Returns when this request stops being accepted.
   *
   * @return the expiry by the client's clock
   */
  public Instant expiresAt() {
    return expiresAt;
  }

  String codeVerifier() {
    return codeVerifier;
  }

  DpopKey dpopKey() {
    return dpopKey;
  }

  /** Marks this request used; returns false if it already was. */
  boolean consume() {
    return consumed.compareAndSet(false, true);
  }

  boolean isConsumed() {
    return consumed.get();
  }

  boolean matchesState(String candidate) {
    return Secrets.constantTimeEquals(state, candidate);
  }

  /**
   * Serializes through {@link SerializedForm}, which holds plain strings and instants.
   *
   * @return the serialized form
   */
  private Object writeReplace() {
    return new SerializedForm(this);
  }

  /**
   * Refuses a stream that claims to hold this class directly; only the proxy is valid.
   *
   * @param in the stream
   * @throws java.io.InvalidObjectException always
   */
  private void readObject(java.io.ObjectInputStream in) throws java.io.InvalidObjectException {
    throw new java.io.InvalidObjectException("AuthorizationRequest is read through its proxy");
  }

  /** The stable serialized form: plain strings and instants, nothing of OkHttp's. */
  private static final class SerializedForm implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The authorization URL. */
    private final String url;
    /** The state value. */
    private final String state;
    /** The PKCE verifier. */
    private final String codeVerifier;
    /** The redirect URI, exactly as sent. */
    private final String redirectUri;
    /** The OpenID Connect nonce, or null. */
    private final String nonce;
    /** The requested scopes. */
    private final String[] scopes;
    /** When the request was made. */
    private final Instant createdAt;
    /** When the request stops being accepted. */
    private final Instant expiresAt;
    /**
     * The DPoP key the code is bound to, as JSON in the token store's {@code dpop_key} format;
     * null without DPoP, and in forms written before DPoP bound codes.
     */
    private final String dpopKey;
    /** Whether this copy was used. */
    private final boolean consumed;

    SerializedForm(AuthorizationRequest request) {
      this.url = request.url.toString();
      this.state = request.state;
      this.codeVerifier = request.codeVerifier;
      this.redirectUri = request.redirectUri;
      this.nonce = request.nonce;
      this.scopes = request.scopes.toArray(new String[0]);
      this.createdAt = request.createdAt;
      this.expiresAt = request.expiresAt;
      this.dpopKey = request.dpopKey == null ? null : Jose.json(request.dpopKey.toMap());
      this.consumed = request.consumed.get();
    }

    /**
     * Rebuilds the request.
     *
     * @return the request this form was written from
     * @throws java.io.InvalidObjectException if the DPoP key cannot be read
     */
    private Object readResolve() throws java.io.InvalidObjectException {
      DpopKey key;
      try {
        key = dpopKey == null ? null : DpopKey.fromMap("dpopKey", TokenJson.readValue(dpopKey));
      } catch (IllegalArgumentException e) {
        throw new java.io.InvalidObjectException(e.getMessage());
      }
      return new AuthorizationRequest(HttpUrl.get(url), state, codeVerifier, redirectUri, nonce,
          Collections.unmodifiableSet(new LinkedHashSet<>(java.util.Arrays.asList(scopes))),
          createdAt, expiresAt, key, consumed);
    }
  }

  /** Returns a description without the state or the verifier. */
  @Override
  public String toString() {
    return "AuthorizationRequest{endpoint=" + url.newBuilder().query(null).build()
        + ", redirectUri=" + redirectUri + ", scopes=" + scopes + ", expiresAt=" + expiresAt
        + "}";
  }

  /**
   * Builds an {@link AuthorizationRequest}, generating {@code state} (256 bits from
   * {@link java.security.SecureRandom}) and a PKCE S256 verifier itself. Obtain one from
   * {@link OAuth2Client#newAuthorizationRequest()}.
   */
  public static final class Builder {
    /** Parameters this builder sets itself; {@link #parameter} refuses them. */
    private static final Set<String> OWNED = Collections.unmodifiableSet(new LinkedHashSet<>(
        java.util.Arrays.asList("response_type", "client_id", "redirect_uri", "scope", "state",
            "code_challenge", "code_challenge_method", "nonce", "dpop_jkt")));

    private final ClientConfig client;
    private final PendingLogins pendingLogins;
    private final Grants grants;
    private final Set<String> scopes = new LinkedHashSet<>();
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private String redirectUri;
    private boolean keepInClient;

    Builder(ClientConfig client, PendingLogins pendingLogins, Grants grants) {
      this.client = client;
      this.pendingLogins = pendingLogins;
      this.grants = grants;
      this.redirectUri = client.redirectUri;
      this.scopes.addAll(client.scopes);
    }

    /**
     * Has the client keep the built request until {@link OAuth2Client#exchange(String)} receives
     * its callback, for an app with nowhere to keep it (a CLI, a desktop app). The client keeps
     * a bounded number of such requests, in memory, until used or expired; a web app keeps the
     * request in the user's session instead and leaves nothing in the client.
     *
     * @return this builder
     */
    public Builder keepInClient() {
      this.keepInClient = true;
      return this;
    }

    /**
     * Replaces the scopes to request; the client's default scopes otherwise.
     *
     * @param scopes scope names, such as {@code profile}
     * @return this builder
     */
    public Builder scopes(String... scopes) {
      requireNonNull(scopes, "scopes == null");
      return scopes(new LinkedHashSet<>(java.util.Arrays.asList(scopes)));
    }

    /**
     * Replaces the scopes to request.
     *
     * @param scopes scope names; copied
     * @return this builder
     */
    public Builder scopes(Set<String> scopes) {
      Scopes.replace(this.scopes, scopes);
      return this;
    }

    /**
     * Sets the redirect URI for this request, overriding the client's.
     *
     * @param redirectUri an absolute URI registered with the provider
     * @return this builder
     */
    public Builder redirectUri(String redirectUri) {
      this.redirectUri = Urls.requireRedirectUri(redirectUri);
      return this;
    }

    /**
     * Adds an extra authorization parameter, such as {@code prompt=login}.
     *
     * @param name the parameter name; not one the builder sets itself
     * @param value the value
     * @return this builder
     * @throws IllegalArgumentException for {@code state}, {@code client_id} and the other
     *     parameters this builder owns
     */
    public Builder parameter(String name, String value) {
      requireNonNull(name, "name == null");
      requireNonNull(value, "value == null");
      if (OWNED.contains(name)) {
        throw new IllegalArgumentException("parameter \"" + name
            + "\" is set by Latchkey itself; use the builder's own method for it");
      }
      parameters.put(name, value);
      return this;
    }

    /**
     * Pushes the request to the provider's PAR endpoint (RFC 9126) with the client's
     * authentication and returns it; its {@link AuthorizationRequest#url()} then carries only
     * {@code client_id} and the {@code request_uri} the provider issued, so nothing of the
     * request travels through the browser.
     *
     * @return a new single-use request
     * @throws IllegalStateException if the provider has no PAR endpoint, no authorization
     *     endpoint, or no redirect URI is configured
     * @throws IOException if the PAR endpoint refuses the request or cannot be reached
     */
    public AuthorizationRequest push() throws IOException {
      if (client.provider.pushedAuthorizationRequestEndpoint() == null) {
        throw new IllegalStateException("Provider " + client.provider.name() + " has no"
            + " pushed authorization request endpoint; set it with"
            + " Provider.Builder.pushedAuthorizationRequestEndpoint, or discover the provider");
      }
      return build(true);
    }

    /**
     * Returns the request, ready to send the user to {@link AuthorizationRequest#url()}. When
     * the provider requires pushed authorization requests
     * ({@link Provider#pushedAuthorizationRequired()}) this is {@link #push()}, with its
     * {@link IOException} wrapped.
     *
     * @return a new single-use request
     * @throws IllegalStateException if the provider has no authorization endpoint or no redirect
     *     URI is configured
     * @throws java.io.UncheckedIOException if a required push fails
     */
    public AuthorizationRequest build() {
      try {
        return build(client.provider.pushedAuthorizationRequired());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e.getMessage(), e);
      }
    }

    private AuthorizationRequest build(boolean push) throws IOException {
      Provider provider = client.provider;
      HttpUrl endpoint = provider.authorizationEndpoint();
      if (endpoint == null) {
        throw new IllegalStateException("Provider " + provider.name()
            + " has no authorization endpoint; the authorization-code flow needs one");
      }
      if (redirectUri == null) {
        throw new IllegalStateException("redirectUri is required for the authorization-code flow;"
            + " set it on OAuth2Client.Builder or on this builder");
      }
      String state = Secrets.randomUrlSafe(32);
      String verifier = Secrets.randomUrlSafe(32);
      HttpUrl.Builder url = endpoint.newBuilder()
          .addQueryParameter("response_type", "code")
          .addQueryParameter("client_id", client.clientId)
          .addQueryParameter("redirect_uri", redirectUri);
      if (!scopes.isEmpty()) {
        url.addQueryParameter("scope", String.join(" ", scopes));
      }
      url.addQueryParameter("state", state)
          .addQueryParameter("code_challenge", Secrets.s256(verifier))
          .addQueryParameter("code_challenge_method", "S256");
      // OpenID Connect Core §3.1.2.1: a nonce binds the ID token to this request (replay).
      String nonce = scopes.contains("openid") ? Secrets.randomUrlSafe(32) : null;
      if (nonce != null) {
        url.addQueryParameter("nonce", nonce);
      }
      // RFC 9449 §10: the code is bound to the key its exchange will prove; servers without
      // DPoP ignore the parameter (RFC 6749 §3.1).
      DpopKey dpopKey = client.dpop.algorithm == null ? null : client.dpop.newKey();
      if (dpopKey != null) {
        url.addQueryParameter("dpop_jkt", dpopKey.thumbprint);
      }
      for (Map.Entry<String, String> parameter : parameters.entrySet()) {
        url.addQueryParameter(parameter.getKey(), parameter.getValue());
      }
      HttpUrl built = push ? PushedAuthorization.push(client, grants, url.build(), dpopKey)
          : url.build();
      Instant now = client.clock.instant();
      Duration lifetime = client.authorizationRequestLifetime;
      AuthorizationRequest request = new AuthorizationRequest(built, state, verifier,
          redirectUri, nonce, Collections.unmodifiableSet(new LinkedHashSet<>(scopes)), now,
          now.plus(lifetime), dpopKey, false);
      if (keepInClient) {
        pendingLogins.add(request);
      }
      return request;
    }
  }
}
