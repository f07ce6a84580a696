package dev.latchkey.internal;

import com.squareup.moshi.JsonWriter;
import dev.latchkey.Dialect;
import dev.latchkey.Dialect.ClientAuthentication;
import dev.latchkey.ErrorCode;
import dev.latchkey.MalformedResponseException;
import dev.latchkey.OAuth2Exception;
import dev.latchkey.Provider;
import dev.latchkey.Token;
import dev.latchkey.TokenEndpointException;
import dev.latchkey.TokenListener;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSink;

/**
 * The one code path to a token endpoint: every grant applies the provider's dialect here, and
 * every answer is parsed here.
 */
public final class TokenEndpoint {
  static final Logger LOG = Logger.getLogger("dev.latchkey");
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final Provider provider;
  private final Dialect dialect;
  private final String clientId;
  private final String clientSecret;
  private final OkHttpClient http;
  private final Clock clock;
  /** What AUTO learned works for this client: BASIC or PARAMETERS, null until learned. */
  private final AtomicReference<ClientAuthentication> learned = new AtomicReference<>();
  private final AtomicBoolean warnedAboutQuery = new AtomicBoolean();
  private final RetryPolicy retryPolicy;
  private final TokenListener listener;

  public TokenEndpoint(Provider provider, String clientId, String clientSecret,
      OkHttpClient httpClient, Clock clock, RetryPolicy retryPolicy) {
    this(provider, clientId, clientSecret, httpClient, clock, retryPolicy, new TokenListener() {
    });
  }

  public TokenEndpoint(Provider provider, String clientId, String clientSecret,
      OkHttpClient httpClient, Clock clock, RetryPolicy retryPolicy, TokenListener listener) {
    this.retryPolicy = retryPolicy;
    this.listener = listener;
    this.provider = provider;
    this.dialect = provider.dialect();
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    // Token requests never follow redirects (a redirect means a misconfigured URL, and following
    // it would turn the POST into a GET) and never run an app's authenticator (no recursion).
    this.http = httpClient.newBuilder()
        .followRedirects(false)
        .authenticator(okhttp3.Authenticator.NONE)
        .build();
    this.clock = clock;
  }

  /** Exchanges an authorization code (RFC 6749 §4.1.3, RFC 7636 §4.5). Never retried or probed. */
  public Token exchangeCode(String code, String redirectUri, String codeVerifier,
      Set<String> requestedScopes) throws IOException {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("grant_type", "authorization_code");
    params.put("code", code);
    params.put("redirect_uri", redirectUri);
    params.put("code_verifier", codeVerifier);
    try {
      return send("authorization_code", params, requestedScopes, null, true);
    } catch (TokenEndpointException e) {
      String description = e.errorDescription();
      if (description != null && description.contains("redirect_uri")) {
        throw new TokenEndpointException(e.getMessage() + ". The redirect_uri sent was \""
            + redirectUri + "\"; it must match a redirect URI registered for this client exactly",
            e.error(), e.errorDescription(), e.errorUri(), e.httpStatus(), e.retryAfter());
      }
      throw e;
    }
  }

  /** Runs the client_credentials grant (RFC 6749 §4.4). */
  public Token clientCredentials(Set<String> scopes) throws IOException {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("grant_type", "client_credentials");
    if (!scopes.isEmpty()) {
      params.put("scope", String.join(" ", scopes));
    }
    return send("client_credentials", params, scopes, null, false);
  }

  /** Runs the refresh_token grant (RFC 6749 §6), keeping the old refresh token if none comes. */
  public Token refresh(Token token) throws IOException {
    if (token.refreshToken() == null) {
      throw new IllegalArgumentException("token has no refresh token");
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("grant_type", "refresh_token");
    params.put(dialect.refreshTokenParameter(), token.refreshToken());
    return send("refresh_token", params, token.scopes(), token.refreshToken(), false);
  }

  /** Revokes a token (RFC 7009 §2.1); the endpoint answers 200 even for unknown tokens. */
  public void revoke(HttpUrl endpoint, String token, String hint) throws IOException {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("token", token);
    params.put("token_type_hint", hint);
    ClientAuthentication auth = effectiveAuth();
    if (auth == ClientAuthentication.AUTO) {
      ClientAuthentication known = learned.get();
      auth = known != null ? known : ClientAuthentication.BASIC;
    }
    Request request = build(endpoint, params, auth);
    try (Response response = execute(request, "revocation", auth)) {
      if (!response.isSuccessful()) {
        throw failure(response, JsonBodies.readCapped(response, "revocation response"),
            "revocation", sentSecrets(params));
      }
    }
  }

  /** Runs one grant and tells the listener how it went, after all its attempts. */
  private Token send(String grant, Map<String, String> params, Set<String> requestedScopes,
      String previousRefreshToken, boolean singleUse) throws IOException {
    long start = System.nanoTime();
    int[] attempts = {0};
    IOException failure = null;
    try {
      return authenticateAndCall(grant, params, requestedScopes, previousRefreshToken, singleUse,
          attempts);
    } catch (IOException e) {
      failure = e;
      throw e;
    } finally {
      try {
        listener.tokenRequestFinished(grant, attempts[0],
            Duration.ofNanos(System.nanoTime() - start), failure);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "latchkey: TokenListener.tokenRequestFinished threw", e);
      }
    }
  }

  private Token authenticateAndCall(String grant, Map<String, String> params,
      Set<String> requestedScopes, String previousRefreshToken, boolean singleUse,
      int[] attempts) throws IOException {
    ClientAuthentication auth = effectiveAuth();
    if (auth != ClientAuthentication.AUTO) {
      return call(grant, params, auth, requestedScopes, previousRefreshToken, attempts);
    }
    ClientAuthentication known = learned.get();
    if (known != null || singleUse) {
      // A code is single use: probing with it would burn it, so use what was learned, or Basic.
      return call(grant, params, known != null ? known : ClientAuthentication.BASIC,
          requestedScopes, previousRefreshToken, attempts);
    }
    TokenEndpointException basicFailure;
    try {
      Token token = call(grant, params, ClientAuthentication.BASIC, requestedScopes,
          previousRefreshToken, attempts);
      learned.compareAndSet(null, ClientAuthentication.BASIC);
      return token;
    } catch (TokenEndpointException e) {
      if (e.httpStatus() != 401 && e.errorCode() != ErrorCode.INVALID_CLIENT) {
        throw e;
      }
      basicFailure = e;
    }
    try {
      Token token = call(grant, params, ClientAuthentication.PARAMETERS, requestedScopes,
          previousRefreshToken, attempts);
      learned.set(ClientAuthentication.PARAMETERS);
      LOG.fine("latchkey: " + provider.name() + " accepts client credentials in the request"
          + " parameters, not HTTP Basic; using parameters from now on");
      return token;
    } catch (TokenEndpointException e) {
      TokenEndpointException both = new TokenEndpointException("Client authentication failed"
          + " both ways at " + Urls.redact(provider.tokenEndpoint()) + ": with HTTP Basic ("
          + summary(basicFailure) + ") and with the credentials in the request (" + summary(e)
          + "). Check the client id and secret", e.error(), e.errorDescription(), e.errorUri(),
          e.httpStatus(), e.retryAfter());
      both.addSuppressed(basicFailure);
      throw both;
    }
  }

  private ClientAuthentication effectiveAuth() {
    // A public client has no secret to send, whatever the dialect says.
    return clientSecret == null ? ClientAuthentication.NONE : dialect.clientAuthentication();
  }

  /**
   * Sends one grant, retrying transient failures (outages, 429/5xx, garbled bodies, network
   * errors) with exponential backoff and jitter, honouring {@code Retry-After}. A code exchange
   * is never retried: the code may already have been spent.
   */
  private Token call(String grant, Map<String, String> params, ClientAuthentication auth,
      Set<String> requestedScopes, String previousRefreshToken, int[] attempts)
      throws IOException {
    int attempt = 0;
    while (true) {
      attempts[0]++;
      try {
        return callOnce(grant, params, auth, requestedScopes, previousRefreshToken);
      } catch (IOException e) {
        attempt++;
        if (grant.equals("authorization_code") || attempt > retryPolicy.maxRetries()
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

  private Token callOnce(String grant, Map<String, String> params, ClientAuthentication auth,
      Set<String> requestedScopes, String previousRefreshToken) throws IOException {
    Request request = build(provider.tokenEndpoint(), params, auth);
    try (Response response = execute(request, grant, auth)) {
      Buffer body = JsonBodies.readCapped(response, "token response");
      if (!response.isSuccessful()) {
        throw failure(response, body, grant, sentSecrets(params));
      }
      Map<String, Object> json = JsonBodies.parseObject(body, response.code(),
          response.header("Content-Type"),
          "token response from " + Urls.redact(provider.tokenEndpoint()));
      if (json.get("error") != null) {
        throw endpointError(json, response, grant, sentSecrets(params));
      }
      return TokenResponses.parse(json, response.code(), response.header("Content-Type"),
          clock.instant(), requestedScopes, previousRefreshToken);
    }
  }

  private Response execute(Request request, String grant, ClientAuthentication auth)
      throws IOException {
    long start = System.nanoTime();
    String where = Urls.redact(request.url());
    Response response;
    try {
      response = http.newCall(request).execute();
    } catch (IOException e) {
      LOG.log(Level.FINE, "latchkey: " + request.method() + " " + where + " (" + grant + ") failed: "
          + e.getClass().getSimpleName());
      throw new OAuth2Exception("Could not reach the token endpoint " + where + " of "
          + provider.name() + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")")
          + ". Check the URL and the network", e);
    }
    if (LOG.isLoggable(Level.FINE)) {
      LOG.fine("latchkey: " + request.method() + " " + where + " grant_type=" + grant
          + " encoding=" + dialect.encoding() + " client_auth=" + auth + " -> HTTP "
          + response.code() + " in "
          + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
    }
    if (response.isRedirect()) {
      String location = response.header("Location");
      response.close();
      throw new TokenEndpointException("The token endpoint " + where + " answered with a redirect (HTTP "
          + response.code() + (location == null ? "" : " to " + redactLocation(location))
          + "); token requests are never redirected. Configure the final URL", null, null, null,
          response.code(), null);
    }
    return response;
  }

  private static String redactLocation(String location) {
    HttpUrl url = HttpUrl.parse(location);
    return url == null ? "a relative location" : Urls.redact(url);
  }

  private Request build(HttpUrl endpoint, Map<String, String> params, ClientAuthentication auth) {
    Map<String, String> all = new LinkedHashMap<>(params);
    Request.Builder request = new Request.Builder().header("Accept", "application/json");
    switch (auth) {
      case BASIC:
        request.header("Authorization", basic(clientId, clientSecret));
        break;
      case PARAMETERS:
        all.put("client_id", clientId);
        all.put("client_secret", clientSecret);
        break;
      case NONE:
        all.put("client_id", clientId);
        break;
      default:
        throw new AssertionError(auth);
    }
    switch (dialect.encoding()) {
      case FORM:
        FormBody.Builder form = new FormBody.Builder(StandardCharsets.UTF_8);
        for (Map.Entry<String, String> e : all.entrySet()) {
          form.add(e.getKey(), e.getValue());
        }
        return request.url(endpoint).post(oneShot(form.build())).build();
      case JSON:
        return request.url(endpoint).post(oneShot(RequestBody.create(json(all), JSON))).build();
      case QUERY:
        if (auth == ClientAuthentication.PARAMETERS && warnedAboutQuery.compareAndSet(false, true)) {
          LOG.warning("latchkey: " + provider.name() + " takes the client secret in the URL query"
              + " of token requests; URLs can end up in proxy and server logs. Prefer HTTP Basic"
              + " where the provider allows it");
        }
        HttpUrl.Builder url = endpoint.newBuilder();
        for (Map.Entry<String, String> e : all.entrySet()) {
          url.addQueryParameter(e.getKey(), e.getValue());
        }
        return request.url(url.build()).post(oneShot(RequestBody.create(new byte[0], null)))
            .build();
      default:
        throw new AssertionError(dialect.encoding());
    }
  }

  /**
   * Marks a token request's body as one-shot, so OkHttp never sends the request a second time on
   * its own: not after a dropped connection once the request may have reached the server, and not
   * on a 503 with {@code Retry-After: 0}. Retries are {@link RetryPolicy}'s alone (bounded, with
   * backoff), and a code exchange, whose code is single use, is sent exactly once.
   */
  private static RequestBody oneShot(RequestBody body) {
    return new RequestBody() {
      @Override
      public MediaType contentType() {
        return body.contentType();
      }

      @Override
      public long contentLength() throws IOException {
        return body.contentLength();
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        body.writeTo(sink);
      }

      @Override
      public boolean isOneShot() {
        return true;
      }
    };
  }

  /** Builds an RFC 6749 §2.3.1 Basic header: id and secret form-encoded, then Base64. */
  static String basic(String id, String secret) {
    String pair = formEncode(id) + ":" + formEncode(secret);
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private static String formEncode(String value) {
    try {
      return URLEncoder.encode(value, "UTF-8");
    } catch (UnsupportedEncodingException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] json(Map<String, String> values) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.beginObject();
      for (Map.Entry<String, String> e : values.entrySet()) {
        writer.name(e.getKey()).value(e.getValue());
      }
      writer.endObject();
    } catch (IOException e) {
      throw new AssertionError(e); // A Buffer never fails.
    }
    return buffer.readByteArray();
  }

  /**
   * The secrets a request carried; a server that echoes one in its error description (some
   * quote the refresh token they refuse) must not put it into our message.
   */
  private String[] sentSecrets(Map<String, String> params) {
    return new String[] {clientSecret, params.get("code"), params.get("code_verifier"),
        params.get("refresh_token"), params.get(dialect.refreshTokenParameter()),
        params.get("token")};
  }

  private TokenEndpointException failure(Response response, Buffer body, String grant,
      String[] secrets) {
    String contentType = response.header("Content-Type");
    Map<String, Object> json = null;
    try {
      json = JsonBodies.parseObject(body, response.code(), contentType, "error response");
    } catch (MalformedResponseException notJson) {
      // Not an OAuth2 error: reported below with status and content type.
    }
    if (json != null && json.get("error") instanceof String) {
      return endpointError(json, response, grant, secrets);
    }
    return new TokenEndpointException("The token endpoint " + Urls.redact(response.request().url())
        + " of " + provider.name() + " answered HTTP " + response.code() + " with "
        + JsonBodies.describe(contentType) + " and no OAuth2 error (" + grant + ")"
        + (response.code() >= 500 ? "; the server or a proxy in front of it failed, try again later"
            : "; check the token endpoint URL"),
        null, null, null, response.code(), retryAfter(response));
  }

  private TokenEndpointException endpointError(Map<String, Object> json, Response response,
      String grant, String[] secrets) {
    String error = String.valueOf(json.get("error"));
    String description = stringOrNull(json.get("error_description"));
    String uri = stringOrNull(json.get("error_uri"));
    StringBuilder message = new StringBuilder()
        .append("The token endpoint of ").append(provider.name()).append(" refused the ")
        .append(grant).append(" request: ").append(Texts.quote(error, secrets))
        .append(" (HTTP ").append(response.code()).append(")");
    if (description != null) {
      message.append(": ").append(Texts.quote(description, secrets));
    }
    message.append(". ").append(advice(ErrorCode.of(error), grant));
    return new TokenEndpointException(message.toString(), error, description, uri, response.code(),
        retryAfter(response));
  }

  private static String advice(ErrorCode code, String grant) {
    switch (code) {
      case INVALID_CLIENT:
        return "Check the client id and secret, and how the provider expects them (dialect)";
      case INVALID_GRANT:
        return grant.equals("refresh_token")
            ? "The refresh token is expired or revoked; the user must authorize again"
            : "The code is expired, already used, or was issued for another redirect URI or PKCE"
                + " verifier; start a new login";
      case INVALID_SCOPE:
        return "Request only scopes the provider knows and allows for this client";
      case UNSUPPORTED_GRANT_TYPE:
        return "This provider does not support " + grant;
      case UNAUTHORIZED_CLIENT:
        return "This client is not allowed to use " + grant + "; check its registration";
      case INVALID_REQUEST:
        return "The request does not match what the provider expects; check its dialect";
      default:
        return "See RFC 6749 §5.2";
    }
  }

  private static String stringOrNull(Object value) {
    return value instanceof String ? (String) value : null;
  }

  private static String summary(TokenEndpointException e) {
    return e.error() == null ? "HTTP " + e.httpStatus()
        : Texts.quote(e.error()) + ", HTTP " + e.httpStatus();
  }

  private static Duration retryAfter(Response response) {
    String value = response.header("Retry-After");
    if (value == null) {
      return null;
    }
    try {
      long seconds = Long.parseLong(value.trim());
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      return null; // An HTTP-date; rare for token endpoints, ignored.
    }
  }
}
