package dev.latchkey.mockserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A {@link MockProvider} as the admin API shows and takes it: {@code POST /__admin/providers}
 * with the same names as the builder's settings, in snake case.
 */
final class ProviderJson {
  private static final Set<String> FIELDS = Set.of("id", "name", "authorize_path", "token_path",
      "userinfo_path", "revoke_path", "metadata", "grants", "body_encodings",
      "client_authentication", "refresh_token_parameter", "token_type", "access_token_seconds",
      "refresh_token_seconds", "rotate_refresh_tokens", "refresh_token_on_client_credentials",
      "scopes", "token_presentation", "unauthorized", "public_clients",
      "redirect_uri_required_in_token_request", "require_dpop", "dpop_nonce", "par_path",
      "require_pushed_authorization_requests", "openid_connect",
      "id_token_signing_alg", "certificate_bound_access_tokens", "device_code_seconds",
      "device_polling_interval_seconds");

  private ProviderJson() {
  }

  static Map<String, Object> toJson(MockProvider p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", p.id);
    m.put("name", p.displayName);
    m.put("authorize_path", p.authorizePath);
    m.put("token_path", p.tokenPath);
    m.put("userinfo_path", p.userinfoPath);
    m.put("revoke_path", p.revokePath);
    m.put("metadata", p.metadata);
    List<String> grants = new ArrayList<>();
    for (MockProvider.GrantType g : p.grants) grants.add(g.wireName());
    m.put("grants", grants);
    m.put("body_encodings", names(p.bodyEncodings.toArray(new Enum<?>[0]),
        MockProvider.BodyEncoding.values()));
    m.put("client_authentication", names(p.clientAuth.toArray(new Enum<?>[0]),
        MockProvider.ClientAuthMethod.values()));
    m.put("refresh_token_parameter", p.refreshParam);
    m.put("token_type", p.tokenType);
    m.put("access_token_seconds", p.accessLifetime.getSeconds());
    m.put("refresh_token_seconds", p.refreshLifetime().getSeconds());
    m.put("rotate_refresh_tokens", p.rotates);
    m.put("refresh_token_on_client_credentials", p.refreshOnClientCredentials);
    m.put("scopes", p.scopes == null ? null : new ArrayList<>(p.scopes));
    m.put("token_presentation", name(p.presentation));
    m.put("unauthorized", name(p.unauthorized));
    m.put("public_clients", p.publicClients);
    m.put("redirect_uri_required_in_token_request", p.redirectUriRequired);
    m.put("require_dpop", p.extensions.requireDpop);
    m.put("dpop_nonce", p.extensions.dpopNonce);
    m.put("par_path", p.extensions.parPath);
    m.put("require_pushed_authorization_requests", p.extensions.requirePar);
    m.put("openid_connect", p.extensions.openId);
    m.put("id_token_signing_alg", p.extensions.idTokenAlg.name());
    m.put("certificate_bound_access_tokens", p.extensions.certificateBound);
    m.put("device_code_seconds", p.extensions.deviceCodeLifetime.getSeconds());
    m.put("device_polling_interval_seconds",
        p.extensions.devicePollingInterval.getSeconds());
    return m;
  }

  /** Reads a provider; any setting left out keeps the builder's default. */
  static MockProvider fromJson(Map<String, Object> body) throws OAuthError {
    for (String key : body.keySet()) {
      if (!FIELDS.contains(key)) {
        throw JsonFields.bad("unknown provider setting \"" + key + "\"; the settings are "
            + new java.util.TreeSet<>(FIELDS));
      }
    }
    MockProvider.Builder b = MockProvider.builder(JsonFields.string(body, "id", true));
    String name = JsonFields.string(body, "name", false);
    if (name != null) b.displayName(name);
    if (body.containsKey("authorize_path")) {
      b.authorizePath(JsonFields.string(body, "authorize_path", false));
    }
    String token = JsonFields.string(body, "token_path", false);
    if (token != null) b.tokenPath(token);
    b.userinfoPath(JsonFields.string(body, "userinfo_path", false));
    b.revokePath(JsonFields.string(body, "revoke_path", false));
    Boolean metadata = JsonFields.bool(body, "metadata");
    if (metadata != null) b.metadata(metadata);
    if (body.containsKey("grants")) {
      List<MockProvider.GrantType> grants = new ArrayList<>();
      for (String g : JsonFields.strings(body, "grants")) {
        MockProvider.GrantType type = MockProvider.GrantType.fromWire(g);
        if (type == null) {
          throw JsonFields.bad("unknown grant \"" + g + "\"; use authorization_code, "
              + "refresh_token, client_credentials, "
              + MockProvider.GrantType.DEVICE_CODE.wireName()
              + " or " + MockProvider.GrantType.TOKEN_EXCHANGE.wireName());
        }
        grants.add(type);
      }
      b.grants(grants.toArray(new MockProvider.GrantType[0]));
    }
    if (body.containsKey("body_encodings")) {
      b.bodyEncodings(values(body, "body_encodings", MockProvider.BodyEncoding.class)
          .toArray(new MockProvider.BodyEncoding[0]));
    }
    if (body.containsKey("client_authentication")) {
      b.clientAuthentication(values(body, "client_authentication",
          MockProvider.ClientAuthMethod.class).toArray(new MockProvider.ClientAuthMethod[0]));
    }
    String refreshParam = JsonFields.string(body, "refresh_token_parameter", false);
    if (refreshParam != null) b.refreshTokenParameter(refreshParam);
    String tokenType = JsonFields.string(body, "token_type", false);
    if (tokenType != null) b.tokenType(tokenType);
    Integer access = JsonFields.integer(body, "access_token_seconds");
    if (access != null) b.accessTokenLifetime(Duration.ofSeconds(access));
    Integer refresh = JsonFields.integer(body, "refresh_token_seconds");
    if (refresh != null) b.refreshTokenLifetime(Duration.ofSeconds(refresh));
    Boolean rotate = JsonFields.bool(body, "rotate_refresh_tokens");
    if (rotate != null) b.rotatesRefreshTokens(rotate);
    Boolean onCc = JsonFields.bool(body, "refresh_token_on_client_credentials");
    if (onCc != null) b.refreshTokenOnClientCredentials(onCc);
    if (body.get("scopes") != null) b.scopes(JsonFields.strings(body, "scopes"));
    if (body.get("token_presentation") != null) {
      b.tokenPresentation(value(JsonFields.string(body, "token_presentation", true),
          "token_presentation", MockProvider.TokenPresentation.class));
    }
    if (body.get("unauthorized") != null) {
      b.unauthorized(value(JsonFields.string(body, "unauthorized", true), "unauthorized",
          MockProvider.Unauthorized.class));
    }
    Boolean publicClients = JsonFields.bool(body, "public_clients");
    if (publicClients != null) b.publicClients(publicClients);
    Boolean redirect = JsonFields.bool(body, "redirect_uri_required_in_token_request");
    if (redirect != null) b.redirectUriRequiredInTokenRequest(redirect);
    Boolean requireDpop = JsonFields.bool(body, "require_dpop");
    if (requireDpop != null) b.requireDpop(requireDpop);
    Boolean dpopNonce = JsonFields.bool(body, "dpop_nonce");
    if (dpopNonce != null) b.dpopNonce(dpopNonce);
    b.parPath(JsonFields.string(body, "par_path", false));
    Boolean requirePar = JsonFields.bool(body, "require_pushed_authorization_requests");
    if (requirePar != null) b.requirePushedAuthorizationRequests(requirePar);
    Boolean certificateBound = JsonFields.bool(body, "certificate_bound_access_tokens");
    if (certificateBound != null) b.certificateBoundAccessTokens(certificateBound);
    Integer deviceCode = JsonFields.integer(body, "device_code_seconds");
    if (deviceCode != null) b.deviceCodeLifetime(Duration.ofSeconds(deviceCode));
    Integer interval = JsonFields.integer(body, "device_polling_interval_seconds");
    if (interval != null) b.devicePollingInterval(Duration.ofSeconds(interval));
    Boolean openId = JsonFields.bool(body, "openid_connect");
    if (openId != null) b.openIdConnect(openId);
    String alg = JsonFields.string(body, "id_token_signing_alg", false);
    if (alg != null) {
      try {
        b.idTokenSigningAlgorithm(MockProvider.SigningAlgorithm.valueOf(alg));
      } catch (IllegalArgumentException e) {
        throw JsonFields.bad("unknown id_token_signing_alg \"" + alg + "\"; use RS256 or ES256");
      }
    }
    try {
      return b.build();
    } catch (IllegalStateException e) {
      throw JsonFields.bad(e.getMessage());
    }
  }

  private static List<String> names(Enum<?>[] chosen, Enum<?>[] order) {
    List<String> result = new ArrayList<>();
    for (Enum<?> e : order) {
      for (Enum<?> c : chosen) {
        if (c == e) result.add(name(e));
      }
    }
    return result;
  }

  private static String name(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static <E extends Enum<E>> E value(String name, String field, Class<E> type)
      throws OAuthError {
    for (E e : type.getEnumConstants()) {
      if (name(e).equals(name.toLowerCase(Locale.ROOT).replace('_', '-'))) return e;
    }
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) names.add(name(e));
    throw JsonFields.bad("unknown " + field + " \"" + name + "\"; use one of " + names);
  }

  private static <E extends Enum<E>> List<E> values(Map<String, Object> body, String field,
      Class<E> type) throws OAuthError {
    List<E> result = new ArrayList<>();
    for (String s : JsonFields.strings(body, field)) result.add(value(s, field, type));
    return result;
  }
}
