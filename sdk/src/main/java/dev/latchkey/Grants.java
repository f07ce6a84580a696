package dev.latchkey;

import dev.latchkey.Dialect.ClientAuthentication;
import dev.latchkey.Dialect.Encoding;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
  private final Set<String> acceptedTokenTypes;
  /** What a token exchange may answer: the above, or N_A for a token that is not for APIs. */
  private final Set<String> exchangeTokenTypes;
  /** What AUTO tries first: what an earlier run learned, or null for Basic. */
  private final ClientAuthentication startFrom;
  private final TokenListener listener;
  private final ClientConfig config;
  private final Dpop dpop;
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
    this.acceptedTokenTypes = config.acceptedTokenTypes;
    Set<String> exchange = new TreeSet<>(config.acceptedTokenTypes);
    exchange.add("n_a"); // RFC 8693 §2.2.1: an issued token that is not an access token.
    this.exchangeTokenTypes = Collections.unmodifiableSet(exchange);
    this.startFrom = config.learnedClientAuthentication;
    this.listener = config.listener;
    this.config = config;
    this.dpop = config.dpop;
  }

  /** The key a new token is bound to: a new one per grant when DPoP is on (RFC 9449 §5). */
  private DpopKey newDpopKey() {
    return dpop.algorithm == null ? null : dpop.newKey();
  }

  /**
   * Exchanges an authorization code (RFC 6749 §4.1.3, RFC 7636 §4.5). Never retried or probed.
   *
   * @param codeKey the DPoP key the authorization request bound the code to (RFC 9449 §10), or
   *     null for a request made without DPoP
   */
  Token exchangeCode(String code, String redirectUri, String codeVerifier,
      Set<String> requestedScopes, DpopKey codeKey) throws IOException {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("grant_type", GrantType.AUTHORIZATION_CODE.value);
    params.put("code", code);
    params.put("redirect_uri", redirectUri);
    params.put("code_verifier", codeVerifier);
    try {
      DpopKey key = codeKey != null && dpop.algorithm != null ? codeKey : newDpopKey();
      return send(GrantType.AUTHORIZATION_CODE, params, requestedScopes, key,
          Deadline.start(config));
    } catch (TokenEndpointException e) {
      String description = e.errorDescription();
      if (description != null && description.contains("redirect_uri")) {
        throw TokenErrors.withAdvice(e, ". The redirect_uri sent was \"" + redirectUri
            + "\"; it must match a redirect URI registered for this client exactly");
      }
      throw e;
    }
  }

  /** Runs the client_credentials grant (RFC 6749 §4.4) within a budget of its own. */
  Token clientCredentials(Set<String> scopes) throws IOException {
    return clientCredentials(scopes, Deadline.start(config));
  }

  /** Runs the client_credentials grant (RFC 6749 §4.4) within a renewal's budget. */
  Token clientCredentials(Set<String> scopes, Deadline deadline) throws IOException {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("grant_type", GrantType.CLIENT_CREDENTIALS.value);
    if (!scopes.isEmpty()) {
      params.put("scope", String.join(" ", scopes));
    }
    return send(GrantType.CLIENT_CREDENTIALS, params, scopes, newDpopKey(), deadline);
  }

  /**
   * Runs the refresh_token grant (RFC 6749 §6). A response without a refresh token keeps
   * {@code token}'s, and one without an ID token keeps {@code token}'s and its validated claims:
   * this is the one place that happens.
   */
  Token refresh(Token token) throws IOException {
    return refresh(token, Deadline.start(config));
  }

  /** Runs the refresh_token grant within a renewal's budget; see {@link #refresh(Token)}. */
  Token refresh(Token token, Deadline deadline) throws IOException {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("grant_type", GrantType.REFRESH_TOKEN.value);
    params.put(dialect.refreshTokenParameter(), token.refreshToken());
    Token fresh = IdTokens.afterRefresh(client, token, send(GrantType.REFRESH_TOKEN, params,
        token.scopes(), token.dpopKey != null ? token.dpopKey : newDpopKey(), deadline));
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
    return send(GrantType.DEVICE_CODE, params, requestedScopes, newDpopKey(),
        Deadline.start(config));
  }

  /** Runs the token-exchange grant (RFC 8693 §2.1) with the parameters {@link TokenExchange} built. */
  Token tokenExchange(Map<String, String> exchangeParams, Set<String> requestedScopes)
      throws IOException {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("grant_type", GrantType.TOKEN_EXCHANGE.value);
    params.putAll(exchangeParams);
    return send(GrantType.TOKEN_EXCHANGE, params, requestedScopes, newDpopKey(),
        Deadline.start(config));
  }

  /**
   * Posts a form to another endpoint of the provider with this client's authentication (the
   * device authorization endpoint, RFC 8628 §3.1) and returns its JSON answer; an error answer
   * becomes a {@link TokenEndpointException} as at the token endpoint.
   */
  Map<String, Object> postForm(HttpUrl endpoint, Map<String, String> params, String what)
      throws IOException {
    long timeout = requests.callTimeoutMillis(Deadline.start(config), what);
    try (Response response = requests.execute(endpoint, params, resolvedAuthentication(),
        Encoding.FORM, what, null, timeout)) {
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
      auth = known != null ? known : startFrom != null ? startFrom : ClientAuthentication.BASIC;
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
    long timeout = requests.callTimeoutMillis(Deadline.start(config), "revocation");
    try (Response response = requests.execute(endpoint, params, resolvedAuthentication(),
        Encoding.FORM, "revocation", null, timeout)) {
      if (!response.isSuccessful()) {
        throw TokenErrors.failure(provider, response,
            JsonBodies.readCapped(response, "revocation response"), null, sentSecrets(params));
      }
    }
  }

  /**
   * Pushes an authorization request (RFC 9126 §2.1): a form body with the client's
   * authentication, as every grant has, and a DPoP proof of {@code dpopKey} if not null (RFC
   * 9449 §10.1). Returns the parsed answer of a successful push.
   */
  Map<String, Object> pushAuthorization(HttpUrl endpoint, Map<String, String> params,
      DpopKey dpopKey) throws IOException {
    long timeout = requests.callTimeoutMillis(Deadline.start(config), "pushed authorization");
    try (Response response = requests.execute(endpoint, params, resolvedAuthentication(),
        Encoding.FORM, "pushed authorization request", dpopKey, timeout)) {
      Buffer body = JsonBodies.readCapped(response, "pushed authorization response");
      if (!response.isSuccessful()) {
        throw TokenErrors.failure(provider, response, body, null, sentSecrets(params));
      }
      return JsonBodies.parseObject(body, response.code(), response.header("Content-Type"),
          "pushed authorization response from " + Urls.redact(endpoint));
    }
  }

  /** Runs one grant and tells the listener how it went, after all its attempts. */
  private Token send(GrantType grant, Map<String, String> params, Set<String> requestedScopes,
      DpopKey key, Deadline deadline) throws IOException {
    long start = System.nanoTime(); // A duration for metrics: real time, not the session clock.
    int[] attempts = {0};
    IOException[] failure = {null};
    try {
      return authenticateAndSend(grant, params, requestedScopes, key, deadline, attempts);
    } catch (IOException e) {
      failure[0] = e;
      throw e;
    } finally {
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      Notify.listener(listener, "tokenRequestFinished",
          l -> l.tokenRequestFinished(grant.value, attempts[0], took, failure[0]));
    }
  }

  private Token authenticateAndSend(GrantType grant, Map<String, String> params,
      Set<String> requestedScopes, DpopKey key, Deadline deadline, int[] attempts)
      throws IOException {
    ClientAuthentication auth = requests.authentication();
    if (auth != ClientAuthentication.AUTO) {
      return call(grant, params, auth, requestedScopes, key, deadline, attempts);
    }
    ClientAuthentication known = learned.get();
    if (known != null) {
      return call(grant, params, known, requestedScopes, key, deadline, attempts);
    }
    ClientAuthentication first = startFrom != null ? startFrom : ClientAuthentication.BASIC;
    if (grant.singleUse) {
      // Probing would spend the code.
      return call(grant, params, first, requestedScopes, key, deadline, attempts);
    }
    TokenEndpointException firstFailure;
    try {
      Token token = call(grant, params, first, requestedScopes, key, deadline, attempts);
      learn(first);
      return token;
    } catch (TokenEndpointException e) {
      if (!refusesClient(e)) {
        throw e; // The server's own reason (unauthorized_client, say): the other way won't help.
      }
      firstFailure = e;
    }
    ClientAuthentication other = first == ClientAuthentication.BASIC
        ? ClientAuthentication.PARAMETERS : ClientAuthentication.BASIC;
    try {
      Token token = call(grant, params, other, requestedScopes, key, deadline, attempts);
      learn(other);
      LOG.fine("latchkey: " + provider.name() + " accepts client credentials " + describe(other)
          + ", not " + describe(first) + "; using that from now on");
      return token;
    } catch (TokenEndpointException e) {
      TokenEndpointException both = new TokenEndpointException("Client authentication failed"
          + " both ways at " + Urls.redact(provider.tokenEndpoint()) + ": " + describe(first)
          + " (" + TokenErrors.summary(firstFailure) + ") and " + describe(other) + " ("
          + TokenErrors.summary(e) + "). Check the client id and secret", e.response(),
          e.httpStatus(), e.retryAfter());
      both.addSuppressed(firstFailure);
      throw both;
    }
  }

  /**
   * True when the token endpoint refused how the client authenticated (RFC 6749 §5.2
   * {@code invalid_client}, or a bare 401): only then may the other method work.
   */
  private static boolean refusesClient(TokenEndpointException e) {
    return e.errorCode() == ErrorCode.INVALID_CLIENT
        || (e.httpStatus() == 401 && e.error() == null);
  }

  private void learn(ClientAuthentication method) {
    ClientAuthentication before = learned.getAndSet(method);
    if (before != method && method != startFrom) {
      Notify.listener(listener, "clientAuthenticationLearned",
          l -> l.clientAuthenticationLearned(method));
    }
  }

  private static String describe(ClientAuthentication method) {
    return method == ClientAuthentication.BASIC ? "with HTTP Basic"
        : "with the credentials in the request";
  }

  /**
   * Sends one grant, retrying transient failures (outages, 429/5xx, garbled bodies, network
   * errors) with exponential backoff and jitter, honouring {@code Retry-After}. A single-use
   * grant is never retried: the code may already have been spent.
   */
  private Token call(GrantType grant, Map<String, String> params, ClientAuthentication auth,
      Set<String> requestedScopes, DpopKey key, Deadline deadline, int[] attempts)
      throws IOException {
    int attempt = 0;
    while (true) {
      attempts[0]++;
      try {
        return callOnce(grant, params, auth, requestedScopes, key, deadline);
      } catch (IOException e) {
        attempt++;
        if (grant.singleUse || !RetryPolicy.isTransient(e)) {
          throw e;
        }
        if (attempt > retryPolicy.maxRetries()) {
          throw TokenErrors.amend(e, tried(attempt));
        }
        long delayMillis = retryPolicy.delayMillis(attempt, e);
        if (delayMillis < 0) {
          // The server asked for a longer pause than a caller should wait.
          throw TokenErrors.amend(e, "; it asked to retry after "
              + ((TokenEndpointException) e).retryAfter().getSeconds() + " s (Retry-After), more"
              + " than the " + RetryPolicy.MAX_RETRY_AFTER_MILLIS / 1000 + " s Latchkey waits, so"
              + " it was not retried" + tried(attempt));
        }
        if (!deadline.allowsAttemptAfter(delayMillis)) {
          throw TokenErrors.amend(e, "; the renewal timeout of " + deadline.budget.toMillis()
              + " ms leaves no time for another attempt" + tried(attempt));
        }
        LOG.fine("latchkey: " + grant + " request to " + provider.name() + " failed ("
            + e.getClass().getSimpleName() + "); retry " + attempt + " of "
            + retryPolicy.maxRetries() + " in " + delayMillis + " ms");
        retryPolicy.sleep(delayMillis);
      }
    }
  }

  /** How many attempts a message reports: none when there was one, as there was no retry. */
  private static String tried(int attempts) {
    return attempts == 1 ? "" : "; tried " + attempts + " times";
  }

  private Token callOnce(GrantType grant, Map<String, String> params, ClientAuthentication auth,
      Set<String> requestedScopes, DpopKey key, Deadline deadline) throws IOException {
    long timeout = requests.callTimeoutMillis(deadline, grant.value);
    try (Response response = requests.execute(provider.tokenEndpoint(), params, auth,
        dialect.encoding(), grant.value, key, timeout)) {
      Buffer body;
      try {
        body = JsonBodies.readCapped(response, "token response");
      } catch (IOException e) {
        if (TokenRequests.isCallTimeout(e)) { // The headers came in time, the body did not.
          throw requests.timedOut(provider.tokenEndpoint(), timeout, grant.value, e);
        }
        throw e;
      }
      if (!response.isSuccessful()) {
        throw TokenErrors.failure(provider, response, body, grant, sentSecrets(params));
      }
      Map<String, Object> json = JsonBodies.parseObject(body, response.code(),
          response.header("Content-Type"),
          "token response from " + Urls.redact(provider.tokenEndpoint()));
      if (json.get("error") != null) {
        throw TokenErrors.endpointError(provider, json, response, grant, sentSecrets(params));
      }
      return DpopBinding.bind(TokenResponses.parse(json, response.code(),
          response.header("Content-Type"), clock.instant(), requestedScopes,
          grant == GrantType.TOKEN_EXCHANGE ? exchangeTokenTypes : acceptedTokenTypes,
          sentSecrets(params)), key, response);
    }
  }

  /**
   * The secrets a request carried, in every encoding it used; a server that echoes one in its
   * error description (some quote the refresh token they refuse, or the whole request) must not
   * put it into our message.
   */
  private String[] sentSecrets(Map<String, String> params) {
    return requests.secretsOnWire(clientSecret, params.get("code"), params.get("code_verifier"),
        params.get("refresh_token"), params.get(dialect.refreshTokenParameter()),
        params.get("token"), params.get("device_code"), params.get("subject_token"),
        params.get("actor_token"));
  }
}
