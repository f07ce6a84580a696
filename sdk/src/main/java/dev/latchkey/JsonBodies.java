package dev.latchkey;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import dev.latchkey.OAuth2Exception;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.Map;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/** Reads JSON response bodies with a size cap, turning every parse failure into a typed error. */
final class JsonBodies {
  /** Largest body read from an OAuth server: token responses are a few hundred bytes. */
  static final long MAX_BODY_BYTES = 1024 * 1024;

  private JsonBodies() {
  }

  /** Reads the body, at most {@link #MAX_BODY_BYTES}; throws if it is larger. */
  static Buffer readCapped(Response response, String what) throws IOException {
    ResponseBody body = response.body();
    BufferedSource source = body.source();
    boolean tooLarge;
    try {
      // Asks for one byte more than the cap: if it arrives, the body is too large.
      tooLarge = source.request(MAX_BODY_BYTES + 1);
    } catch (InterruptedIOException e) {
      if (!(e instanceof SocketTimeoutException)) {
        throw e; // The caller's thread was interrupted: not a network failure, never retried.
      }
      throw cutOff(response, what, e);
    } catch (IOException e) {
      throw cutOff(response, what, e);
    }
    if (tooLarge) {
      throw new MalformedResponseException("The " + what + " from " + Urls.redact(response.request().url())
          + " is larger than " + MAX_BODY_BYTES + " bytes (HTTP " + response.code() + ", "
          + describe(response.header("Content-Type")) + "); an OAuth2 server never sends that much",
          response.code(), response.header("Content-Type"), null);
    }
    Buffer buffer = new Buffer();
    buffer.write(source.getBuffer(), source.getBuffer().size());
    return buffer;
  }

  /**
   * The headers arrived but the body did not (a read timeout, a reset connection): a network
   * failure, typed like one that happens before the answer, so that it is retried where a retry
   * is safe and reaches callers as an {@link OAuth2Exception}, never as OkHttp's raw exception.
   */
  private static OAuth2Exception cutOff(Response response, String what, IOException e) {
    return new OAuth2Exception("Could not read the " + what + " from "
        + Urls.redact(response.request().url()) + " (HTTP " + response.code() + "): "
        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")")
        + ". The server or the network is slow or failing; try again later", e);
  }

  /** Reads the body as a JSON object, or throws {@link MalformedResponseException}. */
  static Map<String, Object> readObject(Response response, String what)
      throws IOException {
    Buffer buffer = readCapped(response, what);
    return parseObject(buffer, response.code(), response.header("Content-Type"),
        what + " from " + Urls.redact(response.request().url()));
  }

  /** Parses {@code buffer} as one JSON object, or throws {@link MalformedResponseException}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> parseObject(Buffer buffer, int status, String contentType,
      String what) throws MalformedResponseException {
    String problem;
    Throwable cause = null;
    if (buffer.size() == 0) {
      problem = "is empty";
    } else {
      try (JsonReader reader = JsonReader.of(buffer)) {
        if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
          problem = "is not a JSON object (it starts with " + reader.peek() + ")";
        } else {
          Object value = reader.readJsonValue();
          if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
            problem = "has data after the JSON object";
          } else {
            return (Map<String, Object>) value;
          }
        }
      } catch (JsonEncodingException e) {
        problem = looksLikeHtml(contentType) ? "is an HTML page, not JSON" : "is not valid JSON";
        cause = null; // Moshi's message can quote the body, which may hold a token.
      } catch (EOFException e) {
        problem = "is truncated JSON";
      } catch (JsonDataException e) {
        problem = "is not valid JSON";
      } catch (IOException e) {
        problem = "is not valid JSON";
      }
    }
    throw new MalformedResponseException("The " + what + " " + problem + " (HTTP " + status + ", "
        + describe(contentType) + "). Check that the URL points at the OAuth2 endpoint and not at"
        + " a login page or proxy", status, contentType, cause);
  }

  private static boolean looksLikeHtml(String contentType) {
    return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).contains("html");
  }

  static String describe(String contentType) {
    return contentType == null ? "no Content-Type" : "Content-Type " + contentType;
  }
}
