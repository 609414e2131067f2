package dev.headway.sse.testing;

import dev.headway.sse.JobEndpoints;
import dev.headway.sse.JobServlet;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Embedded Jetty 12 (ee10) with the servlet at {@code /headway/*}. */
public final class JettyHost implements Host {
  private Server server;

  @Override
  public URI serve(JobEndpoints endpoints) throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder holder = new ServletHolder(JobServlet.of(endpoints));
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/headway/*");
    server.setHandler(context);
    server.start();
    return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/headway");
  }

  @Override
  public void close() {
    if (server != null) {
      try {
        server.stop();
      } catch (Exception e) {
        throw new IllegalStateException("server did not stop", e);
      }
    }
  }

  @Override
  public String toString() {
    return "Jetty 12";
  }
}
