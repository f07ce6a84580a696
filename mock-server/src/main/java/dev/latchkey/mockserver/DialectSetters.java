package dev.latchkey.mockserver;

import dev.latchkey.mockserver.MockProvider.BodyEncoding;
import dev.latchkey.mockserver.MockProvider.ClientAuthMethod;
import dev.latchkey.mockserver.MockProvider.GrantType;
import dev.latchkey.mockserver.MockProvider.TokenPresentation;
import dev.latchkey.mockserver.MockProvider.Unauthorized;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@link MockProvider.Builder} setters of the token endpoint's dialect and of the tokens it
 * issues: grants, body encodings, client authentication, token type, lifetimes, rotation, scopes
 * and how APIs take and refuse tokens.
 */
abstract class DialectSetters {
  Set<GrantType> grants =
      new LinkedHashSet<>(List.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
  Set<BodyEncoding> bodyEncodings = EnumSet.of(BodyEncoding.FORM);
  Set<ClientAuthMethod> clientAuth = EnumSet.of(ClientAuthMethod.BASIC, ClientAuthMethod.BODY);
  String refreshParam = "refresh_token";
  String tokenType = "Bearer";
  Duration accessLifetime = Duration.ofHours(1);
  Duration refreshLifetime = Duration.ofDays(30);
  boolean rotates = true;
  boolean refreshOnClientCredentials;
  Set<String> scopes;
  TokenPresentation presentation = TokenPresentation.BEARER;
  Unauthorized unauthorized = Unauthorized.BEARER_CHALLENGE;
  boolean publicClients;
  boolean redirectUriRequired;

  DialectSetters() {
  }

  DialectSetters(MockProvider p) {
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
  }

  /** {@return this, as the builder it is} */
  final MockProvider.Builder self() {
    return (MockProvider.Builder) this;
  }

  /**
   * Sets the grants the token endpoint accepts. Without {@link GrantType#REFRESH_TOKEN} the
   * provider issues no refresh tokens; without {@link GrantType#AUTHORIZATION_CODE} it has no
   * authorization endpoint.
   *
   * @param grants one or more grants; authorization_code and refresh_token by default
   * @return this builder
   */
  public final MockProvider.Builder grants(GrantType... grants) {
    this.grants = new LinkedHashSet<>(ProviderChecks.nonEmpty(grants, "grants"));
    return self();
  }

  /**
   * Sets the body encodings the token endpoint accepts.
   *
   * @param encodings one or both; form by default
   * @return this builder
   */
  public final MockProvider.Builder bodyEncodings(BodyEncoding... encodings) {
    this.bodyEncodings = EnumSet.copyOf(ProviderChecks.nonEmpty(encodings, "encodings"));
    return self();
  }

  /**
   * Sets where clients may put their credentials; any other place is refused.
   *
   * @param methods one or more; Basic and body by default
   * @return this builder
   */
  public final MockProvider.Builder clientAuthentication(ClientAuthMethod... methods) {
    this.clientAuth = EnumSet.copyOf(ProviderChecks.nonEmpty(methods, "methods"));
    return self();
  }

  /**
   * Sets the parameter a refresh request carries the refresh token in.
   *
   * @param name {@code "refresh_token"} by default; Orange Logic's is {@code "code"}
   * @return this builder
   */
  public final MockProvider.Builder refreshTokenParameter(String name) {
    this.refreshParam = ProviderChecks.nonBlank(name, "name");
    return self();
  }

  /**
   * Sets the {@code token_type} of token responses, exactly as sent.
   *
   * @param type {@code "Bearer"} by default; Onna's is {@code "bearer"}
   * @return this builder
   */
  public final MockProvider.Builder tokenType(String type) {
    this.tokenType = ProviderChecks.nonBlank(type, "type");
    return self();
  }

  /**
   * Sets the default access token lifetime (the server's settings may override it).
   *
   * @param lifetime a positive whole number of seconds; 1 hour by default
   * @return this builder
   */
  public final MockProvider.Builder accessTokenLifetime(Duration lifetime) {
    this.accessLifetime = Settings.checkLifetime(lifetime, "lifetime");
    return self();
  }

  /**
   * Sets the default refresh token lifetime (the server's settings may override it).
   *
   * @param lifetime a positive whole number of seconds; 30 days by default
   * @return this builder
   */
  public final MockProvider.Builder refreshTokenLifetime(Duration lifetime) {
    this.refreshLifetime = Settings.checkLifetime(lifetime, "lifetime");
    return self();
  }

  /**
   * Sets whether a refresh returns a new refresh token and ends the old one, unless the
   * server's settings say otherwise.
   *
   * @param rotate true by default
   * @return this builder
   */
  public final MockProvider.Builder rotatesRefreshTokens(boolean rotate) {
    this.rotates = rotate;
    return self();
  }

  /**
   * Sets whether a client_credentials token response carries a refresh token too.
   *
   * @param issue false by default; the Organization API's does
   * @return this builder
   */
  public final MockProvider.Builder refreshTokenOnClientCredentials(boolean issue) {
    this.refreshOnClientCredentials = issue;
    return self();
  }

  /**
   * Sets the scopes the provider knows; others are {@code invalid_scope}.
   *
   * @param scopes the scope names, or null (the default) to accept any
   * @return this builder
   */
  public final MockProvider.Builder scopes(Collection<String> scopes) {
    if (scopes != null) {
      for (String s : scopes) ProviderChecks.nonBlank(s, "scope");
    }
    this.scopes = scopes == null ? null : new LinkedHashSet<>(scopes);
    return self();
  }

  /**
   * Sets how resource requests present their access token.
   *
   * @param presentation {@link TokenPresentation#BEARER}, the default and only one so far
   * @return this builder
   */
  public final MockProvider.Builder tokenPresentation(TokenPresentation presentation) {
    this.presentation = Objects.requireNonNull(presentation, "presentation == null");
    return self();
  }

  /**
   * Sets what its APIs answer for a missing or bad access token.
   *
   * @param unauthorized an RFC 6750 challenge by default
   * @return this builder
   */
  public final MockProvider.Builder unauthorized(Unauthorized unauthorized) {
    this.unauthorized = Objects.requireNonNull(unauthorized, "unauthorized == null");
    return self();
  }

  /**
   * Sets whether clients without a secret (which must use PKCE) may be registered.
   *
   * @param allowed false by default; the standard provider's demo has one
   * @return this builder
   */
  public final MockProvider.Builder publicClients(boolean allowed) {
    this.publicClients = allowed;
    return self();
  }

  /**
   * Sets whether a code exchange must carry {@code redirect_uri} even when the authorization
   * request had none (Ora documents it so). RFC 6749 §4.1.3 requires it only when it had one.
   *
   * @param required false by default
   * @return this builder
   */
  public final MockProvider.Builder redirectUriRequiredInTokenRequest(boolean required) {
    this.redirectUriRequired = required;
    return self();
  }

}
