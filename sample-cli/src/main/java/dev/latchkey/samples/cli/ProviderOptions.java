package dev.latchkey.samples.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import picocli.CommandLine.Option;

/** The options every provider command shares: where the server is, who the client is, where tokens go. */
final class ProviderOptions {
  @Option(names = "--provider", required = true, converter = ProviderKindConverter.class,
      description = "One of: ora, orangelogic, orgapi-basic, orgapi-query, orgo, onna, standard.")
  ProviderKind provider;

  @Option(names = "--base-url", paramLabel = "URL",
      description = "The provider's base URL; endpoints are derived from its documented paths."
          + " Without it (and without explicit endpoint URLs) the bundled mock server is started"
          + " in-process with its demo client.")
  String baseUrl;

  @Option(names = "--authorize-url", paramLabel = "URL", description = "Authorization endpoint (overrides --base-url).")
  String authorizeUrl;

  @Option(names = "--token-url", paramLabel = "URL", description = "Token endpoint (overrides --base-url).")
  String tokenUrl;

  @Option(names = "--userinfo-url", paramLabel = "URL", description = "Userinfo endpoint (overrides --base-url).")
  String userinfoUrl;

  @Option(names = "--revoke-url", paramLabel = "URL", description = "Revocation endpoint (overrides --base-url).")
  String revokeUrl;

  @Option(names = "--client-id", paramLabel = "ID",
      description = "Client id; default: $LATCHKEY_CLIENT_ID.")
  String clientId;

  @Option(names = "--client-secret", paramLabel = "SECRET",
      description = "Client secret; default: $LATCHKEY_CLIENT_SECRET (safer: flags show up in"
          + " process lists and shell history). Never printed.")
  String clientSecret;

  @Option(names = "--scope", paramLabel = "\"A B\"", description = "Space-separated scopes.")
  String scope;

  @Option(names = "--store", paramLabel = "PATH",
      description = "Token file; default: $XDG_CONFIG_HOME/latchkey/tokens.json or"
          + " ~/.config/latchkey/tokens.json. The embedded mock server's tokens stay in memory"
          + " unless --store is given.")
  Path store;

  /** True when no server was named, so the bundled mock server runs in-process. */
  boolean embedded() {
    return baseUrl == null && authorizeUrl == null && tokenUrl == null && userinfoUrl == null
        && revokeUrl == null;
  }

  String[] scopes() {
    if (scope == null || scope.trim().isEmpty()) {
      return new String[0];
    }
    return scope.trim().split("\\s+");
  }

  static Path defaultStore() {
    String xdg = System.getenv("XDG_CONFIG_HOME");
    Path config = xdg != null && !xdg.isEmpty() ? Paths.get(xdg)
        : Paths.get(System.getProperty("user.home"), ".config");
    return config.resolve("latchkey").resolve("tokens.json");
  }

  /** Lets picocli parse {@code --provider} with a message listing the choices. */
  static final class ProviderKindConverter implements picocli.CommandLine.ITypeConverter<ProviderKind> {
    @Override
    public ProviderKind convert(String value) {
      try {
        return ProviderKind.parse(value);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
