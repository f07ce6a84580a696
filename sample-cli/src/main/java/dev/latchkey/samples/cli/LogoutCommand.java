package dev.latchkey.samples.cli;

import dev.latchkey.TokenSession;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code logout}: revokes the stored token where the provider can, and deletes it. */
@Command(name = "logout", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
    description = "Revoke the stored token (where the provider supports RFC 7009) and delete it.")
final class LogoutCommand extends ProviderCommand {
  @Override
  int run(PrintWriter out, PrintWriter err) throws Exception {
    try (Connection connection = connect(null)) {
      TokenSession session = connection.session();
      boolean revocable = connection.client.provider().revocationEndpoint() != null;
      session.signOut();
      out.println("Signed out of " + connection.kind.cliName + ": token "
          + (revocable ? "revoked and " : "") + "deleted from the store.");
    }
    return ExitCodes.OK;
  }
}
