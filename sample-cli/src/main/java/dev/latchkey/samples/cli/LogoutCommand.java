package dev.latchkey.samples.cli;

import dev.latchkey.TokenSession;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code logout}: revokes the stored token where the provider can, and deletes it. */
@Command(name = "logout", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
    description = "Revoke the stored token (where the provider supports RFC 7009) and delete it.")
final class LogoutCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ProviderOptions provider;

  @Mixin
  Verbosity verbosity;

  @Override
  public Integer call() throws Exception {
    verbosity.apply();
    try (Connection connection = Connection.open(provider, null)) {
      TokenSession session = connection.session();
      boolean revocable = connection.client.provider().revocationEndpoint() != null;
      session.signOut();
      spec.commandLine().getOut().println("Signed out of " + connection.kind.cliName + ": token "
          + (revocable ? "revoked and " : "") + "deleted from the store.");
    }
    return ExitCodes.OK;
  }
}
