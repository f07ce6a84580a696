package dev.latchkey.samples.cli;

import dev.latchkey.TokenSession;
import java.io.PrintWriter;
import java.util.Map;
import okhttp3.Request;
import okhttp3.Response;
import picocli.CommandLine.Command;

/** {@code whoami}: who the token belongs to, from userinfo or the provider's "me" API. */
@Command(name = "whoami", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
    description = "Show who the token belongs to: the validated ID token's claims (OpenID"
        + " Connect), the userinfo endpoint (Orgo, standard) or the provider's own identity API"
        + " (Orange Logic api/me, Organization API api/organization).")
final class WhoamiCommand extends ProviderCommand {
  @Override
  int run(PrintWriter out, PrintWriter err) throws Exception {
    try (Connection connection = connect(null)) {
      // Where there is a user to sign in, whoami is about that user: never the app's own identity.
      TokenSession session = connection.kind.userFlow ? connection.userSession()
          : connection.readySession();
      Map<String, Object> idToken = session.idTokenClaims();
      if (idToken != null) {
        out.println("ID token (validated):");
        printClaims(out, idToken);
      }
      if (connection.client.provider().userinfoEndpoint() != null) {
        if (idToken != null) {
          out.println("userinfo:");
        }
        printClaims(out, session.userInfo());
        return ExitCodes.OK;
      }
      if (idToken != null && identityPath(connection.kind) == null) {
        return ExitCodes.OK;
      }
      String path = identityPath(connection.kind);
      if (path == null) {
        throw new IllegalArgumentException(connection.kind + " has no userinfo or identity API;"
            + " use the call command with one of its APIs");
      }
      Request request = new Request.Builder().url(connection.apiBase.resolve(path)).build();
      try (Response response = session.authorize(connection.client.httpClient())
          .newCall(request).execute()) {
        out.println(TerminalText.block(response.body().string()));
        return response.isSuccessful() ? ExitCodes.OK : ExitCodes.FAILED;
      }
    }
  }

  private static void printClaims(PrintWriter out, Map<String, Object> claims) {
    for (Map.Entry<String, Object> claim : claims.entrySet()) {
      out.printf("%-20s %s%n", TerminalText.line(claim.getKey()) + ":",
          TerminalText.line(JsonText.of(claim.getValue())));
    }
  }

  private static String identityPath(ProviderKind kind) {
    switch (kind) {
      case ORANGELOGIC:
        return "api/me";
      case ORGAPI_BASIC:
      case ORGAPI_QUERY:
        return "api/organization";
      default:
        return null;
    }
  }
}
