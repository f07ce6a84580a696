package dev.latchkey;

import com.squareup.moshi.JsonWriter;
import dev.latchkey.Dialect.ClientAuthentication;
import dev.latchkey.Dialect.Encoding;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.Call;
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
 * Puts a request to a token or revocation endpoint on the wire: encoded as the dialect says,
 * with the client authenticated as the dialect says, sent once, never redirected.
 */
final class TokenRequests {
  private static final Logger LOG = Logger.getLogger("dev.latchkey");
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  /** Only a base to percent-encode a query value on, as OkHttp encodes query parameters. */
  private static final HttpUrl ECHO_BASE = HttpUrl.get("http://localhost/");

  private final Provider provider;
  private final String clientId;
  private final String clientSecret;
  private final OkHttpClient http;
  private final AtomicBoolean warnedAboutQuery = new AtomicBoolean();
  private final long requestTimeoutMillis;
  private final SenderConstraints constraints;

  TokenRequests(ClientConfig config) {
    this.provider = config.provider;
    this.clientId = config.clientId;
    this.clientSecret = config.clientSecret;
    this.requestTimeoutMillis = config.tokenRequestTimeout.toMillis();
    // Token requests never follow redirects (a redirect means a misconfigured URL, and following
    // it would turn the POST into a GET) and never run an app's authenticator (no recursion).
    this.http = config.httpClient.newBuilder()
        .followRedirects(false)
        .authenticator(okhttp3.Authenticator.NONE)
        .build();
    this.constraints = new SenderConstraints(config);
  }

  /** How this client authenticates, before AUTO is resolved. */
  ClientAuthentication authentication() {
    ClientAuthentication configured = constraints.authentication();
    if (configured != null) {
      return configured; // Authenticates with a key or certificate, not with the secret alone.
    }
    // A public client has no secret to send, whatever the dialect says.
    return clientSecret == null ? ClientAuthentication.NONE
        : provider.dialect().clientAuthentication();
  }

  /**
   * Sends one request. A redirect answer is an error; the caller closes the response.
   *
   * @param what the grant, or "revocation", for logs and messages
   * @param dpopKey the key to prove possession of (RFC 9449 §5), or null for none
   * @param timeoutMillis the call timeout of each request sent
   */
  Response execute(HttpUrl endpoint, Map<String, String> params, ClientAuthentication auth,
      Encoding encoding, String what, DpopKey dpopKey, long timeoutMillis) throws IOException {
    HttpUrl target = constraints.endpoint(endpoint, auth);
    Response response = send(target, params, auth, encoding, what, dpopKey, timeoutMillis);
    if (dpopKey != null && constraints.askedForNonce(response)) {
      response.close(); // RFC 9449 §8: retry once with the nonce the server just gave.
      response = send(target, params, auth, encoding, what, dpopKey, timeoutMillis);
      constraints.askedForNonce(response); // Remembers a newer nonce; never a second retry.
    }
    return response;
  }

  private Response send(HttpUrl endpoint, Map<String, String> params, ClientAuthentication auth,
      Encoding encoding, String what, DpopKey dpopKey, long timeoutMillis) throws IOException {
    Request request = build(endpoint, params, auth, encoding);
    if (dpopKey != null) {
      request = request.newBuilder()
          .header("DPoP", constraints.proof(dpopKey, request.method(), request.url()))
          .build();
    }
    long start = System.nanoTime();
    String where = Urls.redact(request.url());
    // The call timeout covers the whole exchange, body included: a server that drips one byte
    // at a time resets every read timeout, but not this.
    Call call = http.newCall(request);
    call.timeout().timeout(timeoutMillis, TimeUnit.MILLISECONDS);
    Response response;
    try {
      response = call.execute();
    } catch (IOException e) {
      if (isCallTimeout(e)) {
        throw timedOut(endpoint, timeoutMillis, what, e);
      }
      LOG.log(Level.FINE, "latchkey: " + request.method() + " " + where + " (" + what + ") failed: "
          + e.getClass().getSimpleName());
      throw new OAuth2Exception("Could not reach the token endpoint " + where + " of "
          + provider.name() + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")")
          + ". Check the URL and the network", e);
    }
    if (LOG.isLoggable(Level.FINE)) {
      LOG.fine("latchkey: " + request.method() + " " + where + " grant_type=" + what
          + " encoding=" + encoding + " client_auth=" + auth + " -> HTTP "
          + response.code() + " in "
          + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
    }
    if (response.isRedirect()) {
      String location = response.header("Location");
      response.close();
      throw new TokenEndpointException("The token endpoint " + where + " answered with a redirect"
          + " (HTTP " + response.code() + (location == null ? "" : " to " + redactLocation(location))
          + "); token requests are never redirected. Configure the final URL",
          ErrorResponse.NONE, response.code(), null);
    }
    return response;
  }

  /**
   * Returns the call timeout of the next request: {@code tokenRequestTimeout}, or what is left of
   * {@code deadline} if less; throws when nothing is left.
   */
  long callTimeoutMillis(Deadline deadline, String what) throws OAuth2Exception {
    long remaining = deadline.remainingMillis();
    if (remaining <= 0) {
      throw new OAuth2Exception("The renewal timeout of " + deadline.budget.toMillis() + " ms"
          + " passed before the " + what + " request to " + Urls.redact(provider.tokenEndpoint())
          + " of " + provider.name() + " could be sent; raise renewalTimeout(Duration) if the"
          + " token endpoint is legitimately slow", new SocketTimeoutException("renewal timeout"));
    }
    return Math.min(requestTimeoutMillis, remaining);
  }

  /** True for OkHttp's call timeout, which is neither a socket timeout nor an interrupt. */
  static boolean isCallTimeout(IOException e) {
    return e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)
        && "timeout".equals(e.getMessage());
  }

  /**
   * The failure of a token request that did not end within its call timeout: a network failure
   * (retried while the budget lasts), caused by a {@link SocketTimeoutException} so that callers
   * that sort failures find a timeout.
   */
  OAuth2Exception timedOut(HttpUrl endpoint, long timeoutMillis, String what, IOException e) {
    SocketTimeoutException timeout = new SocketTimeoutException("call timeout");
    timeout.initCause(e);
    return new OAuth2Exception("The token endpoint " + Urls.redact(endpoint) + " of "
        + provider.name() + " did not answer the " + what + " request within " + timeoutMillis
        + " ms; the server is slow or stalled. Check it, or raise tokenRequestTimeout(Duration)"
        + " and renewalTimeout(Duration) if it is legitimately slow", timeout);
  }

  private static String redactLocation(String location) {
    HttpUrl url = HttpUrl.parse(location);
    return url == null ? "a relative location" : Urls.redact(url);
  }

  private Request build(HttpUrl endpoint, Map<String, String> params, ClientAuthentication auth,
      Encoding encoding) {
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
      case TLS_CLIENT_AUTH:
      case SELF_SIGNED_TLS_CLIENT_AUTH:
        all.put("client_id", clientId); // RFC 8705 §2: the certificate authenticates.
        break;
      case PRIVATE_KEY_JWT:
      case CLIENT_SECRET_JWT:
        all.put("client_id", clientId);
        all.put("client_assertion_type", ClientAssertions.JWT_BEARER);
        all.put("client_assertion", constraints.assertion(auth));
        break;
      default:
        throw new AssertionError(auth);
    }
    switch (encoding) {
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
        throw new AssertionError(encoding);
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

  /**
   * Returns every form in which {@code secrets} (and this client's secret) travel in a request:
   * as they are (and as a JSON string), form-encoded ({@code +} as {@code %2B}, a space as
   * {@code +}), percent-encoded as in a query, and the Basic header's Base64. A server that
   * echoes the request in its error must not put any of them into a message or an accessor.
   */
  String[] secretsOnWire(String... secrets) {
    List<String> all = new ArrayList<>();
    for (String secret : secrets) {
      if (secret == null) {
        continue;
      }
      all.add(secret);
      String form = formEncode(secret); // As in the Basic pair.
      all.add(form);
      all.add(form.replace("+", "%20")); // RFC 3986 percent-encoding, as a server may re-encode.
      all.add(new FormBody.Builder(StandardCharsets.UTF_8).add("s", secret).build()
          .encodedValue(0));
      all.add(ECHO_BASE.newBuilder().addQueryParameter("s", secret).build().encodedQuery()
          .substring("s=".length()));
      String json = new String(json(java.util.Collections.singletonMap("s", secret)),
          StandardCharsets.UTF_8);
      all.add(json.substring("{\"s\":\"".length(), json.length() - "\"}".length()));
    }
    if (clientSecret != null) {
      all.add(basic(clientId, clientSecret).substring("Basic ".length()));
    }
    return all.toArray(new String[0]);
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
}
