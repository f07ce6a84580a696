package dev.latchkey.mockserver;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import mockwebserver3.RecordedRequest;

/**
 * A request to a token or revocation endpoint, read in the provider's dialect: the body in an
 * encoding it accepts, parameters in the URL query only where it allows them.
 */
final class TokenRequest {
  final MockProvider provider;
  final RecordedRequest raw;
  /** The URL query's parameters. */
  final Map<String, String> query;
  /** The body's parameters, from a form or a JSON object of strings. */
  final Map<String, String> body;
  /** What the grant reads: the body's parameters, and the query's where the dialect allows. */
  final Map<String, String> params;
  /** What the access token issued for this request is bound to. */
  final Confirmation accessCnf;
  /** What a refresh token issued for it is bound to (only a public client's is, RFC 9449 §5). */
  final Confirmation refreshCnf;

  private TokenRequest(MockProvider provider, RecordedRequest raw, Map<String, String> query,
      Map<String, String> body, Map<String, String> params, Confirmation accessCnf,
      Confirmation refreshCnf) {
    this.accessCnf = accessCnf;
    this.refreshCnf = refreshCnf;
    this.provider = provider;
    this.raw = raw;
    this.query = query;
    this.body = body;
    this.params = params;
  }

  /** {@return this request with the tokens it gets bound as given} */
  TokenRequest bound(Confirmation access, Confirmation refresh) {
    return new TokenRequest(provider, raw, query, body, params, access, refresh);
  }

  String param(String name) {
    return params.get(name);
  }

  static TokenRequest read(MockProvider p, RecordedRequest request) throws OAuthError {
    Map<String, String> query = Wire.parseQuery(request.getUrl());
    Map<String, String> body = body(p, request);
    Map<String, String> params;
    if (p.clientAuth.contains(MockProvider.ClientAuthMethod.QUERY)) {
      params = new LinkedHashMap<>(query);
      for (Map.Entry<String, String> e : body.entrySet()) {
        if (params.put(e.getKey(), e.getValue()) != null) {
          throw OAuthError.badRequest("invalid_request", "parameter " + e.getKey()
              + " is in both the URL query and the body; send it once");
        }
      }
    } else {
      if (!query.isEmpty()) {
        throw OAuthError.badRequest("invalid_request", p.displayName + " reads token request "
            + "parameters from the body, not the URL query; move " + String.join(", ",
            query.keySet()) + " into " + ProviderMessages.bodyFormats(p));
      }
      params = body;
    }
    return new TokenRequest(p, request, query, body, params, Confirmation.NONE,
        Confirmation.NONE);
  }

  private static Map<String, String> body(MockProvider p, RecordedRequest request)
      throws OAuthError {
    String body = Wire.body(request);
    String type = Wire.mediaType(request);
    boolean form = p.bodyEncodings.contains(MockProvider.BodyEncoding.FORM);
    boolean json = p.bodyEncodings.contains(MockProvider.BodyEncoding.JSON);
    if (body.isEmpty()) {
      if (!form) {
        throw OAuthError.badRequest("invalid_request", p.displayName + "'s token endpoint takes "
            + ProviderMessages.bodyFormats(p) + "; the body is empty");
      }
      return new LinkedHashMap<>();
    }
    if (type == null) {
      throw OAuthError.badRequest("invalid_request", "Content-Type is missing; "
          + p.displayName + "'s token endpoint takes " + ProviderMessages.bodyFormats(p));
    }
    if (type.equals(Wire.FORM) || type.equals(Wire.JSON)) {
      if (!(type.equals(Wire.FORM) ? form : json)) {
        throw OAuthError.badRequest("invalid_request", p.displayName + "'s token endpoint takes "
            + ProviderMessages.bodyFormats(p) + "; got " + type);
      }
      return type.equals(Wire.FORM) ? Wire.parseForm(body) : jsonParams(body);
    }
    throw OAuthError.badRequest("invalid_request", "unsupported Content-Type " + type + "; "
        + p.displayName + "'s token endpoint takes " + ProviderMessages.bodyFormats(p));
  }

  private static Map<String, String> jsonParams(String body) throws OAuthError {
    Map<String, Object> json;
    try {
      json = Wire.parseJsonObject(body);
    } catch (IOException e) {
      throw OAuthError.badRequest("invalid_request", "the body is not a JSON object: "
          + e.getMessage());
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : json.entrySet()) {
      Object value = e.getValue();
      if (value == null) continue;
      if (!(value instanceof String)) {
        String shown = value instanceof Double && (Double) value == Math.rint((Double) value)
            ? String.valueOf(((Double) value).longValue()) : Wire.toJson(value);
        throw OAuthError.badRequest("invalid_request", "JSON member " + e.getKey()
            + " must be a string; got " + shown);
      }
      if (!((String) value).isEmpty()) result.put(e.getKey(), (String) value);
    }
    return result;
  }
}
