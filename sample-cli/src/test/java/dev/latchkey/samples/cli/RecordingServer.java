package dev.latchkey.samples.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback token endpoint ({@code POST /token}, answering with a fixed token response) and API
 * ({@code GET /api}, answering 200) that records what each request carried, for the options the
 * mock server does not speak yet.
 */
final class RecordingServer implements AutoCloseable {
  /** One request as it arrived. */
  static final class Recorded {
    final String path;
    final Map<String, List<String>> headers;
    final String body;

    Recorded(String path, Map<String, List<String>> headers, String body) {
      this.path = path;
      this.headers = headers;
      this.body = body;
    }

    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  private final HttpServer server;
  final List<Recorded> requests = new CopyOnWriteArrayList<>();

  RecordingServer(String tokenType) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String path = exchange.getRequestURI().getPath();
      requests.add(new Recorded(path, exchange.getRequestHeaders(), body));
      byte[] answer = (path.equals("/token")
          ? "{\"access_token\":\"at-" + requests.size() + "\",\"token_type\":\"" + tokenType
              + "\",\"expires_in\":3600}"
          : "{\"ok\":true}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    });
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
