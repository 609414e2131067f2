package dev.headway.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashSet;
import java.util.Set;

/**
 * A TCP forwarder between the workers and PostgreSQL that a test can cut, for a real database outage without
 * stopping the shared server: {@link #cut()} closes every connection and stops listening, so connecting is refused
 * as when the database host is down; {@link #restore()} listens again on the same port.
 */
final class TcpProxy implements AutoCloseable {
  private final InetSocketAddress target;
  private final int port;
  private final Set<Socket> sockets = new HashSet<>();
  private ServerSocket listener;

  /**
   * Starts forwarding from a free local port to the target.
   *
   * @param targetHost the database host
   * @param targetPort the database port
   */
  TcpProxy(String targetHost, int targetPort) {
    this.target = new InetSocketAddress(targetHost, targetPort);
    this.listener = listen(0);
    this.port = listener.getLocalPort();
    startAccepting(listener);
  }

  /** The local port to connect to. */
  int port() {
    return port;
  }

  /** Closes every forwarded connection and refuses new ones. */
  synchronized void cut() {
    closeQuietly(listener);
    listener = null;
    sockets.forEach(TcpProxy::closeQuietly);
    sockets.clear();
  }

  /** Accepts connections again, on the same port. */
  synchronized void restore() {
    if (listener == null) {
      listener = listen(port);
      startAccepting(listener);
    }
  }

  @Override
  public void close() {
    cut();
  }

  private static ServerSocket listen(int port) {
    try {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return socket;
    } catch (IOException e) {
      throw new UncheckedIOException("could not listen on port " + port, e);
    }
  }

  private void startAccepting(ServerSocket socket) {
    Thread acceptor = new Thread(() -> accept(socket), "proxy-accept-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void accept(ServerSocket socket) {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        Socket upstream = new Socket();
        upstream.connect(target);
        if (!register(socket, client, upstream)) {
          return;
        }
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        // Closed by cut(), or the database refused: the client sees its connection fail, as in an outage.
      }
    }
  }

  /** Keeps the pair for cut(), unless the proxy was cut while they connected. */
  private synchronized boolean register(ServerSocket acceptedBy, Socket client, Socket upstream) {
    if (listener != acceptedBy) {
      closeQuietly(client);
      closeQuietly(upstream);
      return false;
    }
    sockets.add(client);
    sockets.add(upstream);
    return true;
  }

  private void pump(Socket from, Socket to) {
    Thread pump = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
          out.write(buffer, 0, read);
          out.flush();
        }
      } catch (IOException e) {
        // One side closed or was cut.
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        forget(from, to);
      }
    }, "proxy-pump-" + port);
    pump.setDaemon(true);
    pump.start();
  }

  private synchronized void forget(Socket a, Socket b) {
    sockets.remove(a);
    sockets.remove(b);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      // Closing is all that is wanted; an error closing changes nothing.
    }
  }
}
