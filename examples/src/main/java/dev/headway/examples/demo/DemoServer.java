package dev.headway.examples.demo;

import dev.headway.ProgressTracker;
import dev.headway.jdbc.JdbcJobStore;
import dev.headway.jdbc.JdbcPollingBus;
import dev.headway.sse.JobEndpoints;
import dev.headway.sse.JobServlet;
import jakarta.servlet.DispatcherType;
import java.net.BindException;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Locale;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * The Headway demo: Jetty 12 hosting the Headway endpoints at {@code /progress}, a {@link JdbcJobStore} (an H2 file
 * under {@code ./data/} unless {@code --db} says otherwise), a small worker pool running simulated AI work, the
 * demo's own API at {@code /demo} and its pages at {@code /}.
 *
 * <p>Run it with {@code ./demo} from the repository root. Everything is built here and closed in {@link #close()},
 * in the order a host would: streams, web server, workers, tracker (flushes), store.
 */
public final class DemoServer implements AutoCloseable {
  /** H2's error code for a database file that another process holds open. */
  private static final int H2_DATABASE_ALREADY_OPEN = 90020;

  private final JdbcJobStore store;
  private final ProgressTracker tracker;
  private final Workers workers;
  private final JobEndpoints endpoints;
  private final Server server;
  private final ServerConnector connector;

  private DemoServer(DemoOptions options) throws Exception {
    store = JdbcJobStore.builder().jdbcUrl(withoutH2ExitHook(options.jdbcUrl())).build(); // creates its tables
    ProgressTracker.Builder trackerBuilder = ProgressTracker.builder().store(store);
    if (withoutNotify(options.jdbcUrl())) {
      // Several demo servers on one MariaDB/MySQL database follow each other's jobs through its change index.
      trackerBuilder.clusterBus(JdbcPollingBus.builder(store).build());
    }
    workers = new Workers(6);
    Pace pace = new Pace(options.speed());
    Generation generation = new Generation(pace);
    generation.registerRetries(trackerBuilder, workers); // POST /progress/jobs/{id}/retry runs them
    tracker = trackerBuilder.build();
    endpoints = JobEndpoints.builder(tracker).principal(DemoUser::of).build();
    Scenarios scenarios = new Scenarios(tracker, workers, generation, pace);

    server = new Server();
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(options.port());
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.setBaseResource(ResourceFactory.of(context).newClassLoaderResource("dev/headway/examples/demo/web/"));

    FilterHolder guests = new FilterHolder(new GuestCookie());
    guests.setAsyncSupported(true); // the streams behind it go async
    context.addFilter(guests, "/*", EnumSet.of(DispatcherType.REQUEST));

    ServletHolder progress = new ServletHolder("headway", JobServlet.of(endpoints));
    progress.setAsyncSupported(true); // streams and long-polls hold no container thread
    context.addServlet(progress, "/progress/*");
    context.addServlet(new ServletHolder("demo", new DemoApi(scenarios, tracker)), "/demo/*");
    ServletHolder pages = new ServletHolder("pages", DefaultServlet.class);
    pages.setInitParameter("dirAllowed", "false");
    context.addServlet(pages, "/");

    server.setHandler(context);
    server.setStopTimeout(2000);
  }

  /**
   * Starts the demo.
   *
   * @param options port, database and speed
   * @return the running demo; close it to stop
   * @throws Exception if the database or the port cannot be opened
   */
  public static DemoServer start(DemoOptions options) throws Exception {
    DemoServer demo = new DemoServer(options);
    try {
      demo.server.start();
      return demo;
    } catch (Exception e) {
      demo.close();
      throw e;
    }
  }

  /**
   * Returns the demo's address.
   *
   * @return for example {@code http://127.0.0.1:8080/}
   */
  public String url() {
    return "http://127.0.0.1:" + connector.getLocalPort() + "/";
  }

  /**
   * Returns how many Headway streams are open, for tests: one per browser, whatever its tabs and jobs.
   *
   * @return the count
   */
  public int openStreams() {
    return endpoints.openStreams();
  }

  /** Whether the database has no LISTEN/NOTIFY of its own (PostgreSQL's bus is the store's default). */
  private static boolean withoutNotify(String jdbcUrl) {
    return jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:");
  }

  /** Stops the demo: open streams, web server, workers (unfinished jobs end failed), tracker, store. */
  @Override
  public void close() {
    endpoints.close();
    try {
      server.stop();
    } catch (Exception e) {
      System.err.println("Jetty did not stop cleanly: " + e);
    }
    workers.close();
    tracker.close();
    store.close();
  }

  /**
   * Says in one line why the demo could not start and what to do about it.
   *
   * @param e what start() threw
   * @param options what it was started with
   * @return the message for the console
   */
  static String whyNotStarted(Throwable e, DemoOptions options) {
    Throwable root = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && (sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN
          || String.valueOf(sql.getMessage()).contains("already in use"))) {
        String port = options.port() == 0 ? "" : " --port " + (options.port() + 1);
        return "The database " + options.jdbcUrl() + " is in use by another ./demo (or another program): stop that"
            + " one, or start this one with its own file, e.g. ./demo" + port + " --db jdbc:h2:file:./data/headway-demo-2";
      }
      if (t instanceof BindException) {
        return "Port " + options.port() + " is in use: stop what listens there, or start with --port "
            + (options.port() + 1);
      }
      root = t;
    }
    return "The demo could not start: " + root.getClass().getSimpleName() + ": "
        + String.valueOf(root.getMessage()).lines().findFirst().orElse("");
  }

  /** H2 closes its databases in a shutdown hook of its own; ours must flush first, so H2 waits for close(). */
  private static String withoutH2ExitHook(String jdbcUrl) {
    return jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.toUpperCase(Locale.ROOT).contains("DB_CLOSE_ON_EXIT")
        ? jdbcUrl + ";DB_CLOSE_ON_EXIT=FALSE" : jdbcUrl;
  }

  /**
   * Runs the demo until Ctrl-C.
   *
   * @param args {@code [--port 8080] [--db jdbc-url] [--speed factor]}
   * @throws Exception if the demo cannot start
   */
  public static void main(String[] args) throws Exception {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    DemoServer demo;
    try {
      demo = start(options);
    } catch (Exception e) {
      System.err.println(whyNotStarted(e, options)); // one line: what to do, not a stack trace
      System.exit(1);
      return;
    }
    // The application owns its lifetime: Ctrl-C closes everything it built (the library registers no hooks).
    Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "demo-stop"));
    System.out.println("Headway demo: " + demo.url() + "   (Ctrl-C to stop; jobs are kept in " + options.jdbcUrl() + ")");
    demo.server.join();
  }
}
