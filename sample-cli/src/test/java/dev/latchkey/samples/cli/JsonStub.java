package dev.latchkey.samples.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A loopback server that answers every GET of one path with a fixed JSON document: a hostile
 * userinfo endpoint, or an issuer's metadata, where the mock server's own would not do.
 */
final class JsonStub implements AutoCloseable {
  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  JsonStub(String path, String json) throws IOException {
    this(path, root -> json);
  }

  /** Serves the document {@code json} makes from the server's own root, such as metadata. */
  JsonStub(String path, Function<String, String> json) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(path, exchange -> {
      requests.incrementAndGet();
      byte[] body = json.apply(root()).getBytes(StandardCharsets.UTF_8);
      boolean found = exchange.getRequestURI().getPath().equals(path);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(found ? 200 : 404, found ? body.length : -1);
      try (OutputStream out = exchange.getResponseBody()) {
        if (found) {
          out.write(body);
        }
      }
    });
    server.start();
  }

  /** The server's root, {@code http://127.0.0.1:PORT}, without a trailing slash. */
  String root() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** How many requests arrived. */
  int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
