package dev.latchkey.mockserver;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The six providers the server hosts, each under its own path prefix, with its wire dialect. */
enum Provider {
  ORA("ora", "Ora", "/oauth/authorize", "/oauth/token", null, null,
      List.of("authorization_code", "refresh_token"), false, true,
      false, true, false, "refresh_token", "Bearer", Duration.ofHours(1), true, false, true,
      null, true, "in the JSON body (client_id, client_secret)"),
  ORANGELOGIC("orangelogic", "Orange Logic", "/oauth2/authorize", "/oauth2/token", null, null,
      List.of("authorization_code", "refresh_token"), true, true,
      false, true, false, "code", "Bearer", Duration.ofHours(24), true, false, false,
      null, true, "in the request body (client_id, client_secret)"),
  ORGAPI("orgapi", "Organization API", null, "/oauth2/token", null, null,
      List.of("client_credentials", "refresh_token"), true, false,
      true, false, true, "refresh_token", "Bearer", Duration.ofHours(1), true, true, true,
      null, true, "in an HTTP Basic header (RFC 6749 §2.3.1) or in the URL query (client_id, client_secret)"),
  ORGO("orgo", "Orgo", "/oauth/authorize", "/oauth/token", "/oauth/userinfo", null,
      List.of("authorization_code", "refresh_token"), true, false,
      true, true, false, "refresh_token", "Bearer", Duration.ofHours(1), true, false, true,
      Set.of("profile", "email", "groups", "roles"), true,
      "in an HTTP Basic header or in the form body (client_id, client_secret)"),
  ONNA("onna", "Onna", null, "/v1/oauth/token", null, null,
      List.of("client_credentials"), true, false,
      false, true, false, "refresh_token", "bearer", Duration.ofSeconds(3599), false, false, false,
      null, false, "in the form body (client_id, client_secret)"),
  STANDARD("standard", "Standard (RFC 6749)", "/authorize", "/token", "/userinfo", "/revoke",
      List.of("authorization_code", "refresh_token", "client_credentials"), true, false,
      true, true, false, "refresh_token", "Bearer", Duration.ofHours(1), true, false, true,
      Set.of("profile", "email", "read", "write"), true,
      "in an HTTP Basic header or in the form body (client_id, client_secret)");

  static final Duration DEFAULT_REFRESH_LIFETIME = Duration.ofDays(30);

  final String id;
  final String displayName;
  final String authorizePath;
  final String tokenPath;
  final String userinfoPath;
  final String revokePath;
  final List<String> grants;
  final boolean acceptsForm;
  final boolean acceptsJson;
  final boolean basicAuth;
  final boolean bodyAuth;
  final boolean queryAuth;
  final String refreshParam;
  final String tokenType;
  final Duration defaultAccessLifetime;
  final boolean issuesRefresh;
  final boolean refreshOnClientCredentials;
  final boolean defaultRotate;
  /** Scopes the provider knows, or null when it accepts any scope string. */
  final Set<String> scopes;
  /** False for Onna, which answers a bad token with a bare 401 and no challenge. */
  final boolean bearerChallenge;
  final String credentialsWhere;

  Provider(String id, String displayName, String authorizePath, String tokenPath,
      String userinfoPath, String revokePath, List<String> grants, boolean acceptsForm,
      boolean acceptsJson, boolean basicAuth, boolean bodyAuth, boolean queryAuth,
      String refreshParam, String tokenType, Duration defaultAccessLifetime,
      boolean issuesRefresh, boolean refreshOnClientCredentials, boolean defaultRotate,
      Set<String> scopes, boolean bearerChallenge, String credentialsWhere) {
    this.id = id;
    this.displayName = displayName;
    this.authorizePath = authorizePath;
    this.tokenPath = tokenPath;
    this.userinfoPath = userinfoPath;
    this.revokePath = revokePath;
    this.grants = grants;
    this.acceptsForm = acceptsForm;
    this.acceptsJson = acceptsJson;
    this.basicAuth = basicAuth;
    this.bodyAuth = bodyAuth;
    this.queryAuth = queryAuth;
    this.refreshParam = refreshParam;
    this.tokenType = tokenType;
    this.defaultAccessLifetime = defaultAccessLifetime;
    this.issuesRefresh = issuesRefresh;
    this.refreshOnClientCredentials = refreshOnClientCredentials;
    this.defaultRotate = defaultRotate;
    this.scopes = scopes;
    this.bearerChallenge = bearerChallenge;
    this.credentialsWhere = credentialsWhere;
  }

  /** {@return the provider named by its path prefix, such as {@code "ora"}, or null} */
  static Provider find(String id) {
    if (id == null) return null;
    String lower = id.toLowerCase(Locale.ROOT);
    for (Provider p : values()) {
      if (p.id.equals(lower)) return p;
    }
    return null;
  }

  static Provider require(String id) {
    if (id == null) throw new NullPointerException("provider == null");
    Provider p = find(id);
    if (p == null) {
      throw new IllegalArgumentException("unknown provider \"" + id + "\"; use one of " + ids());
    }
    return p;
  }

  static String ids() {
    StringBuilder sb = new StringBuilder();
    for (Provider p : values()) {
      if (sb.length() > 0) sb.append(", ");
      sb.append(p.id);
    }
    return sb.toString();
  }

  String bodyFormats() {
    if (acceptsForm && acceptsJson) {
      return "a form (application/x-www-form-urlencoded) or JSON (application/json) body";
    }
    return acceptsJson ? "a JSON body (Content-Type: application/json)"
        : "a form body (Content-Type: application/x-www-form-urlencoded)";
  }
}
