package dev.latchkey.interop.server;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The clients, user and secrets registered with the interop server. Every client has its own id
 * so that a test counts only its own requests in {@link InteropServer#exchanges}.
 */
public final class InteropClients {
  /** The user who signs in at the login form. */
  public static final String USERNAME = "alice";
  /** Alice's password. */
  public static final String PASSWORD = "alice-password";
  /** The email claim of Alice's ID token and userinfo. */
  public static final String EMAIL = "alice@example.test";

  /** client_credentials, {@code client_secret_basic} only. */
  public static final String BASIC = "cc-basic";
  /** client_credentials, {@code client_secret_post} only. */
  public static final String POST = "cc-post";
  /** client_credentials, {@code client_secret_post} only: for the auto-detect test alone. */
  public static final String POST_AUTO = "cc-post-auto";
  /**
   * authorization_code + PKCE + refresh_token with rotation, consent, OIDC; Basic. Redirects to
   * {@link #REDIRECT_URI}; ends sessions to {@link #POST_LOGOUT_REDIRECT_URI}.
   */
  public static final String WEB = "web";
  /** Same as {@link #WEB}, for the session tests (so their request counts are their own). */
  public static final String WEB_SESSIONS = "web-sessions";
  /** client_credentials, {@code private_key_jwt} (key pair: {@link InteropKeys#clientKey}). */
  public static final String PRIVATE_KEY_JWT = "pk-jwt";
  /**
   * authorization_code + PKCE, {@code private_key_jwt} (key pair: {@link InteropKeys#clientKey}),
   * no consent; redirects to {@link #REDIRECT_URI}.
   */
  public static final String PRIVATE_KEY_JWT_WEB = "pk-jwt-web";
  /** client_credentials, {@code client_secret_jwt} with HS256 over {@link #SECRET_JWT_SECRET}. */
  public static final String CLIENT_SECRET_JWT = "cs-jwt";
  /** authorization_code + PKCE, Basic, no consent; must use PAR (the fixture's rule). */
  public static final String PAR_REQUIRED = "par-required";
  /** device_code (+ refresh), Basic. */
  public static final String DEVICE = "device";
  /** token exchange (RFC 8693), Basic. */
  public static final String TOKEN_EXCHANGE = "exchanger";
  /**
   * client_credentials, {@code tls_client_auth} (RFC 8705 §2.1) with subject {@link
   * MutualTls#CLIENT_SUBJECT}, on {@link InteropServer#mutualTls()}; certificate-bound tokens.
   */
  public static final String TLS_CLIENT_AUTH = "tls-client";
  /** client_credentials, Basic: DPoP-bound tokens when the request carries a proof (RFC 9449). */
  public static final String DPOP = "dpop";

  /** Where authorization_code clients redirect; nothing listens there: tests read the URL. */
  public static final String REDIRECT_URI = "http://127.0.0.1:9/callback";
  /** Where {@link #WEB} returns after the end-session endpoint. */
  public static final String POST_LOGOUT_REDIRECT_URI = "http://127.0.0.1:9/signed-out";
  /** The access token lifetime of every client, as SAS announces it in {@code expires_in}. */
  public static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(5);
  /** The client_secret_jwt key: HS256 needs at least 256 bits. */
  public static final String SECRET_JWT_SECRET = "cs-jwt-secret-0123456789abcdef0123456789";

  private InteropClients() {
  }

  /**
   * Returns a client's secret (every confidential client's but the client_secret_jwt one is its
   * id followed by {@code -secret}).
   *
   * @param clientId the client
   * @return the secret
   */
  public static String secret(String clientId) {
    return clientId.equals(CLIENT_SECRET_JWT) ? SECRET_JWT_SECRET : clientId + "-secret";
  }

  /** The clients that need nothing but their own settings. */
  static List<RegisteredClient> registeredAtStart() {
    return List.of(
        clientCredentials(BASIC, ClientAuthenticationMethod.CLIENT_SECRET_BASIC).build(),
        clientCredentials(POST, ClientAuthenticationMethod.CLIENT_SECRET_POST).build(),
        clientCredentials(POST_AUTO, ClientAuthenticationMethod.CLIENT_SECRET_POST).build(),
        clientCredentials(DPOP, ClientAuthenticationMethod.CLIENT_SECRET_BASIC).build(),
        web(WEB).build(),
        web(WEB_SESSIONS).build(),
        client(CLIENT_SECRET_JWT, ClientAuthenticationMethod.CLIENT_SECRET_JWT)
            .clientSecret(SECRET_JWT_SECRET) // the HMAC key itself, so not encoded
            .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
            .clientSettings(ClientSettings.builder()
                .tokenEndpointAuthenticationSigningAlgorithm(MacAlgorithm.HS256).build())
            .build(),
        client(PAR_REQUIRED, ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .redirectUri(REDIRECT_URI)
            .scope("api.read")
            .clientSettings(ClientSettings.builder().requireProofKey(true)
                .requireAuthorizationConsent(false).build())
            .build(),
        // SAS authenticates a public client only on a PKCE token request, so its device
        // clients are confidential (its samples add their own provider for public ones).
        client(DEVICE, ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
            .authorizationGrantType(AuthorizationGrantType.DEVICE_CODE)
            .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
            .scope("api.read")
            .clientSettings(ClientSettings.builder().requireAuthorizationConsent(true).build())
            .build(),
        client(TLS_CLIENT_AUTH, ClientAuthenticationMethod.TLS_CLIENT_AUTH)
            .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
            .scope("api.read")
            .clientSettings(ClientSettings.builder()
                .x509CertificateSubjectDN(MutualTls.CLIENT_SUBJECT).build())
            .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(ACCESS_TOKEN_LIFETIME)
                .x509CertificateBoundAccessTokens(true).build())
            .build(),
        client(TOKEN_EXCHANGE, ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
            .authorizationGrantType(AuthorizationGrantType.TOKEN_EXCHANGE)
            .scope("api.read")
            .build());
  }

  /** The clients whose registration names the server's own URL (their key set's). */
  static List<RegisteredClient> registeredAfterStart(String baseUrl) {
    return List.of(client(PRIVATE_KEY_JWT, ClientAuthenticationMethod.PRIVATE_KEY_JWT)
        .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
        .scope("api.read")
        .clientSettings(ClientSettings.builder()
            .jwkSetUrl(baseUrl + "/test/jwks/" + PRIVATE_KEY_JWT)
            .tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS256).build())
        .build(),
        client(PRIVATE_KEY_JWT_WEB, ClientAuthenticationMethod.PRIVATE_KEY_JWT)
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .redirectUri(REDIRECT_URI)
            .scope("api.read")
            .clientSettings(ClientSettings.builder()
                .jwkSetUrl(baseUrl + "/test/jwks/" + PRIVATE_KEY_JWT_WEB)
                .tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS256)
                .requireProofKey(true).requireAuthorizationConsent(false).build())
            .build());
  }

  private static RegisteredClient.Builder client(String clientId,
      ClientAuthenticationMethod method) {
    return RegisteredClient.withId(UUID.randomUUID().toString())
        .clientId(clientId)
        .clientSecret("{noop}" + secret(clientId))
        .clientAuthenticationMethod(method)
        .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(ACCESS_TOKEN_LIFETIME).build());
  }

  private static RegisteredClient.Builder clientCredentials(String clientId,
      ClientAuthenticationMethod method) {
    return client(clientId, method)
        .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
        .scope("api.read")
        .scope("api.write");
  }

  private static RegisteredClient.Builder web(String clientId) {
    return client(clientId, ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
        .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
        .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
        .redirectUri(REDIRECT_URI)
        .postLogoutRedirectUri(POST_LOGOUT_REDIRECT_URI)
        .scope(OidcScopes.OPENID)
        .scope(OidcScopes.PROFILE)
        .scope(OidcScopes.EMAIL)
        .scope("api.read")
        .clientSettings(ClientSettings.builder().requireProofKey(true)
            .requireAuthorizationConsent(true).build())
        .tokenSettings(TokenSettings.builder()
            .accessTokenTimeToLive(ACCESS_TOKEN_LIFETIME)
            .reuseRefreshTokens(false) // rotate: every refresh returns a new refresh token
            .build());
  }
}
