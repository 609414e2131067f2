package dev.headway.benchmarks;

import dev.headway.Job;
import dev.headway.JobFilter;
import dev.headway.JobSnapshot;
import dev.headway.JobSpec;
import dev.headway.ProgressTracker;
import dev.headway.Subscription;
import dev.headway.jdbc.JdbcJobStore;
import dev.headway.jdbc.JdbcPollingBus;
import dev.headway.jdbc.PostgresClusterBus;
import dev.headway.spi.ClusterBus;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The cluster bus load: update-to-observer latency across two nodes on one PostgreSQL database, next to an
 * observer that polls the database, and the NOTIFY rate the database sees.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.headway.benchmarks.ClusterLatencyLoad
 * </pre>
 *
 * <p>Two trackers, A and B, in this JVM, each with its own {@link JdbcJobStore} (own pool), its own node id and the
 * PostgreSQL cluster bus a PostgreSQL store brings by default (built here explicitly, with default settings, only to
 * read its {@link PostgresClusterBus#notificationsSent()}). Jobs are started on A, and workers on A advance each
 * job by one, {@code rate} times a second. Update {@code n} of a job takes it to {@code done = n}, and the time of
 * each update is kept per job and value. B's subscriber ({@code subscribe(JobFilter.owner(...))}) and the polling
 * observer take, for every state they see whose {@code done} is newer than the last they saw of that job, the
 * latency receive time − time of update {@code done}: an update merged into a later one is observed when that later
 * state arrives, and counts once, as that state. A third, raw {@code LISTEN} connection counts the notifications
 * the database delivers on the store's channel.
 *
 * <p>With {@code --bus polling} both nodes use {@link JdbcPollingBus} instead (with default settings), on PostgreSQL
 * or, with {@code --db mariadb}, on MariaDB. With {@code --jobs 0} nothing moves: the run only counts what the
 * buses cost an idle cluster. Statements and rows read are counted on both nodes' pools with
 * {@link StatementCounter}.
 *
 * <p>Tables of a fresh random prefix, dropped at the end. Progress to standard error, the tables (Markdown) to
 * standard output.
 */
public final class ClusterLatencyLoad {
  static final String USAGE = """
      usage: java -cp benchmarks/target/benchmarks.jar dev.headway.benchmarks.ClusterLatencyLoad [options]
        --jobs N          jobs started on tracker A; 0 = an idle cluster              [1000]
        --rate N          updates per job per second                                  [10]
        --seconds S       how long the workers update                                 [20]
        --workers N       worker threads on A sharing the jobs                        [2]
        --poll-ms N       the polling observer's interval                             [2000]
        --flush-ms N      the trackers' flushInterval; unset = the tracker's default  [default, 200]
        --bus B           pg (LISTEN/NOTIFY) or polling (JdbcPollingBus)              [pg]
        --db D            pg or mariadb (polling only)                                [pg]
        --pg-url URL      [jdbc:postgresql://127.0.0.1:5432/test?user=postgres]
        --mariadb-url URL [jdbc:mariadb://127.0.0.1:3306/test?user=root]
      """;

  private final int jobs;
  private final int rate;
  private final double seconds;
  private final int workers;
  private final long pollMs;
  private final Duration flushInterval;
  private final String pgUrl;
  private final String mariaDbUrl;
  private final boolean polling;
  private final boolean onMariaDb;

  private ClusterLatencyLoad(Map<String, String> options) {
    jobs = (int) LoadOptions.nonNegative("--jobs", options.getOrDefault("--jobs", "1000"));
    rate = LoadOptions.positive("--rate", options.getOrDefault("--rate", "10"));
    seconds = LoadOptions.nonNegative("--seconds", options.getOrDefault("--seconds", "20"));
    workers = LoadOptions.positive("--workers", options.getOrDefault("--workers", "2"));
    pollMs = LoadOptions.positive("--poll-ms", options.getOrDefault("--poll-ms", "2000"));
    flushInterval = options.containsKey("--flush-ms")
        ? Duration.ofMillis(LoadOptions.positive("--flush-ms", options.get("--flush-ms"))) : null;
    pgUrl = options.getOrDefault("--pg-url", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    mariaDbUrl = options.getOrDefault("--mariadb-url", "jdbc:mariadb://127.0.0.1:3306/test?user=root");
    polling = switch (options.getOrDefault("--bus", "pg")) {
      case "pg" -> false;
      case "polling" -> true;
      default -> throw new IllegalArgumentException("--bus is pg or polling");
    };
    onMariaDb = switch (options.getOrDefault("--db", "pg")) {
      case "pg" -> false;
      case "mariadb" -> true;
      default -> throw new IllegalArgumentException("--db is pg or mariadb");
    };
    if (onMariaDb && !polling) {
      throw new IllegalArgumentException("MariaDB has no LISTEN/NOTIFY: use --bus polling");
    }
    if (rounds() < 1) {
      throw new IllegalArgumentException("--seconds × --rate gives no update");
    }
  }

  /**
   * Runs the load; see {@link #USAGE}.
   *
   * @param args the options
   * @throws Exception if the run fails
   */
  public static void main(String[] args) throws Exception {
    ClusterLatencyLoad load;
    try {
      Map<String, String> options = new HashMap<>();
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("--help") || args[i].equals("-h") || !USAGE.contains(" " + args[i] + " ")) {
          throw new IllegalArgumentException(args[i].startsWith("-h") || args[i].equals("--help") ? ""
              : "unknown option " + args[i]);
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("missing the value of " + args[i]);
        }
        options.put(args[i], args[++i]);
      }
      load = new ClusterLatencyLoad(options);
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().isEmpty()) {
        System.err.println(e.getMessage());
      }
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    load.run(System.out, System.err);
  }

  private int rounds() {
    return (int) Math.round(seconds * rate);
  }

  private void run(PrintStream out, PrintStream log) throws Exception {
    long started = System.nanoTime();
    int rounds = rounds();
    String prefix = JdbcWriteLoad.newPrefix();
    String owner = "cluster-" + prefix;
    log.printf(Locale.ROOT, "%s bus on %s; %d jobs x %d updates/s for %s s (%d rounds), %d workers,"
        + " flushInterval %s, poll every %d ms; %d cores, Java %s; tables %s*%n", polling ? "polling" : "pg",
        onMariaDb ? "MariaDB" : "PostgreSQL", jobs, rate, LoadOptions.seconds(seconds), rounds, workers,
        flushInterval == null ? "default" : flushInterval.toMillis() + " ms", pollMs,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), prefix);

    try (LoadDatabase database = onMariaDb ? LoadDatabase.mariaDb(mariaDbUrl) : LoadDatabase.postgres(pgUrl)) {
      database.dropLater(prefix + "jobs");
      database.dropLater(prefix + "schema_version");
      StatementCounter counterA = new StatementCounter(database.pool("cluster-a", 2));
      StatementCounter counterB = new StatementCounter(database.pool("cluster-b", 2));
      try (JdbcJobStore storeA = JdbcJobStore.builder().dataSource(counterA).tablePrefix(prefix).build();
          JdbcJobStore storeB = JdbcJobStore.builder().dataSource(counterB).tablePrefix(prefix).build();
          // The hand-rolled poller's own store and pool, so that B's counts are B's tracker and bus only.
          JdbcJobStore storeP = JdbcJobStore.builder().dataSource(database.pool("cluster-poller", 1))
              .tablePrefix(prefix).build();
          NotificationCounter raw = polling ? null : new NotificationCounter(pgUrl, (prefix + "jobs").toLowerCase(Locale.ROOT))) {
        ClusterBus busA = bus(storeA);
        ClusterBus busB = bus(storeB);
        ProgressTracker a = tracker(storeA, "node-a-" + prefix, busA);
        ProgressTracker b = tracker(storeB, "node-b-" + prefix, busB);
        try {
          await(() -> busA.connected() && busB.connected(), Duration.ofSeconds(15), "both buses listen");
          if (jobs == 0) {
            idle(out, log, counterA, counterB, busA, raw);
          } else {
            measure(out, log, a, b, owner, rounds, storeP, counterA, counterB, busA, busB, raw);
          }
        } finally {
          a.close();
          b.close();
        }
      }
    }
    log.printf(Locale.ROOT, "%ntotal time %.0f s%n", (System.nanoTime() - started) / 1e9);
  }

  private ClusterBus bus(JdbcJobStore store) {
    return polling ? JdbcPollingBus.builder(store).build() : PostgresClusterBus.builder(store).build();
  }

  private static long sent(ClusterBus bus) {
    return bus instanceof PostgresClusterBus pg ? pg.notificationsSent() : 0;
  }

  /** No job moves: what the buses cost an idle cluster over the window. */
  private void idle(PrintStream out, PrintStream log, StatementCounter counterA, StatementCounter counterB,
      ClusterBus busA, NotificationCounter raw) throws InterruptedException {
    // Long enough for a polling bus to reach its longest interval.
    Thread.sleep(5_000);
    counterA.reset();
    counterB.reset();
    long notices0 = sent(busA);
    log.printf(Locale.ROOT, "idle for %s s...%n", LoadOptions.seconds(seconds));
    long start = System.nanoTime();
    Thread.sleep((long) (seconds * 1000));
    long window = System.nanoTime() - start;
    out.println();
    out.print(costTable(window, counterA.counts(), counterB.counts(), sent(busA) - notices0,
        raw != null ? raw.count() : 0));
  }

  private void measure(PrintStream out, PrintStream log, ProgressTracker a, ProgressTracker b, String owner,
      int rounds, JdbcJobStore pollerStore, StatementCounter counterA, StatementCounter counterB, ClusterBus busA,
      ClusterBus busB, NotificationCounter raw) throws Exception {
    StateObserver pushed = new StateObserver(jobs, rounds);
    StateObserver polled = new StateObserver(jobs, rounds);
    Map<String, Integer> index = new HashMap<>();
    Subscription subscription = b.subscribe(JobFilter.owner(owner),
        event -> pushed.saw(event.job(), System.nanoTime()));
    try {
      Job[] handles = new Job[jobs];
      for (int i = 0; i < jobs; i++) {
        handles[i] = a.start(JobSpec.builder("cluster-load", owner).total(rounds).build());
        index.put(handles[i].id(), i);
      }
      pushed.index(index);
      polled.index(index);
      a.flush();
      Thread.sleep(2_500); // the jobs' creation reaches B before anything is measured
      counterA.reset();
      counterB.reset();
      long notices0 = sent(busA);
      long noticesB0 = sent(busB);
      if (raw != null) {
        raw.reset();
      }

      RowPoller poller = new RowPoller(pollerStore, List.copyOf(index.keySet()), polled, pollMs);
      poller.start();
      AtomicLongArray sent = new AtomicLongArray(jobs * rounds);
      pushed.sendTimes(sent);
      polled.sendTimes(sent);
      log.printf(Locale.ROOT, "running %s s...%n", LoadOptions.seconds(seconds));
      Workers.Outcome outcome = Workers.run(workers, jobs, rounds, 1_000_000_000L / rate, 0,
          (job, round) -> {
            sent.set(job * rounds + round - 1, System.nanoTime());
            handles[job].advance(1);
          });
      long flushStart = System.nanoTime();
      a.flush();
      long window = outcome.wallNanos() + System.nanoTime() - flushStart;
      StatementCounter.Counts counts = counterA.counts();
      StatementCounter.Counts countsB = counterB.counts();
      long notices = sent(busA) - notices0;
      long noticesB = sent(busB) - noticesB0;
      boolean complete = await(() -> pushed.finals() == jobs, Duration.ofSeconds(10), null);
      long delivered = raw != null ? raw.count() : 0;
      // One more poll after the end, so the poller sees the final states too.
      Thread.sleep(pollMs + 500);
      poller.stop();
      log.printf(Locale.ROOT, "B's subscriber saw the final state of %d of %d jobs%s%n", pushed.finals(),
          jobs, complete ? "" : " within 10 s of the end");

      out.println();
      out.print(latencyTable(outcome, pushed, polled));
      out.println();
      if (!polling) {
        out.print(notifyTable(outcome, window, counts, notices, noticesB, delivered));
        out.println();
      }
      out.print(costTable(window, counts, countsB, notices, delivered));
      for (Job job : handles) {
        job.complete();
      }
    } finally {
      subscription.close();
    }
  }

  /** The database work of each node over the window, and the NOTIFYs. */
  private String costTable(long window, StatementCounter.Counts a, StatementCounter.Counts b, long notices,
      long delivered) {
    double s = window / 1e9;
    StringBuilder table = new StringBuilder();
    table.append("| bus | database | jobs | window | A: SELECTs/s | A: rows read/s | A: UPDATE statements/s"
        + " | B: SELECTs/s | B: rows read/s | NOTIFYs sent/s | delivered/s |\n");
    table.append("| --- | --- ").append("| ---: ".repeat(9)).append("|\n");
    table.append("| ").append(polling ? "polling" : "LISTEN/NOTIFY")
        .append(" | ").append(onMariaDb ? "MariaDB" : "PostgreSQL")
        .append(" | ").append(format("%,d", jobs))
        .append(" | ").append(format("%.1f s", s))
        .append(" | ").append(format("%.1f", a.queries() / s))
        .append(" | ").append(format("%,.0f", a.rowsRead() / s))
        .append(" | ").append(format("%.1f", a.updateStatements() / s))
        .append(" | ").append(format("%.1f", b.queries() / s))
        .append(" | ").append(format("%,.0f", b.rowsRead() / s))
        .append(" | ").append(polling ? "—" : format("%.1f", notices / s))
        .append(" | ").append(polling ? "—" : format("%.1f", delivered / s))
        .append(" |\n");
    return table.toString();
  }

  private ProgressTracker tracker(JdbcJobStore store, String nodeId, ClusterBus bus) {
    ProgressTracker.Builder builder = ProgressTracker.builder().store(store).nodeId(nodeId).clusterBus(bus);
    if (flushInterval != null) {
      builder.flushInterval(flushInterval);
    }
    return builder.build();
  }

  private static boolean await(BooleanSupplier condition, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        if (what != null) {
          throw new IllegalStateException("not within " + timeout + ": " + what);
        }
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  private String latencyTable(Workers.Outcome outcome, StateObserver pushed, StateObserver polled) {
    StringBuilder table = new StringBuilder();
    table.append("| observer on B | updates made | states seen | seen / made | p50 | p90 | p99 | max"
        + " | every update: p50 | p99 | max | out of order | final state seen |\n");
    table.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    row(table, polling ? "subscriber, polling bus" : "subscriber, LISTEN/NOTIFY bus", outcome, pushed);
    row(table, "poll every " + LoadOptions.seconds(pollMs / 1000.0) + " s", outcome, polled);
    return table.toString();
  }

  private void row(StringBuilder table, String name, Workers.Outcome outcome, StateObserver observer) {
    long[] latencies = observer.latencies();
    Arrays.sort(latencies);
    long[] updates = observer.updateLatencies();
    Arrays.sort(updates);
    table.append("| ").append(name)
        .append(" | ").append(format("%,d", outcome.updates()))
        .append(" | ").append(format("%,d", latencies.length))
        .append(" | ").append(format("%.3f", (double) latencies.length / Math.max(1, outcome.updates())))
        .append(" | ").append(millis(latencies, 0.50))
        .append(" | ").append(millis(latencies, 0.90))
        .append(" | ").append(millis(latencies, 0.99))
        .append(" | ").append(millis(latencies, 1.0))
        .append(" | ").append(millis(updates, 0.50))
        .append(" | ").append(millis(updates, 0.99))
        .append(" | ").append(millis(updates, 1.0))
        .append(" | ").append(format("%,d", observer.outOfOrder()))
        .append(" | ").append(format("%,d / %,d", observer.finals(), jobs))
        .append(" |\n");
  }

  private static String millis(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return "—";
    }
    int i = (int) Math.ceil(quantile * sorted.length) - 1;
    return format("%,.0f ms", sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6);
  }

  private String notifyTable(Workers.Outcome outcome, long window, StatementCounter.Counts counts, long notices,
      long noticesB, long delivered) {
    double s = window / 1e9;
    StringBuilder table = new StringBuilder();
    table.append("| window | updates | updates/s | flushes (A's UPDATE batches) | flushes/s | rows written"
        + " | flush batch, mean | between flushes, mean | NOTIFYs sent by A | NOTIFYs/s | NOTIFYs / flush"
        + " | NOTIFYs / update | delivered on the channel"
        + " | sent by B |\n");
    table.append("| ---: ".repeat(14) + "|\n");
    table.append("| ").append(format("%.1f s", s))
        .append(" | ").append(format("%,d", outcome.updates()))
        .append(" | ").append(format("%,.0f", outcome.updates() / s))
        .append(" | ").append(format("%,d", counts.updateBatches()))
        .append(" | ").append(format("%.2f", counts.updateBatches() / s))
        .append(" | ").append(format("%,d", counts.rowsUpdated()))
        .append(" | ").append(format("%.0f ms", counts.updateNanos() / 1e6 / Math.max(1, counts.updateStatements())))
        .append(" | ").append(format("%.0f ms", s * 1000 / Math.max(1, counts.updateBatches())))
        .append(" | ").append(format("%,d", notices))
        .append(" | ").append(format("%.1f", notices / s))
        .append(" | ").append(format("%.2f", (double) notices / Math.max(1, counts.updateBatches())))
        .append(" | ").append(format("%.5f", (double) notices / Math.max(1, outcome.updates())))
        .append(" | ").append(format("%,d", delivered))
        .append(" | ").append(format("%,d", noticesB))
        .append(" |\n");
    return table.toString();
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }



}
