package dev.latchkey.samples.cli;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import picocli.CommandLine.Option;

/**
 * The {@code -v} option every command accepts. It turns on the SDK's {@code java.util.logging}
 * output at FINE, which describes each token-endpoint exchange without secrets, on stderr.
 */
final class Verbosity {
  private static final Logger SDK_LOG = Logger.getLogger("dev.latchkey");

  @Option(names = {"-v", "--verbose"},
      description = "Print the endpoints used and where each came from, each token-endpoint"
          + " exchange (secrets redacted), and stack traces on errors, to stderr.")
  boolean verbose;

  /** Routes the SDK's log to stderr: FINE with -v, warnings only otherwise. */
  void apply() {
    for (Handler handler : SDK_LOG.getHandlers()) {
      SDK_LOG.removeHandler(handler);
    }
    Handler stderr = new ConsoleHandler();
    stderr.setFormatter(new Formatter() {
      @Override
      public String format(LogRecord record) {
        return "  " + formatMessage(record) + System.lineSeparator();
      }
    });
    Level level = verbose ? Level.FINE : Level.WARNING;
    stderr.setLevel(level);
    SDK_LOG.setLevel(level);
    SDK_LOG.addHandler(stderr);
    SDK_LOG.setUseParentHandlers(false);
  }
}
