package dev.latchkey.samples.cli;

import java.io.PrintWriter;
import java.util.Locale;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code call}: an authorized API request; renews and retries once on 401, as the SDK does. */
@Command(name = "call", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
    description = "Call an API with the token: prints the response body, exits 0 on 2xx."
        + " URL may be relative to the provider's base URL (v1/projects) or its server (/ora/v1/projects).")
final class CallCommand extends ProviderCommand {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  @Parameters(index = "0", paramLabel = "METHOD", description = "GET, POST, PUT, PATCH or DELETE.")
  String method;

  @Parameters(index = "1", paramLabel = "URL", description = "Absolute, or relative to the base URL.")
  String url;

  @Option(names = "--data", paramLabel = "JSON", description = "Request body, sent as application/json.")
  String data;

  @Override
  int run(PrintWriter out, PrintWriter err) throws Exception {
    String verb = method.toUpperCase(Locale.ROOT);
    if (!verb.matches("GET|POST|PUT|PATCH|DELETE|HEAD")) {
      throw new IllegalArgumentException("METHOD must be GET, POST, PUT, PATCH, DELETE or HEAD: "
          + method);
    }
    if (data != null && (verb.equals("GET") || verb.equals("HEAD"))) {
      throw new IllegalArgumentException("--data cannot be sent with " + verb);
    }
    try (Connection connection = connect(null)) {
      HttpUrl target = resolve(connection.apiBase, url);
      OkHttpClient api = connection.readySession().authorize(connection.client.httpClient());
      RequestBody body = data != null ? RequestBody.create(data, JSON)
          : verb.matches("POST|PUT|PATCH") ? RequestBody.create(new byte[0], null) : null;
      Request request = new Request.Builder().url(target).method(verb, body).build();
      try (Response response = api.newCall(request).execute()) {
        String text = response.body().string();
        if (!text.isEmpty()) {
          out.println(TerminalText.block(text));
        }
        if (!response.isSuccessful()) {
          err.println("latchkey-cli: " + verb + " " + Endpoints.shown(target)
              + " answered HTTP " + response.code());
          return ExitCodes.FAILED;
        }
      }
    }
    return ExitCodes.OK;
  }

  static HttpUrl resolve(HttpUrl base, String url) {
    HttpUrl absolute = HttpUrl.parse(url);
    if (absolute != null) {
      return absolute;
    }
    HttpUrl relative = base.resolve(url);
    if (relative == null) {
      throw new IllegalArgumentException("URL is neither absolute nor a path: " + url);
    }
    return relative;
  }
}
