package dev.latchkey.samples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** What one in-process run of the CLI printed and returned. */
final class Run {
  final int exitCode;
  final String out;
  final String err;

  Run(int exitCode, String out, String err) {
    this.exitCode = exitCode;
    this.out = out;
    this.err = err;
  }

  /** Runs the CLI with {@code args} on this thread. */
  static Run of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = LatchkeyCli.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
  }
}
