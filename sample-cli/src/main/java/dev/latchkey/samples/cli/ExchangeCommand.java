package dev.latchkey.samples.cli;

import dev.latchkey.Token;
import dev.latchkey.TokenExchange;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code exchange}: token exchange (RFC 8693): the stored login's access token traded for one
 * for another audience or resource, printed like {@code token}.
 */
@Command(name = "exchange", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
    description = "Exchange the stored login's access token for a token for another API (token"
        + " exchange, RFC 8693) and print a summary without secrets. --scope names the scopes"
        + " asked for.")
final class ExchangeCommand extends ProviderCommand {
  @Option(names = "--audience", paramLabel = "AUD", required = true,
      description = "The API the new token is for.")
  String audience;

  @Option(names = "--resource", paramLabel = "URI",
      description = "The URI of the API the new token is for.")
  String resource;

  @Option(names = "--print-access-token",
      description = "Print the raw access token alone, for scripts. It is a secret: keep it out of logs.")
  boolean printAccessToken;

  @Override
  int run(PrintWriter out, PrintWriter err) throws Exception {
    try (Connection connection = connect(null)) {
      TokenExchange.Builder exchange = connection.client.newTokenExchange()
          .subject(connection.userSession())
          .audience(audience)
          .scopes(provider.scopes());
      if (resource != null) {
        exchange.resource(resource);
      }
      Token token = exchange.build().execute();
      if (printAccessToken) {
        out.println(token.accessToken());
      } else {
        TokenCommand.printSummary(out, connection, token);
        out.printf("issued type:   %s%n", token.issuedTokenType() == null ? "(not said)"
            : TerminalText.line(token.issuedTokenType()));
      }
    }
    return ExitCodes.OK;
  }
}
