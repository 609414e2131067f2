package dev.headway.examples.minimal;

import com.sun.net.httpserver.HttpServer;
import dev.headway.Job;
import dev.headway.JobSpec;
import dev.headway.ProgressTracker;
import dev.headway.sse.JobEndpoints;
import dev.headway.sse.JobHttpHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headway in one file: the JDK's HttpServer, the in-memory store, a slow job and a page that watches it live.
 * Every visitor is "guest"; {@code POST /start} starts a job, the page follows it with {@code headway.js}.
 * Copy it, then replace the simulated work with yours.
 *
 * <p>The JDK server reads each request head on a thread of its executor, and that read blocks: a client that sends
 * half a head (slowly, or never the rest) holds one thread. So the executor has {@value #REQUEST_THREADS} threads,
 * created as needed and gone when idle (a 4-thread pool froze with 8 such clients), and the server drops a head not
 * read within {@value #HEAD_TIMEOUT_SECONDS} s. Streams and long-polls hold no request thread (Headway writes them
 * from its own). For a public site, put a reverse proxy that buffers request heads in front (nginx does), or use
 * Jetty or Tomcat, whose reads do not block a thread.
 */
public final class MinimalExample implements AutoCloseable {
  /** Request threads: far more than honest clients need at once, a few hundred KB of stack while in use. */
  static final int REQUEST_THREADS = 100;
  /** How long the JDK server waits for a request head, in seconds. */
  static final int HEAD_TIMEOUT_SECONDS = 10;

  static {
    // Read once, when the JDK server's configuration loads: set before the first HttpServer is made.
    System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", String.valueOf(HEAD_TIMEOUT_SECONDS));
  }

  private static final String PAGE = """
      <!doctype html><meta charset="utf-8"><title>Headway minimal</title>
      <button id="start">Start a job</button> <progress id="bar" max="100" value="0"></progress> <span id="text"></span>
      <script type="module">
        import { watchJob } from '/progress/headway.js';
        document.getElementById('start').onclick = async () => {
          const { id } = await (await fetch('/start', { method: 'POST' })).json();
          watchJob('/progress', id, {
            update(job) { bar.value = job.percent; text.textContent = `${job.status} ${Math.floor(job.percent)}% ${job.message ?? ''}`; },
          });
        };
      </script>
      """;

  private final ProgressTracker tracker = ProgressTracker.builder().build(); // in-memory store
  private final JobEndpoints endpoints = JobEndpoints.builder(tracker).principal(request -> "guest").build();
  private final ExecutorService workers = Executors.newFixedThreadPool(2);
  private final ThreadPoolExecutor requests = requestPool();
  private final HttpServer server;

  /**
   * Starts the server.
   *
   * @param port the port on 127.0.0.1, 0 for any free one
   * @throws IOException if the port cannot be opened
   */
  public MinimalExample(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/progress", JobHttpHandler.of(endpoints)); // the Headway endpoints and headway.js
    server.createContext("/start", exchange -> {
      Job job = tracker.start(JobSpec.builder("report", "guest").step("collect", 1).step("render", 3).build());
      workers.execute(() -> work(job));
      byte[] body = ("{\"id\":\"" + job.id() + "\"}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(202, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.createContext("/", exchange -> {
      byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.setExecutor(requests);
    server.start();
  }

  /** Up to REQUEST_THREADS threads, started on demand, ended after 30 s idle; requests beyond wait in line. */
  private static ThreadPoolExecutor requestPool() {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(REQUEST_THREADS, REQUEST_THREADS, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), task -> {
          Thread thread = new Thread(task, "minimal-http-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** The slow work: two steps, reported as it goes. */
  private static void work(Job job) {
    try (job) { // leaving without complete() ends the job FAILED, never stuck "running"
      job.startStep("collect");
      for (int i = 1; i <= 5; i++) {
        job.message("Collecting data " + i + " of 5");
        Thread.sleep(200);
        job.progress(i, 5);
      }
      job.startStep("render");
      for (int i = 1; i <= 10; i++) {
        job.checkpoint(); // ends here if someone cancelled it
        job.message("Rendering page " + i + " of 10");
        Thread.sleep(200);
        job.progress(i, 10);
      }
      job.complete("{\"pages\": 10}");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Returns the port.
   *
   * @return the port the server listens on
   */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    endpoints.close();
    server.stop(0);
    requests.shutdown();
    workers.shutdownNow();
    tracker.close();
  }

  /**
   * Runs the example until Ctrl-C.
   *
   * @param args optionally the port (default 8081)
   * @throws IOException if the port cannot be opened
   */
  public static void main(String[] args) throws IOException {
    MinimalExample example = new MinimalExample(args.length > 0 ? Integer.parseInt(args[0]) : 8081);
    Runtime.getRuntime().addShutdownHook(new Thread(example::close));
    System.out.println("Headway minimal example: http://127.0.0.1:" + example.port() + "/");
  }
}
