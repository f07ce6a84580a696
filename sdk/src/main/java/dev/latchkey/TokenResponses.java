package dev.latchkey;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;

/**
 * Turns a token response (RFC 6749 §5.1) into a {@link Token}: lenient where providers differ,
 * strict where safety needs it.
 */
final class TokenResponses {
  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger("dev.latchkey");
  /** Longest lifetime believed; a larger {@code expires_in} is a bug, capped rather than overflowed. */
  static final long MAX_EXPIRES_IN_SECONDS = Duration.ofDays(3650).getSeconds();

  private static final Set<String> MODELED = new LinkedHashSet<>(java.util.Arrays.asList(
      "access_token", "token_type", "expires_in", "refresh_token", "scope"));

  private TokenResponses() {
  }

  /**
   * Parses a successful token response. Its {@code token_type}, compared without case, must be
   * one of {@code acceptedTokenTypes} (lower case); an absent one is taken as Bearer.
   * A response without a refresh token gives a token without one; {@link Grants#refresh} keeps
   * the old one then. {@code secrets} are what the request carried: a server that echoes one
   * where a value is quoted in an error (a refresh token as the token type) must not put it into
   * the message.
   */
  static Token parse(Map<String, Object> json, int status, String contentType,
      Instant receivedAt, Set<String> requestedScopes, Set<String> acceptedTokenTypes,
      String... secrets) throws MalformedResponseException {
    Object accessToken = json.get("access_token");
    if (!(accessToken instanceof String) || ((String) accessToken).isEmpty()) {
      throw new MalformedResponseException("The token response has "
          + (accessToken == null ? "no access_token" : "an access_token that is not a non-empty string")
          + " (HTTP " + status + ", " + JsonBodies.describe(contentType) + "); the server did not"
          + " issue a token", status, contentType, null);
    }
    int unsafe = Texts.firstNonHeaderChar((String) accessToken);
    if (unsafe >= 0) {
      throw new MalformedResponseException("The token response has an access_token with a"
          + " character an HTTP header cannot carry, at index " + unsafe + " (HTTP " + status
          + ", " + JsonBodies.describe(contentType) + "); RFC 6750 §2.1 tokens are visible ASCII,"
          + " so the server did not issue a usable token", status, contentType, null);
    }
    Token.Builder token = Token.builder()
        .accessToken((String) accessToken)
        .issuedAt(receivedAt);

    Object tokenType = json.get("token_type");
    if (tokenType != null) {
      String type = tokenType instanceof String ? (String) tokenType : String.valueOf(tokenType);
      if (!acceptedTokenTypes.contains(type.toLowerCase(Locale.ROOT))) {
        throw new MalformedResponseException("The token response has token_type \""
            + Texts.quote(type, secrets) + "\", which this client does not use (it accepts "
            + String.join(", ", acceptedTokenTypes) + "; HTTP " + status + ", "
            + JsonBodies.describe(contentType) + "). RFC 6749 §7.1: a client must not use a token"
            + " type it does not understand", status, contentType, null);
      }
      token.tokenType(type);
    }

    Long expiresIn = seconds(json.get("expires_in"));
    if (expiresIn != null) {
      // Clamped both ways: a hugely negative value would overflow Instant just as a huge one.
      long clamped = Math.max(-MAX_EXPIRES_IN_SECONDS, Math.min(expiresIn, MAX_EXPIRES_IN_SECONDS));
      token.expiresAt(receivedAt.plusSeconds(clamped));
    }

    Object refreshToken = json.get("refresh_token");
    if (refreshToken instanceof String && !((String) refreshToken).isEmpty()) {
      token.refreshToken((String) refreshToken);
    }

    Set<String> scopes = scopes(json.get("scope"));
    token.scopes(scopes != null ? scopes : requestedScopes);

    Map<String, Object> extras = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : json.entrySet()) {
      if (!MODELED.contains(e.getKey())) {
        extras.put(e.getKey(), e.getValue());
      }
    }
    token.extras(extras);
    return token.build();
  }

  /** Reads {@code expires_in} as a JSON number or numeric string; null when absent or unusable. */
  static Long seconds(Object value) {
    if (value instanceof Number) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return null;
      }
      return (long) Math.floor(d);
    }
    if (value instanceof String) {
      String s = ((String) value).trim();
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        try {
          double d = Double.parseDouble(s);
          if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new NumberFormatException();
          }
          return (long) Math.floor(d);
        } catch (NumberFormatException e2) {
          LOG.log(Level.FINE, "latchkey: ignoring expires_in that is not a number;"
              + " treating the expiry as unknown");
          return null;
        }
      }
    }
    if (value != null) {
      LOG.log(Level.FINE, "latchkey: ignoring expires_in of unexpected JSON type;"
          + " treating the expiry as unknown");
    }
    return null;
  }

  /** Reads {@code scope} as a space-delimited string (or, leniently, an array). */
  static Set<String> scopes(Object value) {
    Set<String> scopes = new LinkedHashSet<>();
    if (value instanceof String) {
      for (String scope : ((String) value).trim().split("\\s+")) {
        if (!scope.isEmpty()) {
          scopes.add(scope);
        }
      }
      return scopes;
    }
    if (value instanceof List) {
      for (Object scope : (List<?>) value) {
        if (scope instanceof String && !((String) scope).isEmpty()) {
          scopes.add((String) scope);
        }
      }
      return scopes;
    }
    return null;
  }
}
