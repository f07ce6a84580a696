package dev.latchkey.mockserver;

import static dev.latchkey.mockserver.JsonFields.bad;
import static dev.latchkey.mockserver.JsonFields.bool;
import static dev.latchkey.mockserver.JsonFields.integer;
import static dev.latchkey.mockserver.JsonFields.string;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The admin routes of {@link MockSettings}: {@code /__admin/lifetimes} (lifetimes and rotation,
 * all providers or one) and {@code /__admin/consent}.
 */
final class AdminSettings {
  private final Controls server;

  AdminSettings(Controls server) {
    this.server = server;
  }

  Map<String, Object> setLifetimes(Map<String, Object> body) throws OAuthError {
    String provider = string(body, "provider", false);
    Integer access = integer(body, "access_token_seconds");
    Integer refresh = integer(body, "refresh_token_seconds");
    Boolean rotate = bool(body, "rotate_refresh_tokens");
    if (access == null && refresh == null && rotate == null) {
      throw bad("send access_token_seconds, refresh_token_seconds or rotate_refresh_tokens");
    }
    MockSettings all = server.settingsHandle();
    if (provider == null) {
      if (access != null) all.accessTokenLifetime(Duration.ofSeconds(access));
      if (refresh != null) all.refreshTokenLifetime(Duration.ofSeconds(refresh));
      if (rotate != null) all.rotateRefreshTokens(rotate);
    } else {
      ProviderSettings one = all.provider(server.provider(provider));
      if (access != null) one.accessTokenLifetime(Duration.ofSeconds(access));
      if (refresh != null) one.refreshTokenLifetime(Duration.ofSeconds(refresh));
      if (rotate != null) one.rotateRefreshTokens(rotate);
    }
    return lifetimes();
  }

  Map<String, Object> lifetimes() {
    Map<String, Object> result = new LinkedHashMap<>();
    for (MockProvider p : server.providers()) {
      ProviderSettings settings = server.settingsHandle().provider(p);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("access_token_seconds", settings.accessTokenLifetime().getSeconds());
      if (p.issuesRefreshTokens()) {
        m.put("refresh_token_seconds", settings.refreshTokenLifetime().getSeconds());
        m.put("rotate_refresh_tokens", settings.rotatesRefreshTokens());
      }
      result.put(p.id, m);
    }
    return result;
  }

  Map<String, Object> setConsent(Map<String, Object> body) throws OAuthError {
    server.settingsHandle().consent(consentMode(string(body, "mode", true)));
    return consent();
  }

  Map<String, Object> consent() {
    return Map.of("mode", server.settingsHandle().consent().name());
  }

  /** {@return the mode named as the CLI and the admin API take it, such as {@code auto-deny}} */
  static ConsentMode consentMode(String mode) {
    try {
      return ConsentMode.valueOf(mode.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown consent mode \"" + mode
          + "\"; use prompt, auto-approve or auto-deny");
    }
  }
}
