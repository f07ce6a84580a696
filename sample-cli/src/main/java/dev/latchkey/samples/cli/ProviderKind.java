package dev.latchkey.samples.cli;

import dev.latchkey.Provider;
import java.util.Locale;

/**
 * The values of {@code --provider}: each names a built-in {@link Provider}, the mock server's
 * path prefix for it, and which flows it supports.
 */
enum ProviderKind {
  ORA("ora", "ora", true, false, "v1/projects"),
  ORANGELOGIC("orangelogic", "orangelogic", true, false, "api/me"),
  ORGAPI_BASIC("orgapi-basic", "orgapi", false, true, "api/organization"),
  ORGAPI_QUERY("orgapi-query", "orgapi", false, true, "api/organization"),
  ORGO("orgo", "orgo", true, false, "oauth/userinfo"),
  ONNA("onna", "onna", false, true, "v1/workspaces"),
  STANDARD("standard", "standard", true, true, "userinfo");

  final String cliName;
  final String mockPrefix;
  final boolean userFlow;
  final boolean appFlow;
  /** A read-only API path under the base URL, used by the demo and documented as an example. */
  final String apiPath;

  ProviderKind(String cliName, String mockPrefix, boolean userFlow, boolean appFlow,
      String apiPath) {
    this.cliName = cliName;
    this.mockPrefix = mockPrefix;
    this.userFlow = userFlow;
    this.appFlow = appFlow;
    this.apiPath = apiPath;
  }

  /** Returns the built-in provider with endpoints derived from {@code baseUrl}. */
  Provider provider(String baseUrl) {
    switch (this) {
      case ORA:
        return Provider.ora(baseUrl);
      case ORANGELOGIC:
        return Provider.orangeLogic(baseUrl);
      case ORGAPI_BASIC:
        return Provider.organizationApiBasic(baseUrl);
      case ORGAPI_QUERY:
        return Provider.organizationApiQuery(baseUrl);
      case ORGO:
        return Provider.orgo(baseUrl);
      case ONNA:
        return Provider.onna(baseUrl);
      case STANDARD:
        String base = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        return Provider.standard(base + "authorize", base + "token").newBuilder()
            .userinfoEndpoint(base + "userinfo")
            .revocationEndpoint(base + "revoke")
            .build();
      default:
        throw new AssertionError(this);
    }
  }

  /** Parses a {@code --provider} value; picocli shows the candidates on failure. */
  static ProviderKind parse(String value) {
    for (ProviderKind kind : values()) {
      if (kind.cliName.equals(value.toLowerCase(Locale.ROOT))) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown provider \"" + value + "\"; expected one of "
        + names());
  }

  static String names() {
    StringBuilder names = new StringBuilder();
    for (ProviderKind kind : values()) {
      names.append(names.length() == 0 ? "" : ", ").append(kind.cliName);
    }
    return names.toString();
  }

  @Override
  public String toString() {
    return cliName;
  }
}
