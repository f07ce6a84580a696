package dev.latchkey.samples.cli;

import dev.latchkey.Token;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code token}: gets a valid token (renewing as needed) and prints a redacted summary. */
@Command(name = "token", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
    description = "Get a valid token (client_credentials, or the stored login refreshed as"
        + " needed) and print a summary without secrets.")
final class TokenCommand extends ProviderCommand {
  @Option(names = "--print-access-token",
      description = "Print the raw access token alone, for scripts. It is a secret: keep it out of logs.")
  boolean printAccessToken;

  @Override
  int run(PrintWriter out, PrintWriter err) throws Exception {
    try (Connection connection = connect(null)) {
      Token token = connection.readySession().token();
      if (printAccessToken) {
        out.println(token.accessToken());
      } else {
        printSummary(out, connection, token);
      }
    }
    return ExitCodes.OK;
  }

  static void printSummary(PrintWriter out, Connection connection, Token token) {
    out.printf("provider:      %s (%s)%n", connection.kind.cliName,
        Endpoints.shown(connection.client.provider().tokenEndpoint()));
    out.printf("token type:    %s%n", TerminalText.line(token.tokenType()));
    Instant expiresAt = token.expiresAt();
    if (expiresAt == null) {
      out.printf("expires:       unknown (the provider did not say)%n");
    } else {
      long seconds = Duration.between(connection.client.clock().instant(), expiresAt).getSeconds();
      out.printf("expires:       %s (%s)%n", expiresAt,
          seconds > 0 ? "in " + seconds + " s" : "expired");
    }
    out.printf("scopes:        %s%n", token.scopes().isEmpty() ? "(none)"
        : TerminalText.line(String.join(" ", token.scopes())));
    out.printf("refresh token: %s%n", token.refreshToken() != null ? "yes" : "no");
  }
}
