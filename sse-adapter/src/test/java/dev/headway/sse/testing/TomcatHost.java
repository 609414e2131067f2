package dev.headway.sse.testing;

import dev.headway.sse.JobEndpoints;
import dev.headway.sse.JobServlet;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/** Embedded Tomcat 10.1 with the servlet at {@code /headway/*}. */
public final class TomcatHost implements Host {
  // Tomcat logs through java.util.logging; held here so the level sticks.
  private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

  private Tomcat tomcat;

  @Override
  public URI serve(JobEndpoints endpoints) throws Exception {
    TOMCAT_LOG.setLevel(Level.SEVERE);
    tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory(Files.createDirectories(Path.of("target")), "tomcat").toString());
    Connector connector = tomcat.getConnector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    Context context = tomcat.addContext("", null);
    Wrapper wrapper = Tomcat.addServlet(context, "headway", JobServlet.of(endpoints));
    wrapper.setAsyncSupported(true);
    context.addServletMappingDecoded("/headway/*", "headway");
    tomcat.start();
    return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/headway");
  }

  @Override
  public void close() {
    if (tomcat != null) {
      try {
        tomcat.stop();
        tomcat.destroy();
      } catch (Exception e) {
        throw new IllegalStateException("server did not stop", e);
      }
    }
  }

  @Override
  public String toString() {
    return "Tomcat 10.1";
  }
}
