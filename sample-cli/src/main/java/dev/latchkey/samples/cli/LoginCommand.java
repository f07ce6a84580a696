package dev.latchkey.samples.cli;

import dev.latchkey.AuthorizationRequest;
import dev.latchkey.Token;
import java.awt.Desktop;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code login}: the authorization-code flow for a native app (RFC 8252): a loopback redirect on
 * 127.0.0.1, state and PKCE, then the token stored for later commands.
 */
@Command(name = "login", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
    description = "Sign in through the browser (authorization code with PKCE and a loopback"
        + " redirect) and store the token.")
final class LoginCommand extends ProviderCommand {
  @Option(names = "--no-browser", description = "Only print the URL; do not open a browser.")
  boolean noBrowser;

  @Option(names = "--device", description = "Sign in on another device (device authorization,"
      + " RFC 8628): print the URL and a user code, then wait for approval.")
  boolean device;

  @Option(names = "--redirect-port", paramLabel = "N", defaultValue = "0",
      description = "Port for the loopback redirect http://127.0.0.1:N/callback (default: a free one).")
  int redirectPort;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
      description = "How long to wait for the redirect or the device approval (default:"
          + " ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Override
  int run(PrintWriter out, PrintWriter err) throws Exception {
    if (!provider.kind().userFlow) {
      throw new IllegalArgumentException(provider.kind() + " has no sign-in flow (it uses"
          + " client_credentials only); use the token command");
    }
    if (device) {
      try (Connection connection = connect(null)) {
        Token token = DeviceLogin.login(connection.client, out, err,
            Duration.ofSeconds(timeoutSeconds));
        connection.client.session(connection.userKey()).save(token);
        out.println("Signed in to " + connection.kind.cliName + ".");
        TokenCommand.printSummary(out, connection, token);
      }
      return ExitCodes.OK;
    }
    if (redirectPort < 0 || redirectPort > 65535) {
      throw new IllegalArgumentException("--redirect-port must be 0..65535: " + redirectPort);
    }
    try (LoopbackReceiver receiver = new LoopbackReceiver(redirectPort, err);
        Connection connection = connect(receiver.redirectUri())) {
      AuthorizationRequest request = SecurityOptions.start(
          connection.client.newAuthorizationRequest(), connection.par);
      receiver.expect(request.state(),
          callback -> complete(connection, request, callback));
      err.println("Open this URL to sign in" + (noBrowser ? ":" : " (opening your browser):"));
      err.flush();
      out.println(request.url());
      out.flush();
      if (!noBrowser) {
        openBrowser(request.url().uri(), err);
      }
      Token token = receiver.await(Duration.ofSeconds(timeoutSeconds));
      out.println("Signed in to " + connection.kind.cliName + ".");
      TokenCommand.printSummary(out, connection, token);
    }
    return ExitCodes.OK;
  }

  /** Exchanges a callback that carries this login's state and stores the token. */
  private static Token complete(Connection connection, AuthorizationRequest request,
      String callback) throws IOException {
    Token token = connection.client.exchange(request, callback);
    connection.client.session(connection.userKey()).save(token);
    return token;
  }

  private static void openBrowser(URI uri, PrintWriter err) {
    try {
      if (Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
        Desktop.getDesktop().browse(uri);
        return;
      }
      String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
      String opener = os.contains("mac") ? "open" : os.contains("win") ? "rundll32" : "xdg-open";
      ProcessBuilder process = os.contains("win")
          ? new ProcessBuilder(opener, "url.dll,FileProtocolHandler", uri.toString())
          : new ProcessBuilder(opener, uri.toString());
      process.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (Exception | LinkageError e) {
      err.println("Could not open a browser (" + e.getClass().getSimpleName()
          + "); open the URL above yourself.");
    }
  }
}
