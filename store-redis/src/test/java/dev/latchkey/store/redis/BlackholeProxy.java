package dev.latchkey.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A loopback TCP proxy to a server whose open connections can be made into black holes: their
 * bytes are read and dropped in both directions while the sockets stay open, as on a network that
 * loses packets without a reset. Connections opened afterwards pass normally.
 */
final class BlackholeProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int target;
  private final List<AtomicBoolean> open = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  BlackholeProxy(int targetPort) throws IOException {
    this.target = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "blackhole-proxy");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Drops everything on the connections open now, from now on. */
  void swallowOpenConnections() {
    open.forEach(blackhole -> blackhole.set(true));
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        sockets.add(client);
        sockets.add(server);
        AtomicBoolean blackhole = new AtomicBoolean();
        open.add(blackhole);
        pump(client, server, blackhole);
        pump(server, client, blackhole);
      } catch (IOException e) {
        return; // Closed.
      }
    }
  }

  private static void pump(Socket from, Socket to, AtomicBoolean blackhole) throws IOException {
    InputStream in = from.getInputStream();
    OutputStream out = to.getOutputStream();
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          if (!blackhole.get()) {
            out.write(buffer, 0, n);
            out.flush();
          }
        }
      } catch (IOException e) {
        // One side closed: the test is over with this connection.
      }
    }, "blackhole-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
