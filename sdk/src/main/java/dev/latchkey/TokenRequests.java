package dev.latchkey;

import com.squareup.moshi.JsonWriter;
import dev.latchkey.Dialect.ClientAuthentication;
import dev.latchkey.Dialect.Encoding;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * Puts a request to a token or revocation endpoint on the wire: encoded as the dialect says,
 * with the client authenticated as the dialect says, sent once, never redirected.
 */
final class TokenRequests {
  private static final Logger LOG = Logger.getLogger("dev.latchkey");
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final Provider provider;
  private final String clientId;
  private final String clientSecret;
  private final OkHttpClient http;
  private final AtomicBoolean warnedAboutQuery = new AtomicBoolean();
  private final SenderConstraints constraints;

  TokenRequests(ClientConfig config) {
    this.provider = config.provider;
    this.clientId = config.clientId;
    this.clientSecret = config.clientSecret;
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

  /** Sends one request without a DPoP proof. */
  Response execute(HttpUrl endpoint, Map<String, String> params, ClientAuthentication auth,
      Encoding encoding, String what) throws IOException {
    return execute(endpoint, params, auth, encoding, what, null);
  }

  /**
   * Sends one request. A redirect answer is an error; the caller closes the response.
   *
   * @param what the grant, or "revocation", for logs and messages
   * @param dpopKey the key to prove possession of (RFC 9449 §5), or null for none
   */
  Response execute(HttpUrl endpoint, Map<String, String> params, ClientAuthentication auth,
      Encoding encoding, String what, DpopKey dpopKey) throws IOException {
    HttpUrl target = constraints.endpoint(endpoint, auth);
    Response response = send(target, params, auth, encoding, what, dpopKey);
    if (dpopKey != null && constraints.askedForNonce(response)) {
      response.close(); // RFC 9449 §8: retry once with the nonce the server just gave.
      response = send(target, params, auth, encoding, what, dpopKey);
      constraints.askedForNonce(response); // Remembers a newer nonce; never a second retry.
    }
    return response;
  }

  private Response send(HttpUrl endpoint, Map<String, String> params, ClientAuthentication auth,
      Encoding encoding, String what, DpopKey dpopKey) throws IOException {
    Request request = build(endpoint, params, auth, encoding);
    if (dpopKey != null) {
      request = request.newBuilder()
          .header("DPoP", constraints.proof(dpopKey, request.method(), request.url()))
          .build();
    }
    long start = System.nanoTime();
    String where = Urls.redact(request.url());
    Response response;
    try {
      response = http.newCall(request).execute();
    } catch (IOException e) {
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
