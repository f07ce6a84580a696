package dev.latchkey.samples.webapp;

import java.util.List;

/**
 * The providers this app talks to: three that people sign in with, two that the app itself
 * calls with client_credentials. The id is the path segment in {@code /signin/{id}} and
 * {@code /callback/{id}}, and the mock server's prefix.
 */
enum ProviderId {
  ORA("ora", "Ora", "ORA", true, List.of()),
  ORGO("orgo", "Orgo", "ORGO", true, List.of("profile", "email", "groups", "roles")),
  ORANGELOGIC("orangelogic", "Orange Logic", "ORANGELOGIC", true, List.of()),
  ONNA("onna", "Onna", "ONNA", false, List.of()),
  ORGAPI("orgapi", "Organization API", "ORGAPI", false, List.of()),
  /** Any standard OAuth2 server found from its issuer's metadata; OpenID Connect when offered. */
  STANDARD("standard", "OpenID Connect", "STANDARD", true, List.of("profile", "email"));

  private final String id;
  private final String label;
  private final String envName;
  private final boolean signIn;
  private final List<String> scopes;

  ProviderId(String id, String label, String envName, boolean signIn, List<String> scopes) {
    this.id = id;
    this.label = label;
    this.envName = envName;
    this.signIn = signIn;
    this.scopes = scopes;
  }

  /** Returns the path segment and mock server prefix, such as {@code orgo}. */
  String id() {
    return id;
  }

  /** Returns the name people read, such as {@code Orange Logic}. */
  String label() {
    return label;
  }

  /** Returns the part of the environment variable names, as in {@code LATCHKEY_ORGO_CLIENT_ID}. */
  String envName() {
    return envName;
  }

  /** Returns true for providers people sign in with (the authorization-code flow). */
  boolean isSignIn() {
    return signIn;
  }

  /** Returns the scopes to request at sign-in. */
  List<String> scopes() {
    return scopes;
  }

  /** Returns the base URL to use when none is configured, or null when there is none. */
  String defaultBaseUrl() {
    return this == ONNA ? "https://api.onna.com/" : null;
  }

  /** Returns the sign-in provider with path segment {@code id}, or null. */
  static ProviderId signInProvider(String id) {
    for (ProviderId p : values()) {
      if (p.signIn && p.id.equals(id)) {
        return p;
      }
    }
    return null;
  }
}
