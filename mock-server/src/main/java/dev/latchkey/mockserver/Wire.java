package dev.latchkey.mockserver;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.MediaType;

/** Encoding and decoding on the wire: forms, JSON, Basic credentials and common responses. */
final class Wire {
  static final String JSON = "application/json";
  static final String FORM = "application/x-www-form-urlencoded";
  /** The largest request body read (1 MiB); MockWebServer discards the rest, we answer 413. */
  static final long MAX_BODY = 1 << 20;
  /** How much of a body the journal keeps (8 KiB), so 10,000 entries stay small. */
  static final int JOURNAL_BODY = 8 << 10;
  private static final JsonAdapter<Object> JSON_ADAPTER = new Moshi.Builder().build()
      .adapter(Object.class);

  private Wire() {
  }

  static String toJson(Object value) {
    return JSON_ADAPTER.toJson(value);
  }

  /** Parses a JSON object; throws IOException when the text is not one. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> parseJsonObject(String text) throws IOException {
    Object value;
    try {
      value = JSON_ADAPTER.fromJson(text);
    } catch (JsonDataException e) {
      throw new IOException(e.getMessage(), e);
    }
    if (!(value instanceof Map)) {
      throw new IOException("expected a JSON object but was " + (value == null ? "null"
          : value instanceof List ? "an array" : "a " + value.getClass().getSimpleName()));
    }
    return (Map<String, Object>) value;
  }

  static String body(RecordedRequest request) {
    return request.getBody() == null ? "" : request.getBody().utf8();
  }

  /** {@return whether the body was larger than {@link #MAX_BODY} and only partly read} */
  static boolean tooLarge(RecordedRequest request) {
    return request.getBodySize() > MAX_BODY;
  }

  /** {@return the body as the journal keeps it: the first {@link #JOURNAL_BODY} characters} */
  static String journalBody(RecordedRequest request) {
    String body = body(request);
    return body.length() <= JOURNAL_BODY ? body : body.substring(0, JOURNAL_BODY);
  }

  /** {@return "type/subtype" in lower case, or null when there is no Content-Type} */
  static String mediaType(RecordedRequest request) {
    String header = request.getHeaders().get("Content-Type");
    if (header == null) return null;
    MediaType type = MediaType.parse(header);
    if (type == null) return header.trim().toLowerCase(Locale.ROOT);
    return (type.type() + "/" + type.subtype()).toLowerCase(Locale.ROOT);
  }

  /**
   * Parses an application/x-www-form-urlencoded body. Parameters without a value count as
   * omitted (RFC 6749 §3.1); a repeated parameter is an error (RFC 6749 §3.2).
   */
  static Map<String, String> parseForm(String body) throws OAuthError {
    return single(formValues(body), Set.of(), "form body");
  }

  /** {@return the URL's query parameters, with the same rules as {@link #parseForm}} */
  static Map<String, String> parseQuery(HttpUrl url) throws OAuthError {
    return single(queryValues(url), Set.of(), "URL query");
  }

  /** {@return every value of every parameter of a form body, in order; empty values left out} */
  static Map<String, List<String>> formValues(String body) throws OAuthError {
    Map<String, List<String>> result = new LinkedHashMap<>();
    if (body.isEmpty()) return result;
    for (String pair : body.split("&", -1)) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (!value.isEmpty()) result.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return result;
  }

  /** {@return every value of every parameter of the URL's query, as {@link #formValues}} */
  static Map<String, List<String>> queryValues(HttpUrl url) {
    Map<String, List<String>> result = new LinkedHashMap<>();
    for (int i = 0, size = url.querySize(); i < size; i++) {
      String value = url.queryParameterValue(i);
      if (value != null && !value.isEmpty()) {
        result.computeIfAbsent(url.queryParameterName(i), k -> new ArrayList<>()).add(value);
      }
    }
    return result;
  }

  /**
   * {@return each parameter's first value}
   *
   * @throws OAuthError if a parameter not in {@code repeatable} appears more than once
   */
  static Map<String, String> single(Map<String, List<String>> values, Set<String> repeatable,
      String where) throws OAuthError {
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : values.entrySet()) {
      if (e.getValue().size() > 1 && !repeatable.contains(e.getKey())) {
        throw OAuthError.badRequest("invalid_request", "parameter " + e.getKey() + " appears "
            + "more than once in the " + where + "; send each parameter once (RFC 6749 §3.1)");
      }
      result.put(e.getKey(), e.getValue().get(0));
    }
    return result;
  }

  private static String decode(String s) throws OAuthError {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw OAuthError.badRequest("invalid_request",
          "malformed percent-encoding in \"" + s + "\": " + e.getMessage());
    }
  }

  static String formEncode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /**
   * Decodes HTTP Basic client credentials: Base64, then each half form-urlencoded-decoded
   * (RFC 6749 §2.3.1). Returns null when the header is absent or is another scheme.
   */
  static String[] basicCredentials(RecordedRequest request, String realm) throws OAuthError {
    String header = request.getHeaders().get("Authorization");
    if (header == null) return null;
    header = header.trim();
    if (header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) return null;
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()),
          StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw OAuthError.invalidClient("the Basic credentials are not valid Base64", realm);
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw OAuthError.invalidClient(
          "the Basic credentials must be client_id:client_secret (RFC 7617)", realm);
    }
    try {
      return new String[] {
          URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
          URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
    } catch (IllegalArgumentException e) {
      throw OAuthError.invalidClient("the Basic credentials are not form-urlencoded before "
          + "Base64 (RFC 6749 §2.3.1): " + e.getMessage(), realm);
    }
  }

  static MockResponse.Builder json(int code, Object body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", JSON)
        .body(toJson(body));
  }

  /** An RFC 6749 §5.2 error body, never cached. */
  static MockResponse.Builder error(int code, String error, String description) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("error_description", description);
    return json(code, body)
        .setHeader("Cache-Control", "no-store")
        .setHeader("Pragma", "no-cache");
  }

  static MockResponse.Builder html(int code, String html) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "text/html; charset=utf-8")
        .setHeader("Cache-Control", "no-store")
        .body(html);
  }

  static MockResponse redirect(String location) {
    return new MockResponse.Builder()
        .code(302)
        .setHeader("Location", location)
        .setHeader("Cache-Control", "no-store")
        .build();
  }

  static MockResponse methodNotAllowed(String allow, String path) {
    return error(405, "invalid_request", "use " + allow + " for " + path)
        .setHeader("Allow", allow)
        .build();
  }

  static String escapeHtml(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<': sb.append("&lt;"); break;
        case '>': sb.append("&gt;"); break;
        case '&': sb.append("&amp;"); break;
        case '"': sb.append("&quot;"); break;
        case '\'': sb.append("&#39;"); break;
        default: sb.append(c);
      }
    }
    return sb.toString();
  }
}
