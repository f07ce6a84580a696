package dev.latchkey.mockserver;

import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks the method and path of an API stub, so it can neither shadow nor escape its provider. */
final class ApiPaths {
  private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");
  /** Encoded path segments; no query, no dot segments. */
  private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~%!$&'()*+,;=:@-]+)+/?");

  private ApiPaths() {
  }

  static String method(String method) {
    Objects.requireNonNull(method, "method == null");
    String upper = method.toUpperCase(Locale.ROOT);
    if (!METHOD.matcher(upper).matches()) {
      throw new IllegalArgumentException("method must be a word such as GET; got \"" + method
          + "\"");
    }
    return upper;
  }

  /** {@return {@code path}, if it is a path under {@code p}'s prefix that no endpoint of it uses} */
  static String check(MockProvider p, String path) {
    Objects.requireNonNull(path, "path == null");
    if (!PATH.matcher(path).matches() || path.contains("/./") || path.contains("/../")
        || path.endsWith("/..") || path.endsWith("/.")) {
      throw new IllegalArgumentException("an API path is /segment[/segment...] under the "
          + "provider's prefix, without query or dot segments; got \"" + path + "\"");
    }
    if (endpoints(p).contains(path)) {
      throw new IllegalArgumentException(path + " is an OAuth endpoint of " + p.id
          + "; stub an API path");
    }
    return path;
  }

  /** {@return the paths of {@code p}'s OAuth endpoints, which the router serves before APIs} */
  static Set<String> endpoints(MockProvider p) {
    Set<String> paths = new HashSet<>();
    ProviderExtensions x = p.extensions;
    boolean device = p.supports(MockProvider.GrantType.DEVICE_CODE);
    for (String path : new String[] {p.tokenPath, p.authorizePath, p.userinfoPath,
        p.revokePath, x.parPath, p.authorizePath != null ? "/consent" : null,
        p.metadata ? "/.well-known/oauth-authorization-server" : null,
        x.openId ? OpenIdEndpoints.JWKS_PATH : null, x.openId ? OpenIdEndpoints.LOGOUT_PATH : null,
        x.openId && p.metadata ? "/.well-known/openid-configuration" : null,
        device ? DeviceEndpoints.AUTHORIZATION_PATH : null,
        device ? DeviceEndpoints.VERIFICATION_PATH : null}) {
      if (path != null) paths.add(path);
    }
    return paths;
  }
}
