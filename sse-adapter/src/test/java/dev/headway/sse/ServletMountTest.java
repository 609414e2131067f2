package dev.headway.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.Job;
import dev.headway.JobSpec;
import dev.headway.ProgressTracker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The servlet answers below wherever it is mounted: under a context path and a nested mapping, or as "/". */
class ServletMountTest {
  private final ProgressTracker tracker = ProgressTracker.builder().build();
  private final JobEndpoints endpoints =
      JobEndpoints.builder(tracker).principal(request -> request.header("X-User")).build();
  private Server server;

  @AfterEach
  void stop() throws Exception {
    endpoints.close();
    server.stop();
    tracker.close();
  }

  private URI serve(String contextPath, String mapping) throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath(contextPath);
    ServletHolder holder = new ServletHolder(JobServlet.of(endpoints));
    holder.setAsyncSupported(true);
    context.addServlet(holder, mapping);
    server.setHandler(context);
    server.start();
    return URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  private static int status(URI uri) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).header("X-User", "alice").build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void underAContextPathAndANestedMapping() throws Exception {
    Job job = tracker.start(JobSpec.builder("article", "alice").build());
    URI root = serve("/app", "/api/progress/*");
    assertThat(status(root.resolve("/app/api/progress/jobs/" + job.id()))).isEqualTo(200);
    assertThat(status(root.resolve("/app/api/progress/headway.js"))).isEqualTo(200);
    assertThat(status(root.resolve("/app/api/progress/nothing"))).isEqualTo(404);
  }

  @Test
  void asTheDefaultServlet() throws Exception {
    Job job = tracker.start(JobSpec.builder("article", "alice").build());
    URI root = serve("/", "/");
    assertThat(status(root.resolve("/jobs/" + job.id()))).isEqualTo(200);
    assertThat(status(root.resolve("/headway.js"))).isEqualTo(200);
  }
}
