package dev.latchkey.samples.cli;

import dev.latchkey.Dialect;
import dev.latchkey.Provider;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code providers}: the built-in providers and how each bends the token endpoint. */
@Command(name = "providers", mixinStandardHelpOptions = true,
    description = "List the built-in providers, their flows and their wire dialects.")
final class ProvidersCommand implements Callable<Integer> {
  private static final String ROW = "%-13s %-25s %-6s %-11s %-14s %-9s %s%n";

  @Spec
  CommandSpec spec;

  @Mixin
  Verbosity verbosity;

  @Override
  public Integer call() {
    verbosity.apply();
    PrintWriter out = spec.commandLine().getOut();
    out.printf(ROW, "PROVIDER", "FLOWS", "BODY", "CLIENT AUTH", "REFRESH PARAM", "RENEWAL",
        "TOKEN PATH");
    for (ProviderKind kind : ProviderKind.values()) {
      Provider provider = kind.provider("https://server.example/");
      Dialect dialect = provider.dialect();
      String flows = kind.userFlow && kind.appFlow ? "code, client_credentials"
          : kind.userFlow ? "code" : "client_credentials";
      out.printf(ROW, kind.cliName, flows, dialect.encoding().name().toLowerCase(java.util.Locale.ROOT),
          dialect.clientAuthentication().name().toLowerCase(java.util.Locale.ROOT),
          dialect.renewal() == Dialect.Renewal.REFRESH ? dialect.refreshTokenParameter() : "-",
          dialect.renewal().name().toLowerCase(java.util.Locale.ROOT),
          provider.tokenEndpoint().encodedPath());
    }
    return ExitCodes.OK;
  }
}
