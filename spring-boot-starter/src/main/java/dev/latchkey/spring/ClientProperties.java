package dev.latchkey.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One OAuth2 client: {@code latchkey.clients.<name>.*}, bound into
 * {@link LatchkeyProperties#getClients()}.
 */
public final class ClientProperties {
  /** Provider: a built-in name (ora, orangelogic, orgapi-basic, orgapi-query, orgo, onna), standard (with the endpoint URIs) or issuer (discovery from issuer-uri). */
  private String provider;
  /** Base URL of a built-in provider's server, such as https://ora.example.com/; Onna defaults to its public server. */
  private String baseUrl;
  /** Issuer whose metadata lists the endpoints, for provider issuer. */
  private String issuerUri;
  /** Authorization endpoint URI, for provider standard. */
  private String authorizationUri;
  /** Token endpoint URI, for provider standard. */
  private String tokenUri;
  /** Userinfo endpoint URI, for provider standard. */
  private String userinfoUri;
  /** Revocation endpoint URI (RFC 7009), for provider standard. */
  private String revocationUri;
  /** Client id the provider issued. */
  private String clientId;
  /** Client secret; required unless public-client is true. Never logged or shown. */
  private String clientSecret;
  /** Whether this is a public client without a secret (PKCE only), allowed for standard and issuer providers. */
  private boolean publicClient = false;
  /** Default scopes of authorization requests and of the application's token. */
  private List<String> scopes = new ArrayList<>();
  /** Redirect URI of the authorization-code flow, exactly as registered. */
  private String redirectUri;
  /** How long before expiry a token is renewed in the background, at most (default 60s). */
  private Duration renewBefore;
  /** How long a caller waits for a renewal that another thread or instance runs (default 30s). */
  private Duration renewalTimeout;
  /** How long an authorization request is accepted (default 10m). */
  private Duration authorizationRequestLifetime;
  /** How often a failed client_credentials or refresh request is retried (default 2). */
  private Integer maxRetries;
  /** HTTP statuses besides 401 that mean an expired token at the provider's APIs, such as 403. */
  private List<Integer> treatAsExpired = new ArrayList<>();

  /**
   * Returns the provider: a built-in name (ora, orangelogic, orgapi-basic, orgapi-query, orgo, onna), standard (with the endpoint URIs) or issuer (discovery from issuer-uri).
   *
   * @return the value
   */
  public String getProvider() {
    return provider;
  }

  /**
   * Sets the provider: a built-in name (ora, orangelogic, orgapi-basic, orgapi-query, orgo, onna), standard (with the endpoint URIs) or issuer (discovery from issuer-uri).
   *
   * @param provider the value
   */
  public void setProvider(String provider) {
    this.provider = provider;
  }

  /**
   * Returns the base URL of a built-in provider's server, such as https://ora.example.com/; Onna defaults to its public server.
   *
   * @return the value
   */
  public String getBaseUrl() {
    return baseUrl;
  }

  /**
   * Sets the base URL of a built-in provider's server, such as https://ora.example.com/; Onna defaults to its public server.
   *
   * @param baseUrl the value
   */
  public void setBaseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /**
   * Returns the issuer whose metadata lists the endpoints, for provider issuer.
   *
   * @return the value
   */
  public String getIssuerUri() {
    return issuerUri;
  }

  /**
   * Sets the issuer whose metadata lists the endpoints, for provider issuer.
   *
   * @param issuerUri the value
   */
  public void setIssuerUri(String issuerUri) {
    this.issuerUri = issuerUri;
  }

  /**
   * Returns the authorization endpoint URI, for provider standard.
   *
   * @return the value
   */
  public String getAuthorizationUri() {
    return authorizationUri;
  }

  /**
   * Sets the authorization endpoint URI, for provider standard.
   *
   * @param authorizationUri the value
   */
  public void setAuthorizationUri(String authorizationUri) {
    this.authorizationUri = authorizationUri;
  }

  /**
   * Returns the token endpoint URI, for provider standard.
   *
   * @return the value
   */
  public String getTokenUri() {
    return tokenUri;
  }

  /**
   * Sets the token endpoint URI, for provider standard.
   *
   * @param tokenUri the value
   */
  public void setTokenUri(String tokenUri) {
    this.tokenUri = tokenUri;
  }

  /**
   * Returns the userinfo endpoint URI, for provider standard.
   *
   * @return the value
   */
  public String getUserinfoUri() {
    return userinfoUri;
  }

  /**
   * Sets the userinfo endpoint URI, for provider standard.
   *
   * @param userinfoUri the value
   */
  public void setUserinfoUri(String userinfoUri) {
    this.userinfoUri = userinfoUri;
  }

  /**
   * Returns the revocation endpoint URI (RFC 7009), for provider standard.
   *
   * @return the value
   */
  public String getRevocationUri() {
    return revocationUri;
  }

  /**
   * Sets the revocation endpoint URI (RFC 7009), for provider standard.
   *
   * @param revocationUri the value
   */
  public void setRevocationUri(String revocationUri) {
    this.revocationUri = revocationUri;
  }

  /**
   * Returns the client id the provider issued.
   *
   * @return the value
   */
  public String getClientId() {
    return clientId;
  }

  /**
   * Sets the client id the provider issued.
   *
   * @param clientId the value
   */
  public void setClientId(String clientId) {
    this.clientId = clientId;
  }

  /**
   * Returns the client secret; required unless public-client is true. Never logged or shown.
   *
   * @return the value
   */
  public String getClientSecret() {
    return clientSecret;
  }

  /**
   * Sets the client secret; required unless public-client is true. Never logged or shown.
   *
   * @param clientSecret the value
   */
  public void setClientSecret(String clientSecret) {
    this.clientSecret = clientSecret;
  }

  /**
   * Returns whether this is a public client without a secret (PKCE only), allowed for standard and issuer providers.
   *
   * @return the value
   */
  public boolean isPublicClient() {
    return publicClient;
  }

  /**
   * Sets whether this is a public client without a secret (PKCE only), allowed for standard and issuer providers.
   *
   * @param publicClient the value
   */
  public void setPublicClient(boolean publicClient) {
    this.publicClient = publicClient;
  }

  /**
   * Returns the default scopes of authorization requests and of the application's token.
   *
   * @return the value
   */
  public List<String> getScopes() {
    return scopes;
  }

  /**
   * Sets the default scopes of authorization requests and of the application's token.
   *
   * @param scopes the value
   */
  public void setScopes(List<String> scopes) {
    this.scopes = scopes;
  }

  /**
   * Returns the redirect URI of the authorization-code flow, exactly as registered.
   *
   * @return the value
   */
  public String getRedirectUri() {
    return redirectUri;
  }

  /**
   * Sets the redirect URI of the authorization-code flow, exactly as registered.
   *
   * @param redirectUri the value
   */
  public void setRedirectUri(String redirectUri) {
    this.redirectUri = redirectUri;
  }

  /**
   * Returns how long before expiry a token is renewed in the background, at most (default 60s).
   *
   * @return the value
   */
  public Duration getRenewBefore() {
    return renewBefore;
  }

  /**
   * Sets how long before expiry a token is renewed in the background, at most (default 60s).
   *
   * @param renewBefore the value
   */
  public void setRenewBefore(Duration renewBefore) {
    this.renewBefore = renewBefore;
  }

  /**
   * Returns how long a caller waits for a renewal that another thread or instance runs (default 30s).
   *
   * @return the value
   */
  public Duration getRenewalTimeout() {
    return renewalTimeout;
  }

  /**
   * Sets how long a caller waits for a renewal that another thread or instance runs (default 30s).
   *
   * @param renewalTimeout the value
   */
  public void setRenewalTimeout(Duration renewalTimeout) {
    this.renewalTimeout = renewalTimeout;
  }

  /**
   * Returns how long an authorization request is accepted (default 10m).
   *
   * @return the value
   */
  public Duration getAuthorizationRequestLifetime() {
    return authorizationRequestLifetime;
  }

  /**
   * Sets how long an authorization request is accepted (default 10m).
   *
   * @param authorizationRequestLifetime the value
   */
  public void setAuthorizationRequestLifetime(Duration authorizationRequestLifetime) {
    this.authorizationRequestLifetime = authorizationRequestLifetime;
  }

  /**
   * Returns how often a failed client_credentials or refresh request is retried (default 2).
   *
   * @return the value
   */
  public Integer getMaxRetries() {
    return maxRetries;
  }

  /**
   * Sets how often a failed client_credentials or refresh request is retried (default 2).
   *
   * @param maxRetries the value
   */
  public void setMaxRetries(Integer maxRetries) {
    this.maxRetries = maxRetries;
  }

  /**
   * Returns the HTTP statuses besides 401 that mean an expired token at the provider's APIs, such as 403.
   *
   * @return the value
   */
  public List<Integer> getTreatAsExpired() {
    return treatAsExpired;
  }

  /**
   * Sets the HTTP statuses besides 401 that mean an expired token at the provider's APIs, such as 403.
   *
   * @param treatAsExpired the value
   */
  public void setTreatAsExpired(List<Integer> treatAsExpired) {
    this.treatAsExpired = treatAsExpired;
  }
}
