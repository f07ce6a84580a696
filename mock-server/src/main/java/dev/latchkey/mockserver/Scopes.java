package dev.latchkey.mockserver;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** The {@code scope} parameter (RFC 6749 §3.3) and what a provider and client allow. */
final class Scopes {
  private Scopes() {
  }

  static List<String> parse(String scopeParam) {
    List<String> scopes = new ArrayList<>();
    if (scopeParam == null) return scopes;
    for (String s : scopeParam.split(" ")) {
      if (!s.isEmpty() && !scopes.contains(s)) scopes.add(s);
    }
    return scopes;
  }

  /** {@return the first scope the provider or the client doesn't allow, or null} */
  static String unknown(MockProvider p, Client client, List<String> scopes) {
    for (String s : scopes) {
      if (s.equals("openid") && p.extensions.openId) continue;
      if (p.scopes != null && !p.scopes.contains(s)) return s;
      if (client.scopes != null && !client.scopes.contains(s)) return s;
    }
    return null;
  }

  static String error(MockProvider p, Client client, String scope) {
    if (p.scopes != null && !p.scopes.contains(scope)) {
      return "unknown scope \"" + scope + "\"; " + p.displayName + " supports: "
          + String.join(" ", new TreeSet<>(p.scopes));
    }
    return "scope \"" + scope + "\" is not allowed for client " + client.id + "; allowed: "
        + String.join(" ", new TreeSet<>(client.scopes));
  }

  /** Throws {@code invalid_scope} unless the provider and the client allow every scope. */
  static void check(MockProvider p, Client client, List<String> scopes) throws OAuthError {
    String unknown = unknown(p, client, scopes);
    if (unknown != null) throw OAuthError.badRequest("invalid_scope", error(p, client, unknown));
  }
}
