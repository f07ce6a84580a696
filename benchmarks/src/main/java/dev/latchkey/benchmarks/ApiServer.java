package dev.latchkey.benchmarks;

import dev.latchkey.mockserver.NoDelayServerSocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * A loopback API for the benchmarks: a MockWebServer whose dispatcher answers every request at
 * once, 200 with a small JSON body; when told to require a bearer token, 401 to a request without
 * {@code Authorization: Bearer ...} (any token is accepted).
 *
 * <p>Its accepted sockets set {@code TCP_NODELAY}. mockwebserver3 5.5.1 leaves Nagle's algorithm
 * on and writes a response in more than one segment; on a kept-alive connection the second
 * segment then waits for the client's delayed ACK, about 40 ms on Linux, so every request takes
 * ~45 ms and a benchmark would measure the kernel's ACK timer instead of the client.
 */
final class ApiServer implements AutoCloseable {
  private final MockWebServer server = new MockWebServer();

  ApiServer(boolean requireBearer) throws IOException {
    MockResponse ok = new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/json")
        .body("{\"projects\":[]}")
        .build();
    MockResponse unauthorized = new MockResponse.Builder().code(401)
        .addHeader("WWW-Authenticate", "Bearer realm=\"bench\"")
        .build();
    server.setServerSocketFactory(new NoDelayServerSocketFactory());
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        // MockWebServer keeps every request for takeRequest(); drop it to keep memory flat.
        server.takeRequest(0, TimeUnit.NANOSECONDS);
        String authorization = request.getHeaders().get("Authorization");
        boolean bearer = authorization != null && authorization.startsWith("Bearer ");
        return bearer || !requireBearer ? ok : unauthorized;
      }
    });
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  HttpUrl url(String path) {
    return server.url(path);
  }

  @Override
  public void close() {
    server.close();
  }
}
