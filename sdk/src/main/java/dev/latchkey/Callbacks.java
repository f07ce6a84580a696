package dev.latchkey;

import dev.latchkey.InvalidCallbackException.Reason;
import java.io.UnsupportedEncodingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Authorization callbacks (RFC 6749 §4.1.2): parses the redirect back from the authorization
 * server, every parameter once, and validates it against the request the login started with.
 */
final class Callbacks {
  private Callbacks() {
  }

  /**
   * Checks a callback against {@code request} and returns its code: the state compared in
   * constant time (a wrong state does not use the request up, so a forged callback cannot cancel
   * the user's genuine login), single use, expiry, the RFC 9207 issuer, then {@code error=}.
   */
  static String validate(AuthorizationRequest request, Map<String, String> parameters,
      Provider provider, Clock clock, String clientSecret) throws InvalidCallbackException,
      AuthorizationDeniedException {
    String state = parameters.get("state");
    if (state == null) {
      throw new InvalidCallbackException(Reason.STATE_MISSING, "The callback has no state"
          + " parameter; it was not sent by the authorization server for this login. Start a new"
          + " login");
    }
    if (!request.matchesState(state)) {
      throw new InvalidCallbackException(Reason.STATE_MISMATCH, "The callback's state does not"
          + " match the pending login (tampered, or from another login or browser tab); start a"
          + " new login");
    }
    if (!request.consume()) {
      throw new InvalidCallbackException(Reason.STATE_REPLAYED, "This login was already completed"
          + " or abandoned; a callback can be used once. Start a new login");
    }
    if (!clock.instant().isBefore(request.expiresAt())) {
      throw expired(request);
    }
    String issuer = parameters.get("iss");
    if (issuer == null && provider.issuerParameterRequired()) {
      throw new InvalidCallbackException(Reason.ISSUER_MISMATCH, "The callback has no iss, but"
          + " the metadata of " + provider.issuer() + " says every response carries it (RFC"
          + " 9207); the response may come from another server. Start a new login");
    }
    if (issuer != null && provider.issuer() != null && !issuer.equals(provider.issuer())) {
      throw new InvalidCallbackException(Reason.ISSUER_MISMATCH, "The callback's iss \""
          + Texts.quote(issuer) + "\" is not this provider's issuer \"" + provider.issuer()
          + "\" (RFC 9207): the response may come from another server. Start a new login");
    }
    String error = parameters.get("error");
    if (error != null) {
      ErrorResponse denial = new ErrorResponse(error, parameters.get("error_description"),
          parameters.get("error_uri"));
      // Anyone can send a browser to the callback with error=...: quote it safely for logs.
      // A forged one may even quote this client's secret, if it ever leaked: never repeat it.
      throw new AuthorizationDeniedException("The authorization server returned "
          + Texts.quote(error, clientSecret)
          + (denial.description == null ? "" : ": " + Texts.quote(denial.description, clientSecret))
          + (denial.code() == ErrorCode.ACCESS_DENIED
              ? ". The user declined; offer to sign in again" : ". Start a new login"), denial);
    }
    String code = parameters.get("code");
    if (code == null || code.isEmpty()) {
      throw new InvalidCallbackException(Reason.CODE_MISSING, "The callback has neither a code nor"
          + " an error; check that the redirect URI points at this callback. Start a new login");
    }
    return code;
  }

  /**
   * Returns the callback's query parameters. Works for https, loopback and private-use-scheme
   * URIs alike. A parameter given twice is refused (RFC 6749 §3.1).
   */
  static Map<String, String> parameters(String callbackUri) throws InvalidCallbackException {
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

  static InvalidCallbackException expired(AuthorizationRequest request) {
    return new InvalidCallbackException(Reason.EXPIRED, "The login took too long: it started at "
        + request.createdAt() + " and expired at " + request.expiresAt() + ". Start a new login");
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
