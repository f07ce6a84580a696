package dev.latchkey;

import dev.latchkey.Dialect.ClientAuthentication;
import dev.latchkey.Dialect.Encoding;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import okhttp3.HttpUrl;
import okhttp3.Response;
import okio.Buffer;

/**
 * The grants at the token endpoint, and revocation: the one code path every grant takes, with
 * the provider's dialect, retries of transient failures, and the client authentication that
 * {@link ClientAuthentication#AUTO} learned. Extensions that change what goes on the wire (client
 * assertions, DPoP, PAR) belong here, not beside it.
 */
final class Grants {
  private static final Logger LOG = Logger.getLogger("dev.latchkey");

  private final Provider provider;
  /** For the ID token checks of a refresh; Grants is one part of this client. */
  private final OAuth2Client client;
  private final Dialect dialect;
  private final String clientSecret;
  private final java.time.Clock clock;
  private final TokenRequests requests;
  private final RetryPolicy retryPolicy;
  /** What AUTO learned works for this client: BASIC or PARAMETERS, null until learned. */
  private final AtomicReference<ClientAuthentication> learned = new AtomicReference<>();

  Grants(ClientConfig config, OAuth2Client client) {
    this.provider = config.provider;
    this.client = client;
    this.dialect = config.provider.dialect();
    this.clientSecret = config.clientSecret;
    this.clock = config.clock;
    this.requests = new TokenRequests(config);
    this.retryPolicy = new RetryPolicy(config.maxRetries, config.sleeper);
  }

  /** Exchanges an authorization code (RFC 6749 §4.1.3, RFC 7636 §4.5). Never retried or probed. */
  Token exchangeCode(String code, String redirectUri, String codeVerifier,
      Set<String> requestedScopes) throws IOException {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("grant_type", GrantType.AUTHORIZATION_CODE.value);
    params.put("code", code);
    params.put("redirect_uri", redirectUri);
    params.put("code_verifier", codeVerifier);
    try {
      return send(GrantType.AUTHORIZATION_CODE, params, requestedScopes);
    } catch (TokenEndpointException e) {
      String description = e.errorDescription();
      if (description != null && description.contains("redirect_uri")) {
        throw TokenErrors.withAdvice(e, ". The redirect_uri sent was \"" + redirectUri
            + "\"; it must match a redirect URI registered for this client exactly");
      }
      throw e;
    }
  }

  /** Runs the client_credentials grant (RFC 6749 §4.4). */
  Token clientCredentials(Set<String> scopes) throws IOException {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("grant_type", GrantType.CLIENT_CREDENTIALS.value);
    if (!scopes.isEmpty()) {
      params.put("scope", String.join(" ", scopes));
    }
    return send(GrantType.CLIENT_CREDENTIALS, params, scopes);
  }

  /**
   * Runs the refresh_token grant (RFC 6749 §6). A response without a refresh token keeps
   * {@code token}'s, and one without an ID token keeps {@code token}'s and its validated claims:
   * this is the one place that happens.
   */
  Token refresh(Token token) throws IOException {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("grant_type", GrantType.REFRESH_TOKEN.value);
    params.put(dialect.refreshTokenParameter(), token.refreshToken());
    Token fresh = IdTokens.afterRefresh(client, token,
        send(GrantType.REFRESH_TOKEN, params, token.scopes()));
    return fresh.refreshToken() != null ? fresh
        : fresh.newBuilder().refreshToken(token.refreshToken()).build();
  }

  /**
   * Polls for the device flow's token once (RFC 8628 §3.4); {@link DeviceFlow} handles
   * {@code authorization_pending} and {@code slow_down}.
   */
  Token deviceCode(String deviceCode, Set<String> requestedScopes) throws IOException {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("grant_type", GrantType.DEVICE_CODE.value);
    params.put("device_code", deviceCode);
    return send(GrantType.DEVICE_CODE, params, requestedScopes);
  }

  /** Runs the token-exchange grant (RFC 8693 §2.1) with the parameters {@link TokenExchange} built. */
  Token tokenExchange(Map<String, String> exchangeParams, Set<String> requestedScopes)
      throws IOException {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("grant_type", GrantType.TOKEN_EXCHANGE.value);
    params.putAll(exchangeParams);
    return send(GrantType.TOKEN_EXCHANGE, params, requestedScopes);
  }

  /**
   * Posts a form to another endpoint of the provider with this client's authentication (the
   * device authorization endpoint, RFC 8628 §3.1) and returns its JSON answer; an error answer
   * becomes a {@link TokenEndpointException} as at the token endpoint.
   */
  Map<String, Object> postForm(HttpUrl endpoint, Map<String, String> params, String what)
      throws IOException {
    try (Response response = requests.execute(endpoint, params, resolvedAuthentication(),
        Encoding.FORM, what)) {
      Buffer body = JsonBodies.readCapped(response, what + " response");
      if (!response.isSuccessful()) {
        throw TokenErrors.failure(provider, response, body, null, what, sentSecrets(params));
      }
      Map<String, Object> json = JsonBodies.parseObject(body, response.code(),
          response.header("Content-Type"), what + " response from " + Urls.redact(endpoint));
      if (json.get("error") != null) {
        throw TokenErrors.endpointError(provider, json, response, null, what,
            sentSecrets(params));
      }
      return json;
    }
  }

  /** AUTO resolved without probing: what was learned, else Basic. */
  private ClientAuthentication resolvedAuthentication() {
    ClientAuthentication auth = requests.authentication();
    if (auth == ClientAuthentication.AUTO) {
      ClientAuthentication known = learned.get();
      auth = known != null ? known : ClientAuthentication.BASIC;
    }
    return auth;
  }

  /**
   * Revokes {@code token}'s refresh token if it has one, else its access token (RFC 7009 §2.1):
   * always a form body, whatever the dialect encodes token requests as, with the dialect's
   * client authentication. The endpoint answers 200 even for unknown tokens.
   */
  void revoke(HttpUrl endpoint, Token token) throws IOException {
    Map<String, String> params = new LinkedHashMap<>();
    boolean refresh = token.refreshToken() != null;
    params.put("token", refresh ? token.refreshToken() : token.accessToken());
    params.put("token_type_hint", refresh ? "refresh_token" : "access_token");
    try (Response response = requests.execute(endpoint, params, resolvedAuthentication(),
        Encoding.FORM,
        "revocation")) {
      if (!response.isSuccessful()) {
        throw TokenErrors.failure(provider, response,
            JsonBodies.readCapped(response, "revocation response"), null, sentSecrets(params));
      }
    }
  }

  private Token send(GrantType grant, Map<String, String> params, Set<String> requestedScopes)
      throws IOException {
    ClientAuthentication auth = requests.authentication();
    if (auth != ClientAuthentication.AUTO) {
      return call(grant, params, auth, requestedScopes);
    }
    ClientAuthentication known = learned.get();
    if (known != null || grant.singleUse) {
      // Probing with a single-use grant would spend it: use what was learned, or Basic.
      return call(grant, params, known != null ? known : ClientAuthentication.BASIC,
          requestedScopes);
    }
    TokenEndpointException basicFailure;
    try {
      Token token = call(grant, params, ClientAuthentication.BASIC, requestedScopes);
      learned.compareAndSet(null, ClientAuthentication.BASIC);
      return token;
    } catch (TokenEndpointException e) {
      if (e.httpStatus() != 401 && e.errorCode() != ErrorCode.INVALID_CLIENT) {
        throw e;
      }
      basicFailure = e;
    }
    try {
      Token token = call(grant, params, ClientAuthentication.PARAMETERS, requestedScopes);
      learned.set(ClientAuthentication.PARAMETERS);
      LOG.fine("latchkey: " + provider.name() + " accepts client credentials in the request"
          + " parameters, not HTTP Basic; using parameters from now on");
      return token;
    } catch (TokenEndpointException e) {
      TokenEndpointException both = new TokenEndpointException("Client authentication failed"
          + " both ways at " + Urls.redact(provider.tokenEndpoint()) + ": with HTTP Basic ("
          + TokenErrors.summary(basicFailure) + ") and with the credentials in the request ("
          + TokenErrors.summary(e) + "). Check the client id and secret", e.response(),
          e.httpStatus(), e.retryAfter());
      both.addSuppressed(basicFailure);
      throw both;
    }
  }

  /**
   * Sends one grant, retrying transient failures (outages, 429/5xx, garbled bodies, network
   * errors) with exponential backoff and jitter, honouring {@code Retry-After}. A single-use
   * grant is never retried: the code may already have been spent.
   */
  private Token call(GrantType grant, Map<String, String> params, ClientAuthentication auth,
      Set<String> requestedScopes) throws IOException {
    int attempt = 0;
    while (true) {
      try {
        return callOnce(grant, params, auth, requestedScopes);
      } catch (IOException e) {
        attempt++;
        if (grant.singleUse || attempt > retryPolicy.maxRetries()
            || !RetryPolicy.isTransient(e)) {
          throw e;
        }
        long delayMillis = retryPolicy.delayMillis(attempt, e);
        if (delayMillis < 0) {
          throw e; // The server asked for a longer pause than a caller should wait.
        }
        LOG.fine("latchkey: " + grant + " request to " + provider.name() + " failed ("
            + e.getClass().getSimpleName() + "); retry " + attempt + " of "
            + retryPolicy.maxRetries() + " in " + delayMillis + " ms");
        retryPolicy.sleep(delayMillis);
      }
    }
  }

  private Token callOnce(GrantType grant, Map<String, String> params, ClientAuthentication auth,
      Set<String> requestedScopes) throws IOException {
    try (Response response = requests.execute(provider.tokenEndpoint(), params, auth,
        dialect.encoding(), grant.value)) {
      Buffer body = JsonBodies.readCapped(response, "token response");
      if (!response.isSuccessful()) {
        throw TokenErrors.failure(provider, response, body, grant, sentSecrets(params));
      }
      Map<String, Object> json = JsonBodies.parseObject(body, response.code(),
          response.header("Content-Type"),
          "token response from " + Urls.redact(provider.tokenEndpoint()));
      if (json.get("error") != null) {
        throw TokenErrors.endpointError(provider, json, response, grant, sentSecrets(params));
      }
      return TokenResponses.parse(json, response.code(), response.header("Content-Type"),
          clock.instant(), requestedScopes);
    }
  }

  /**
   * The secrets a request carried; a server that echoes one in its error description (some
   * quote the refresh token they refuse) must not put it into our message.
   */
  private String[] sentSecrets(Map<String, String> params) {
    return new String[] {clientSecret, params.get("code"), params.get("code_verifier"),
        params.get("refresh_token"), params.get(dialect.refreshTokenParameter()),
        params.get("token"), params.get("device_code"), params.get("subject_token"),
        params.get("actor_token")};
  }
}
