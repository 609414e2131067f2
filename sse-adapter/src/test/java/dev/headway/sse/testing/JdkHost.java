package dev.headway.sse.testing;

import com.sun.net.httpserver.HttpServer;
import dev.headway.sse.JobEndpoints;
import dev.headway.sse.JobHttpHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The JDK's HttpServer with the handler at context {@code /headway}. */
public final class JdkHost implements Host {
  private HttpServer server;
  private ExecutorService executor;

  @Override
  public URI serve(JobEndpoints endpoints) throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/headway", JobHttpHandler.of(endpoints));
    executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/headway");
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "JDK HttpServer";
  }
}
