package dev.latchkey.samples.cli;

import dev.latchkey.ReauthorizationRequiredException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/** The {@code latchkey-cli} entry point: every OAuth2 flow from the command line. */
@Command(name = "latchkey-cli",
    mixinStandardHelpOptions = true,
    version = "latchkey-cli 0.1.0",
    description = "Gets OAuth2 tokens and calls APIs with them. With no server named, runs"
        + " against the bundled mock server, so every command works out of the box.",
    footer = ExitCodes.HELP_FOOTER,
    subcommands = {
        DemoCommand.class,
        TokenCommand.class,
        LoginCommand.class,
        ExchangeCommand.class,
        CallCommand.class,
        WhoamiCommand.class,
        LogoutCommand.class,
        ProvidersCommand.class,
    })
public final class LatchkeyCli implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /**
   * Runs the CLI and exits with its exit code.
   *
   * @param args the command line
   */
  public static void main(String... args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(out, err, args));
  }

  /**
   * Runs the CLI with the given streams; tests call this in-process.
   *
   * @param out standard output
   * @param err standard error
   * @param args the command line
   * @return the exit code (see {@code --help})
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new LatchkeyCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(LatchkeyCli::handle);
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "Missing command; try: latchkey-cli demo");
  }

  /** Turns a failure into one line on stderr (a stack trace too with -v) and an exit code. */
  private static int handle(Exception failure, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    String message = failure.getMessage() != null ? failure.getMessage()
        : failure.getClass().getSimpleName();
    err.println("latchkey-cli: " + TerminalText.line(message));
    if (failure instanceof ReauthorizationRequiredException
        || failure instanceof NotLoggedInException) {
      err.println("latchkey-cli: " + LoginHint.advice(parseResult,
          failure instanceof ReauthorizationRequiredException));
    }
    if (verbose(parseResult)) {
      failure.printStackTrace(err);
    }
    err.flush();
    return ExitCodes.of(failure);
  }

  private static boolean verbose(ParseResult parseResult) {
    for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("-v")) {
        return true;
      }
    }
    return false;
  }
}
