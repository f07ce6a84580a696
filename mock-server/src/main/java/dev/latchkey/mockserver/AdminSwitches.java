package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.JsonFields.bad;
import static dev.latchkey.mockserver.JsonFields.bool;
import static dev.latchkey.mockserver.JsonFields.integer;
import static dev.latchkey.mockserver.JsonFields.string;
import static dev.latchkey.mockserver.JsonFields.strings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;

/**
 * The admin routes for the extensions' switches: {@code POST /__admin/clients/settings} (one
 * client's) and {@code /__admin/settings} (a provider's runtime ones), the same controls as
 * {@link ClientSettings} and {@link ProviderSettings}.
 */
final class AdminSwitches {
  private final Controls server;

  AdminSwitches(Controls server) {
    this.server = server;
  }

  static void clientSwitches(Client c, Map<String, Object> m) {
    List<Object> keys = new ArrayList<>();
    for (com.nimbusds.jose.jwk.JWK k : c.keys) keys.add(k.toJSONObject());
    m.put("keys", keys);
    m.put("dpop_bound_access_tokens", c.dpopBound);
    m.put("require_pushed_authorization_requests", c.requirePar);
    m.put("tls_client_auth_subject_dn", c.options.tlsSubjectDn());
    m.put("tls_client_certificates", c.options.tlsCertificates().size());
    m.put("token_exchange_audiences", c.exchangeAudiences == null ? null
        : new ArrayList<>(new java.util.TreeSet<>(c.exchangeAudiences)));
  }

  /** Keys (PEM strings or JWK objects) add up; the switches replace. */
  MockResponse clientSettings(Map<String, Object> body) throws OAuthError {
    MockProvider p = server.provider(string(body, "provider", true));
    String clientId = string(body, "client_id", true);
    for (String key : body.keySet()) {
      if (!List.of("provider", "client_id", "keys", "dpop_bound_access_tokens",
          "require_pushed_authorization_requests", "token_exchange_audiences",
          "tls_client_auth_subject_dn", "tls_client_certificates").contains(key)) {
        throw bad("unknown client setting \"" + key + "\"; the settings are keys, "
            + "dpop_bound_access_tokens, require_pushed_authorization_requests, "
            + "token_exchange_audiences, tls_client_auth_subject_dn, tls_client_certificates");
      }
    }
    ClientSettings settings = new ClientSettings(server, p, clientId);
    Object keys = body.get("keys");
    if (keys != null) {
      if (!(keys instanceof List)) throw bad("keys must be an array of PEM strings or JWKs");
      for (Object k : (List<?>) keys) {
        if (k instanceof String) settings.key((String) k);
        else if (k instanceof Map) settings.key(Wire.toJson(k));
        else throw bad("keys must be an array of PEM strings or JWKs");
      }
    }
    Boolean dpop = bool(body, "dpop_bound_access_tokens");
    if (dpop != null) settings.dpopBoundAccessTokens(dpop);
    if (body.containsKey("require_pushed_authorization_requests")) {
      settings.requirePushedAuthorizationRequests(
          bool(body, "require_pushed_authorization_requests"));
    }
    if (body.containsKey("tls_client_auth_subject_dn")) {
      settings.tlsClientAuthSubjectDn(string(body, "tls_client_auth_subject_dn", false));
    }
    for (String pem : strings(body, "tls_client_certificates")) {
      settings.tlsClientCertificate(ClientKeys.certificate(pem));
    }
    if (body.containsKey("token_exchange_audiences")) {
      settings.tokenExchangeAudiences(body.get("token_exchange_audiences") == null ? null
          : strings(body, "token_exchange_audiences"));
    }
    for (Client c : server.clients()) {
      if (c.provider.id.equals(p.id) && c.id.equals(clientId)) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("provider", p.id);
        m.put("client_id", clientId);
        clientSwitches(c, m);
        return AdminApi.ok(m);
      }
    }
    throw bad("no client \"" + clientId + "\" of " + p.id);
  }

  MockResponse providerSettings(Map<String, Object> body) throws OAuthError {
    ProviderSettings one = server.settingsHandle()
        .provider(server.provider(string(body, "provider", true)));
    Boolean nonce = bool(body, "dpop_nonce");
    Boolean par = bool(body, "require_pushed_authorization_requests");
    Integer deviceCode = integer(body, "device_code_seconds");
    Integer interval = integer(body, "device_polling_interval_seconds");
    if (nonce == null && par == null && deviceCode == null && interval == null) {
      throw bad("send dpop_nonce, require_pushed_authorization_requests, device_code_seconds "
          + "or device_polling_interval_seconds");
    }
    if (nonce != null) one.dpopNonce(nonce);
    if (par != null) one.requirePushedAuthorizationRequests(par);
    if (deviceCode != null) one.deviceCodeLifetime(Duration.ofSeconds(deviceCode));
    if (interval != null) one.devicePollingInterval(Duration.ofSeconds(interval));
    return AdminApi.ok(providerSettings());
  }

  Map<String, Object> providerSettings() {
    Map<String, Object> result = new LinkedHashMap<>();
    for (MockProvider p : server.providers()) {
      ProviderSettings settings = server.settingsHandle().provider(p);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("dpop_nonce", settings.dpopNonce());
      if (p.extensions.parPath != null) {
        m.put("require_pushed_authorization_requests",
            settings.requirePushedAuthorizationRequests());
      }
      if (p.supports(MockProvider.GrantType.DEVICE_CODE)) {
        m.put("device_code_seconds", settings.deviceCodeLifetime().getSeconds());
        m.put("device_polling_interval_seconds", settings.devicePollingInterval().getSeconds());
      }
      result.put(p.id, m);
    }
    return result;
  }
}
