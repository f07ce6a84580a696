package dev.latchkey.internal;

import dev.latchkey.InvalidCallbackException;
import dev.latchkey.InvalidCallbackException.Reason;
import java.io.UnsupportedEncodingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parses the query of a redirect back from the authorization server. */
public final class Callbacks {
  private Callbacks() {
  }

  /**
   * Returns the callback's query parameters. Works for https, loopback and private-use-scheme
   * URIs alike. A parameter given twice is refused (RFC 6749 §3.1).
   */
  public static Map<String, String> parameters(String callbackUri) throws InvalidCallbackException {
    if (callbackUri == null) {
      throw new InvalidCallbackException(Reason.MALFORMED, "The callback URI is null");
    }
    String query;
    try {
      URI uri = new URI(callbackUri.trim());
      query = uri.getRawQuery();
    } catch (URISyntaxException e) {
      throw new InvalidCallbackException(Reason.MALFORMED,
          "The callback URI cannot be parsed (" + e.getReason() + " at index " + e.getIndex()
              + "); pass the full URI the browser was redirected to");
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return parameters;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (parameters.put(name, value) != null) {
        throw new InvalidCallbackException(Reason.MALFORMED, "The callback has the parameter \""
            + safeName(name) + "\" more than once (RFC 6749 §3.1); start a new login");
      }
    }
    return parameters;
  }

  private static String decode(String s) throws InvalidCallbackException {
    try {
      return URLDecoder.decode(s, "UTF-8");
    } catch (IllegalArgumentException | UnsupportedEncodingException e) {
      throw new InvalidCallbackException(Reason.MALFORMED,
          "The callback URI has a malformed percent-encoding; pass the URI unchanged");
    }
  }

  /** Parameter names are not secret, but an attacker controls them: keep them short and plain. */
  private static String safeName(String name) {
    String plain = name.replaceAll("[^A-Za-z0-9_.-]", "?");
    return plain.length() > 40 ? plain.substring(0, 40) + "…" : plain;
  }
}
