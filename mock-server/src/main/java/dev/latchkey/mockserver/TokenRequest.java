package dev.latchkey.mockserver;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.RecordedRequest;

/**
 * A request to a token or revocation endpoint, read in the provider's dialect: the body in an
 * encoding it accepts, parameters in the URL query only where it allows them.
 */
final class TokenRequest {
  /** RFC 8693 §2.1: a token exchange may name several audiences and resources. */
  private static final Set<String> EXCHANGE_REPEATABLE = Set.of("audience", "resource");
  final MockProvider provider;
  final RecordedRequest raw;
  /** The URL query's parameters. */
  final Map<String, String> query;
  /** The body's parameters, from a form or a JSON object of strings. */
  final Map<String, String> body;
  /** What the grant reads: the body's parameters, and the query's where the dialect allows. */
  final Map<String, String> params;
  /** Every value of the parameters that may repeat here (RFC 8693 §2.1), by name. */
  private final Map<String, List<String>> repeated;
  /** What the access token issued for this request is bound to. */
  final Confirmation accessCnf;
  /** What a refresh token issued for it is bound to (only a public client's is, RFC 9449 §5). */
  final Confirmation refreshCnf;

  private TokenRequest(MockProvider provider, RecordedRequest raw, Map<String, String> query,
      Map<String, String> body, Map<String, String> params,
      Map<String, List<String>> repeated, Confirmation accessCnf, Confirmation refreshCnf) {
    this.repeated = repeated;
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
    return new TokenRequest(provider, raw, query, body, params, repeated, access, refresh);
  }

  String param(String name) {
    return params.get(name);
  }

  /** {@return every value of {@code name}; only token exchange's audience and resource repeat} */
  List<String> values(String name) {
    List<String> all = repeated.get(name);
    if (all != null) return all;
    String one = params.get(name);
    return one == null ? List.of() : List.of(one);
  }

  static TokenRequest read(MockProvider p, RecordedRequest request) throws OAuthError {
    Map<String, List<String>> queryValues = Wire.queryValues(request.getUrl());
    Map<String, List<String>> bodyValues = body(p, request);
    boolean inQuery = p.clientAuth.contains(MockProvider.ClientAuthMethod.QUERY);
    Set<String> repeatable = isExchange(bodyValues) || inQuery && isExchange(queryValues)
        ? EXCHANGE_REPEATABLE : Set.of();
    Map<String, String> query = Wire.single(queryValues, repeatable, "URL query");
    Map<String, String> body = Wire.single(bodyValues, repeatable, "form body");
    Map<String, List<String>> repeated = new LinkedHashMap<>();
    for (String name : repeatable) {
      List<String> all = new ArrayList<>(bodyValues.getOrDefault(name, List.of()));
      if (inQuery) all.addAll(queryValues.getOrDefault(name, List.of()));
      if (!all.isEmpty()) repeated.put(name, List.copyOf(all));
    }
    Map<String, String> params;
    if (inQuery) {
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
    return new TokenRequest(p, request, query, body, params, repeated, Confirmation.NONE,
        Confirmation.NONE);
  }

  private static boolean isExchange(Map<String, List<String>> values) {
    List<String> grant = values.get("grant_type");
    return grant != null && grant.contains(MockProvider.GrantType.TOKEN_EXCHANGE.wireName());
  }

  private static Map<String, List<String>> body(MockProvider p, RecordedRequest request)
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
      if (type.equals(Wire.FORM)) return Wire.formValues(body);
      Map<String, List<String>> values = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : jsonParams(body).entrySet()) {
        values.put(e.getKey(), List.of(e.getValue()));
      }
      return values;
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
