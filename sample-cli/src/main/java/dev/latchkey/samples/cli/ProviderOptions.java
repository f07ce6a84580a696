package dev.latchkey.samples.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import picocli.CommandLine.Option;

/** The options every provider command shares: where the server is, who the client is, where tokens go. */
final class ProviderOptions {
  @Option(names = "--provider", converter = ProviderKindConverter.class,
      description = "One of: ora, orangelogic, orgapi-basic, orgapi-query, orgo, onna, standard."
          + " Required unless --issuer is given, which makes it standard.")
  ProviderKind provider;

  @Option(names = "--issuer", paramLabel = "URL",
      description = "The authorization server's issuer: endpoints come from its RFC 8414 metadata"
          + " (or OpenID discovery), and a callback's iss is checked. Endpoint flags override.")
  String issuer;

  @Option(names = "--base-url", paramLabel = "URL",
      description = "The provider's base URL; endpoints are derived from its documented paths."
          + " Without it (and without explicit endpoint URLs) the bundled mock server is started"
          + " in-process with its demo client.")
  String baseUrl;

  @Option(names = "--authorize-url", paramLabel = "URL", description = "Authorization endpoint (overrides --issuer, --base-url).")
  String authorizeUrl;

  @Option(names = "--token-url", paramLabel = "URL", description = "Token endpoint (overrides --issuer, --base-url).")
  String tokenUrl;

  @Option(names = "--userinfo-url", paramLabel = "URL", description = "Userinfo endpoint (overrides --issuer, --base-url).")
  String userinfoUrl;

  @Option(names = "--revoke-url", paramLabel = "URL", description = "Revocation endpoint (overrides --issuer, --base-url).")
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
    return issuer == null && baseUrl == null && authorizeUrl == null && tokenUrl == null && userinfoUrl == null
        && revokeUrl == null;
  }

  /** The provider kind: as given, or {@code standard} when only {@code --issuer} names the server. */
  ProviderKind kind() {
    if (provider != null) {
      return provider;
    }
    if (issuer != null) {
      return ProviderKind.STANDARD;
    }
    throw new IllegalArgumentException("--provider is required unless --issuer is given; one of "
        + ProviderKind.names());
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
