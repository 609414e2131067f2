package dev.headway.benchmarks.streams;

import dev.headway.Job;
import dev.headway.JobSnapshot;
import dev.headway.JobSpec;
import dev.headway.ProgressTracker;
import dev.headway.sse.JobEndpoints;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The server side of the stream load, in a process of its own: a tracker on the in-memory store with {@code --jobs}
 * running jobs, each advanced {@code --rate} times a second by a few worker threads, served on the chosen host.
 * Every job belongs to one owner, {@value #PRINCIPAL}, which the load client names in its {@code X-User} header,
 * and the per-principal stream cap is raised so one principal may hold them all.
 *
 * <p>It writes the job ids to {@code --ids-file}, prints {@code PORT <n>}, then a {@code stats} line every few
 * seconds. On standard input it takes {@code mark} (start the CPU and peak-thread window) and {@code report} (a full
 * GC, then one {@code REPORT} line); closing standard input stops it.
 */
public final class StreamLoadServer {
  /** The one owner of every job, and the principal the client sends. */
  static final String PRINCIPAL = "load";
  /** Units per job: more than a run can advance, so no job ends during a run. */
  private static final long TOTAL = 1_000_000_000L;
  private static final int BACKLOG = 4096;
  private static final String USAGE = """
      usage: java -Xmx512m -cp benchmarks/target/benchmarks.jar dev.headway.benchmarks.streams.StreamLoadServer
        --host jdk|jetty|plain   JDK HttpServer + JobHttpHandler, Jetty 12 + JobServlet, or the baseline   [jdk]
        --jobs N                 running jobs                                                            [1000]
        --rate N                 updates per second per job; 0 for none                                  [10]
        --workers N              worker threads making the updates                                       [2]
        --stats-seconds N        how often to print a stats line                                         [5]
        --ids-file PATH          where to write the job ids, one a line                                  [required]
      """;

  private StreamLoadServer() {}

  /**
   * Runs the server until its standard input closes.
   *
   * @param args see {@code --help}
   * @throws Exception if the server cannot start
   */
  public static void main(String[] args) throws Exception {
    Args options = Args.parse(args, USAGE);
    String hostName = options.text("--host", "jdk");
    int jobs = options.integer("--jobs", 1000, 1);
    int rate = options.integer("--rate", 10, 0);
    int workers = options.integer("--workers", 2, 1);
    int statsSeconds = options.integer("--stats-seconds", 5, 1);
    String idsFile = options.text("--ids-file", null);
    if (idsFile == null) {
      throw new IllegalArgumentException("--ids-file is required\n" + USAGE);
    }

    ProcessStats stats = new ProcessStats();
    List<AutoCloseable> resources = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    StreamHost host;
    JobUpdater updater;
    if (hostName.equals("plain")) {
      PlainSseServer plain = new PlainSseServer(jobs, templateSnapshot(), BACKLOG);
      for (int i = 0; i < jobs; i++) {
        ids.add(PlainSseServer.jobId(i));
      }
      host = plain;
      updater = new JobUpdater(jobs, rate, workers, plain::update);
    } else {
      ProgressTracker tracker = ProgressTracker.builder().build();
      resources.add(tracker);
      Job[] running = new Job[jobs];
      for (int i = 0; i < jobs; i++) {
        running[i] = tracker.start(JobSpec.builder("load", PRINCIPAL).total(TOTAL).build());
        ids.add(running[i].id());
      }
      JobEndpoints endpoints = JobEndpoints.builder(tracker)
          .principal(request -> request.header("X-User"))
          .maxStreamsPerPrincipal(Integer.MAX_VALUE) // the default (20) would refuse the load client at once
          .maxStreams(Integer.MAX_VALUE) // measure where the machine gives out, not the default cap (10,000)
          .build();
      host = switch (hostName) {
        case "jdk" -> new JdkStreamHost(endpoints, BACKLOG);
        case "jetty" -> new JettyStreamHost(endpoints, BACKLOG);
        default -> throw new IllegalArgumentException("--host takes jdk, jetty or plain, was " + hostName);
      };
      updater = new JobUpdater(jobs, rate, workers, i -> running[i].advance(1));
    }
    resources.add(0, host);
    resources.add(0, updater);
    // What the jobs and the idle host hold, so the report can tell what the streams add.
    double heapBaseMb = ProcessStats.heapAfterGcMb();
    double directBaseMb = ProcessStats.directMb();
    Files.write(Path.of(idsFile), ids, StandardCharsets.UTF_8);
    System.out.println("PORT " + host.port());

    ScheduledExecutorService printer = Executors.newSingleThreadScheduledExecutor();
    printer.scheduleAtFixedRate(() -> System.out.println(String.format(Locale.ROOT,
        "stats host=%s streams=%d threads=%d heapUsedMb=%.0f cores=%.2f updates=%d load=%s", hostName,
        host.openStreams(), stats.liveThreads(), ProcessStats.heapUsedMb(), stats.cores(), updater.updates(),
        ProcessStats.loadAverage())), statsSeconds, statsSeconds, TimeUnit.SECONDS);

    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String command;
    while ((command = commands.readLine()) != null) {
      switch (command.trim()) {
        case "mark" -> {
          stats.mark();
          System.out.println("MARKED");
        }
        case "report" -> {
          // Read CPU and threads before the GC, which would add its own.
          double cores = stats.cores();
          int threads = stats.liveThreads();
          int peak = stats.peakThreads();
          int headway = stats.liveThreads("headway-");
          System.out.println(String.format(Locale.ROOT,
              "REPORT cores=%.3f threads=%d headwayThreads=%d peakThreads=%d heapAfterGcMb=%.1f heapBaseMb=%.1f "
                  + "directMb=%.1f directBaseMb=%.1f streams=%d updates=%d failures=%d",
              cores, threads, headway, peak, ProcessStats.heapAfterGcMb(), heapBaseMb, ProcessStats.directMb(),
              directBaseMb, host.openStreams(),
              updater.updates(), updater.failures()));
        }
        default -> System.out.println("unknown command " + command);
      }
    }
    printer.shutdown();
    for (AutoCloseable resource : resources) {
      resource.close();
    }
  }

  /** A snapshot of a job shaped like the load's, for the baseline's frames. */
  private static JobSnapshot templateSnapshot() {
    try (ProgressTracker tracker = ProgressTracker.builder().build()) {
      Job job = tracker.start(JobSpec.builder("load", PRINCIPAL).total(TOTAL).build());
      job.advance(1);
      return job.snapshot();
    }
  }
}
