package dev.latchkey.samples.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command that talks to a provider shares: its options, -v, and the output streams. */
abstract class ProviderCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ProviderOptions provider;

  @Mixin
  Verbosity verbosity;

  @Mixin
  SecurityOptions security;

  @Override
  public final Integer call() throws Exception {
    verbosity.apply();
    return run(spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  /** Opens the connection the options describe; with -v, says which endpoints it uses. */
  Connection connect(String redirectUri) throws java.io.IOException {
    return Connection.open(provider, security, redirectUri,
        verbosity.verbose ? spec.commandLine().getErr() : null);
  }

  /** Runs the command; returns its exit code, or throws to have the failure mapped to one. */
  abstract int run(PrintWriter out, PrintWriter err) throws Exception;
}
