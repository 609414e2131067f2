package dev.headway.benchmarks.streams;

import com.sun.net.httpserver.HttpServer;
import dev.headway.internal.DaemonThreads;
import dev.headway.sse.JobEndpoints;
import dev.headway.sse.JobHttpHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The endpoints on the JDK's {@code com.sun.net.httpserver.HttpServer}, mounted as the README shows, with a fixed
 * pool of request threads (the handler returns at once for a stream; the endpoints' own writer threads write it).
 */
final class JdkStreamHost implements StreamHost {
  /** The README's example uses 8; requests here are only stream openings, which return at once. */
  private static final int REQUEST_THREADS = 4;

  private final HttpServer server;
  private final ExecutorService requests;
  private final JobEndpoints endpoints;

  /**
   * Starts the server on a free port.
   *
   * @param endpoints the endpoints to serve; closed with the host
   * @param backlog the accept queue, so thousands of connections opened at once are not refused
   */
  JdkStreamHost(JobEndpoints endpoints, int backlog) {
    this.endpoints = endpoints;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), backlog);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(MOUNT, JobHttpHandler.of(endpoints));
    requests = Executors.newFixedThreadPool(REQUEST_THREADS, new DaemonThreads("jdk-http-"));
    server.setExecutor(requests);
    server.start();
  }

  @Override
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public int openStreams() {
    return endpoints.openStreams();
  }

  @Override
  public void close() {
    endpoints.close();
    server.stop(0);
    requests.shutdown();
  }
}
