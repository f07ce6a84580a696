package dev.latchkey.mockserver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** The sockets: the HTTP listener on 127.0.0.1 and, when built with one, the mutual TLS one. */
final class Listeners {
  private final MockWebServer web = new MockWebServer();
  private final TlsListener tls;

  Listeners(TlsListener tls) {
    this.tls = tls;
  }

  /** Binds both listeners, each handing every request to {@code router}; tells the state where. */
  void start(int port, Router router, ServerState state) throws IOException {
    MockWebServer w = web;
    w.setDispatcher(new Dispatcher() {
      @Override public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        // MockWebServer keeps every request for takeRequest(); the journal replaces that, so
        // drain it to keep a long-running server's memory flat.
        w.takeRequest(0, TimeUnit.NANOSECONDS);
        return router.dispatch(request);
      }
    });
    w.setServerSocketFactory(new NoDelayServerSocketFactory());
    w.setBodyLimit(Wire.MAX_BODY);
    w.start(InetAddress.getByName("127.0.0.1"), port);
    state.started(URI.create("http://127.0.0.1:" + w.getPort() + "/"));
    if (tls != null) {
      int tlsPort = tls.start(new Dispatcher() {
        @Override public MockResponse dispatch(RecordedRequest request) {
          return router.dispatch(request);
        }
      });
      state.startedTls(URI.create("https://127.0.0.1:" + tlsPort + "/"), tls.clientCas);
    }
  }

  void close() {
    web.close();
    if (tls != null) tls.close();
  }
}
