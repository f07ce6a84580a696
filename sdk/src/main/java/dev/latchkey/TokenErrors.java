package dev.latchkey;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import okhttp3.Response;
import okio.Buffer;

/**
 * Turns a token endpoint's refusal into a {@link TokenEndpointException}: the RFC 6749 §5.2
 * error quoted safely (without any secret the request carried), with advice on what to do.
 */
final class TokenErrors {
  private TokenErrors() {
  }

  /**
   * A non-2xx answer. Only a 400 or 401 carries an RFC 6749 §5.2 error: a framework's 405 or 500
   * page may hold a JSON {@code error} too, and is no refusal by the provider. A 5xx is the
   * server failing (transient, whatever its body); any other status means a wrong URL.
   */
  static TokenEndpointException failure(Provider provider, Response response, Buffer body,
      GrantType grant, String[] secrets) {
    return failure(provider, response, body, grant, what(grant), secrets);
  }

  /** As above, for a request named {@code what} (such as "device authorization"). */
  static TokenEndpointException failure(Provider provider, Response response, Buffer body,
      GrantType grant, String what, String[] secrets) {
    String contentType = response.header("Content-Type");
    int status = response.code();
    Map<String, Object> json = null;
    try {
      json = JsonBodies.parseObject(body, status, contentType, "error response");
    } catch (MalformedResponseException notJson) {
      // Not an OAuth2 error: reported below with status and content type.
    }
    Object error = json == null ? null : json.get("error");
    if (error instanceof String && (status == 400 || status == 401)) {
      return endpointError(provider, json, response, grant, what, secrets);
    }
    return new TokenEndpointException("The token endpoint " + Urls.redact(response.request().url())
        + " of " + provider.name() + " answered HTTP " + status + " with "
        + JsonBodies.describe(contentType) + " and no OAuth2 error (" + what + ")"
        + (error instanceof String ? "; its body says \"" + Texts.quote((String) error, secrets)
            + "\", but only HTTP 400 and 401 carry OAuth2 errors (RFC 6749 §5.2)" : "")
        + (status >= 500 ? "; the server or a proxy in front of it failed, try again later"
            : status == 429 ? "; the server asks clients to slow down, try again later"
            : "; check the token endpoint URL"),
        ErrorResponse.NONE, status, retryAfter(response));
  }

  /**
   * The same failure with {@code more} appended to its message (how many attempts were made,
   * why no more were), or {@code e} itself when it is of a type this does not copy.
   */
  static IOException amend(IOException e, String more) {
    if (e instanceof TokenEndpointException) {
      return withAdvice((TokenEndpointException) e, more);
    }
    if (e instanceof MalformedResponseException) {
      MalformedResponseException m = (MalformedResponseException) e;
      return new MalformedResponseException(m.getMessage() + more, m.httpStatus(),
          m.contentType(), m);
    }
    if (e.getClass() == OAuth2Exception.class) {
      return new OAuth2Exception(e.getMessage() + more, e.getCause());
    }
    return e;
  }

  /** An answer carrying {@code error}, whatever its status. */
  static TokenEndpointException endpointError(Provider provider, Map<String, Object> json,
      Response response, GrantType grant, String[] secrets) {
    return endpointError(provider, json, response, grant, what(grant), secrets);
  }

  /** As above, for a request named {@code what}. */
  static TokenEndpointException endpointError(Provider provider, Map<String, Object> json,
      Response response, GrantType grant, String what, String[] secrets) {
    // Redacted here, not only in the message: the accessors hand these to apps that log them.
    ErrorResponse error = new ErrorResponse(
        Texts.redact(String.valueOf(json.get("error")), secrets),
        Texts.redact(stringOrNull(json.get("error_description")), secrets),
        Texts.redact(stringOrNull(json.get("error_uri")), secrets));
    StringBuilder message = new StringBuilder()
        .append("The token endpoint of ").append(provider.name()).append(" refused the ")
        .append(what).append(" request: ").append(Texts.quote(error.error, secrets))
        .append(" (HTTP ").append(response.code()).append(")");
    if (error.description != null) {
      message.append(": ").append(Texts.quote(error.description, secrets));
    }
    message.append(". ").append(advice(error.code(), grant, what));
    return new TokenEndpointException(message.toString(), error, response.code(),
        retryAfter(response));
  }

  /** The same failure with more advice appended. */
  static TokenEndpointException withAdvice(TokenEndpointException e, String advice) {
    return new TokenEndpointException(e.getMessage() + advice, e.response(), e.httpStatus(),
        e.retryAfter());
  }

  /** A short description, for a message that reports two failures. */
  static String summary(TokenEndpointException e) {
    return e.error() == null ? "HTTP " + e.httpStatus()
        : Texts.quote(e.error()) + ", HTTP " + e.httpStatus();
  }

  private static String what(GrantType grant) {
    if (grant == null) {
      return "revocation";
    }
    // The RFC 8628 and RFC 8693 grants are URNs: name them by their last part.
    return grant.value.substring(grant.value.lastIndexOf(':') + 1);
  }

  private static String advice(ErrorCode code, GrantType grant, String what) {
    switch (code) {
      case INVALID_CLIENT:
        return "Check the client id and secret, and how the provider expects them (dialect)";
      case INVALID_GRANT:
        return grant == GrantType.REFRESH_TOKEN
            ? "The refresh token is expired or revoked; the user must authorize again"
            : "The code is expired, already used, or was issued for another redirect URI or PKCE"
                + " verifier; start a new login";
      case INVALID_SCOPE:
        return "Request only scopes the provider knows and allows for this client";
      case UNSUPPORTED_GRANT_TYPE:
        return "This provider does not support " + what;
      case UNAUTHORIZED_CLIENT:
        return "This client is not allowed to use " + what + "; check its registration";
      case EXPIRED_TOKEN:
        return "The device code expired before the user approved it; start the device flow again";
      case INVALID_TARGET:
        return "The provider does not allow this client a token for that audience or resource;"
            + " check the audience, resource and the client's exchange policy";
      case INVALID_REQUEST:
        return "The request does not match what the provider expects; check its dialect";
      default:
        return "See RFC 6749 §5.2";
    }
  }

  private static String stringOrNull(Object value) {
    return value instanceof String ? (String) value : null;
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
