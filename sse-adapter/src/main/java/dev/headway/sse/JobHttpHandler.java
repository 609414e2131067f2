package dev.headway.sse;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.headway.sse.internal.HttpServerExchange;
import dev.headway.sse.internal.RequestHandler;
import java.util.Objects;

/**
 * Serves {@link JobEndpoints} from the JDK's {@code com.sun.net.httpserver.HttpServer}, for hosts without a
 * servlet container.
 *
 * <pre>{@code
 * HttpServer server = HttpServer.create(new InetSocketAddress(8080), 0);
 * server.createContext("/headway", JobHttpHandler.of(endpoints));
 * server.setExecutor(Executors.newFixedThreadPool(8));   // or virtual threads on Java 21+
 * server.start();
 * }</pre>
 *
 * <p>The handler returns at once for streams and long-polls; they are written later by the endpoints'
 * {@linkplain JobEndpoints.Builder#executor executor}. The server's writes block, so a client that stops reading
 * holds one writer thread until the heartbeat breaks its connection.
 */
public final class JobHttpHandler implements HttpHandler {
  private final RequestHandler handler;

  private JobHttpHandler(RequestHandler handler) {
    this.handler = handler;
  }

  /**
   * Creates the handler.
   *
   * @param endpoints the endpoints to serve
   * @return a handler to pass to {@code HttpServer.createContext}
   */
  public static JobHttpHandler of(JobEndpoints endpoints) {
    return new JobHttpHandler(Objects.requireNonNull(endpoints, "endpoints").handler());
  }

  @Override
  public void handle(HttpExchange exchange) {
    handler.handle(new HttpServerExchange(exchange));
  }
}
