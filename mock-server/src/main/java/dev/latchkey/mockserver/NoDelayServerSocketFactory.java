package dev.latchkey.mockserver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ServerSocketFactory;

/**
 * Makes server sockets whose accepted connections have {@code TCP_NODELAY} on. MockWebServer
 * leaves Nagle's algorithm on, so on a kept-alive connection each small response waits for the
 * client's delayed ACK (about 40 ms on Linux); with this factory a loopback round trip takes well
 * under a millisecond. {@link MockAuthServer} uses it; pass it to your own MockWebServer with
 * {@code setServerSocketFactory} for the same effect.
 */
public final class NoDelayServerSocketFactory extends ServerSocketFactory {
  /** Creates the factory. */
  public NoDelayServerSocketFactory() {
  }

  @Override
  public ServerSocket createServerSocket() throws IOException {
    return new ServerSocket() {
      @Override
      public Socket accept() throws IOException {
        Socket socket = super.accept();
        socket.setTcpNoDelay(true);
        return socket;
      }
    };
  }

  @Override
  public ServerSocket createServerSocket(int port) throws IOException {
    return createServerSocket(port, 50, null);
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog) throws IOException {
    return createServerSocket(port, backlog, null);
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog, InetAddress address)
      throws IOException {
    ServerSocket socket = createServerSocket();
    socket.bind(new InetSocketAddress(address, port), backlog);
    return socket;
  }
}
