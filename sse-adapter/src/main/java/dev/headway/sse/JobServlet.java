package dev.headway.sse;

import dev.headway.sse.internal.RequestHandler;
import dev.headway.sse.internal.ServletExchange;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Objects;

/**
 * Serves {@link JobEndpoints} from a Jakarta Servlet 6 container. Mount it under any path with a wildcard and with
 * async support on; the endpoints answer below that path.
 *
 * <pre>{@code
 * // Jetty 12 (ee10)
 * ServletHolder holder = new ServletHolder(JobServlet.of(endpoints));
 * holder.setAsyncSupported(true);
 * context.addServlet(holder, "/headway/*");
 *
 * // Tomcat 10.1
 * Wrapper wrapper = Tomcat.addServlet(context, "headway", JobServlet.of(endpoints));
 * wrapper.setAsyncSupported(true);
 * context.addServletMappingDecoded("/headway/*", "headway");
 * }</pre>
 *
 * <p>Streams and long-polls run in async mode and write non-blocking: no container thread is held while a stream
 * is open or a long-poll waits.
 */
public final class JobServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** Not serializable; a container that restores sessions never serializes a servlet. */
  private final transient RequestHandler handler;

  private JobServlet(RequestHandler handler) {
    this.handler = handler;
  }

  /**
   * Creates the servlet.
   *
   * @param endpoints the endpoints to serve
   * @return a servlet for the container
   */
  public static JobServlet of(JobEndpoints endpoints) {
    return new JobServlet(Objects.requireNonNull(endpoints, "endpoints").handler());
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) {
    handler.handle(new ServletExchange(request, response));
  }
}
