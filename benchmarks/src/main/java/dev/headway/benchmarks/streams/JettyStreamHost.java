package dev.headway.benchmarks.streams;

import dev.headway.sse.JobEndpoints;
import dev.headway.sse.JobServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The endpoints on Jetty 12 (ee10) as the README mounts them: {@link JobServlet} with async support, Jetty's
 * default thread pool (at most 200 threads), one connector on 127.0.0.1.
 */
final class JettyStreamHost implements StreamHost {
  private final Server server;
  private final ServerConnector connector;
  private final JobEndpoints endpoints;

  /**
   * Starts the server on a free port.
   *
   * @param endpoints the endpoints to serve; closed with the host
   * @param backlog the accept queue, so thousands of connections opened at once are not refused
   * @throws Exception if Jetty does not start
   */
  JettyStreamHost(JobEndpoints endpoints, int backlog) throws Exception {
    this.endpoints = endpoints;
    server = new Server();
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    connector.setAcceptQueueSize(backlog);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder holder = new ServletHolder("headway", JobServlet.of(endpoints));
    holder.setAsyncSupported(true); // streams hold no container thread
    context.addServlet(holder, MOUNT + "/*");
    server.setHandler(context);
    server.setStopTimeout(1000);
    server.start();
  }

  @Override
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public int openStreams() {
    return endpoints.openStreams();
  }

  @Override
  public void close() {
    endpoints.close();
    try {
      server.stop();
    } catch (Exception e) {
      // Stopping at the end of a run: nothing is left to protect.
      System.err.println("jetty stop: " + e);
    }
  }
}
