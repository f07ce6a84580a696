package dev.latchkey.samples.cli;

import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Builds the {@code login} command a user should run next: the provider options of the command
 * that failed, as given, so it signs in to the same server as the same client. The client secret
 * is never repeated: it stays where the user keeps it.
 */
final class LoginHint {
  /** The mixin field that holds {@link ProviderOptions} in every provider command. */
  private static final String PROVIDER_OPTIONS = "provider";
  private static final String SECRET_OPTION = "--client-secret";
  /** Values made only of these characters need no quoting in a POSIX shell. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private LoginHint() {
  }

  /**
   * Returns the advice to sign in, naming the login command for the (sub)command
   * {@code parseResult} describes; {@code again} when a login existed and has ended.
   */
  static String advice(ParseResult parseResult, boolean again) {
    ParseResult command = parseResult;
    while (command.subcommand() != null) {
      command = command.subcommand();
    }
    StringBuilder login = new StringBuilder("latchkey-cli login");
    CommandSpec options = command.commandSpec().mixins().get(PROVIDER_OPTIONS);
    boolean secretGiven = false;
    if (options != null) {
      for (OptionSpec option : options.options()) {
        OptionSpec matched = command.matchedOption(option.longestName());
        if (matched == null) {
          continue;
        }
        if (option.longestName().equals(SECRET_OPTION)) {
          secretGiven = true;
          continue;
        }
        for (String value : matched.originalStringValues()) {
          login.append(' ').append(option.longestName()).append(' ').append(quote(value));
        }
      }
    }
    return "run `" + login + "` to sign in" + (again ? " again" : "")
        + (secretGiven ? ", adding " + SECRET_OPTION + " (or set LATCHKEY_CLIENT_SECRET)" : "");
  }

  private static String quote(String value) {
    return PLAIN.matcher(value).matches() ? value
        : "'" + TerminalText.line(value).replace("'", "'\\''") + "'";
  }
}
