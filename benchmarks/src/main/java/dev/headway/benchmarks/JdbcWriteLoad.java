package dev.headway.benchmarks;

import dev.headway.jdbc.JdbcJobStore;
import dev.headway.spi.JobStore;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The jdbc-store load: many concurrent jobs, each updated many times, against H2 in file mode, PostgreSQL and
 * MariaDB, with Headway's write-behind and with a write-through baseline (one UPDATE per update), in one run. For
 * each it reports the updates per second the workers saw, the statements and row writes the database was sent, and
 * whether the database saw at most one write per job per flush interval.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.headway.benchmarks.JdbcWriteLoad --db h2,pg,maria
 * </pre>
 *
 * <p>Each database gets tables of a fresh random prefix, dropped at the end; the H2 database file is deleted.
 * Progress goes to standard error, the table of figures (Markdown) to standard output.
 */
public final class JdbcWriteLoad {
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  private JdbcWriteLoad() {}

  /**
   * Runs the load; see {@link LoadOptions#USAGE}.
   *
   * @param args the options
   * @throws Exception if a run fails
   */
  public static void main(String[] args) throws Exception {
    LoadOptions options;
    try {
      options = LoadOptions.parse(args);
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().isEmpty()) {
        System.err.println(e.getMessage());
      }
      System.err.print(LoadOptions.USAGE);
      System.exit(2);
      return;
    }
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      // HikariCP announces every pool it opens and closes; only trouble is worth a line here.
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    new JdbcWriteLoad().run(options, System.out, System.err);
  }

  private void run(LoadOptions options, PrintStream out, PrintStream log) throws Exception {
    long started = System.nanoTime();
    log.printf(Locale.ROOT, "%d jobs x %d updates, %d workers, flushInterval %d ms; %d cores, Java %s, %s %s%n",
        options.jobs(), options.updates(), options.workers(), options.flushInterval().toMillis(),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        System.getProperty("os.name"), System.getProperty("os.arch"));
    List<LoadResult> results = new ArrayList<>();

    // Warm-up, not reported: the advance path compiled before anything is measured.
    for (int i = 0; i < 3; i++) {
      HeadwayLoad.run("memory", JobStore.inMemory(), null, options, false);
    }
    if (options.reference()) {
      results.add(logged(log, HeadwayLoad.run("memory", JobStore.inMemory(), null, options, false)));
      if (options.paceSeconds() > 0) {
        results.add(logged(log, HeadwayLoad.run("memory", JobStore.inMemory(), null, options, true)));
      }
    }

    for (String name : options.databases()) {
      String prefix = newPrefix();
      try (LoadDatabase database = switch (name) {
        case "h2" -> LoadDatabase.h2File(options.h2Directory(), prefix);
        case "maria" -> LoadDatabase.mariaDb(options.mariaDbUrl());
        default -> LoadDatabase.postgres(options.pgUrl());
      }) {
        log.printf(Locale.ROOT, "%s: tables %s*%n", database.label(), prefix);
        StatementCounter counter =
            new StatementCounter(database.pool("load-headway", Math.max(2, options.workers())));
        database.dropLater(prefix + "jobs");
        database.dropLater(prefix + "schema_version");
        try (JdbcJobStore store = JdbcJobStore.builder().dataSource(counter).tablePrefix(prefix).build()) {
          results.add(logged(log, HeadwayLoad.run(database.label(), store, counter, options, false)));
          if (options.paceSeconds() > 0) {
            results.add(logged(log, HeadwayLoad.run(database.label(), store, counter, options, true)));
          }
        }
        if (options.baselineSeconds() > 0) {
          results.add(logged(log, WriteThroughLoad.run(database, prefix + "writethrough", options)));
        }
      }
    }

    out.println();
    out.print(table(results));
    out.println();
    for (LoadResult result : results) {
      out.println(notes(result));
    }
    log.printf(Locale.ROOT, "%ntotal time %.0f s%n", (System.nanoTime() - started) / 1e9);
  }

  private static LoadResult logged(PrintStream log, LoadResult result) {
    log.printf(Locale.ROOT, "  %-10s %-24s %,d updates in %.2f s%n", result.database(), result.run(),
        result.outcome().updates(), result.outcome().wallNanos() / 1e9);
    return result;
  }

  static String newPrefix() {
    SecureRandom random = new SecureRandom();
    StringBuilder prefix = new StringBuilder("load_");
    for (int i = 0; i < 8; i++) {
      prefix.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return prefix.append('_').toString();
  }

  /** The figures as a Markdown table. */
  static String table(List<LoadResult> results) {
    StringBuilder table = new StringBuilder();
    table.append("| database | run | updates | workers' time | updates/s (workers) | ns/update (worker busy)"
        + " | window | flushes | intervals | statements | db writes | db writes/update | db writes/s"
        + " | max writes/job | writes ≤ jobs × intervals | all updates take |\n");
    table.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
        + " ---: |\n");
    for (LoadResult r : results) {
      StatementCounter.Counts c = r.counts();
      boolean baseline = r.run().equals("write-through");
      table.append("| ").append(r.database())
          .append(" | ").append(r.run())
          .append(" | ").append(format("%,d", r.outcome().updates()))
          .append(" | ").append(format("%.3f s", r.outcome().wallNanos() / 1e9))
          .append(" | ").append(format("%,.0f", r.updatesPerSecond()))
          .append(" | ").append(format("%,.0f", r.busyNanosPerUpdate()))
          .append(" | ").append(format("%.3f s", r.phaseNanos() / 1e9))
          .append(" | ").append(c == null || baseline ? "—" : format("%,d", c.updateBatches()))
          .append(" | ").append(format("%,d", r.intervals()))
          .append(" | ").append(c == null ? "—" : format("%,d", c.statements()))
          .append(" | ").append(c == null ? "—" : format("%,d", c.rowsUpdated()))
          .append(" | ").append(c == null ? "—" : format("%.3f", (double) c.rowsUpdated() / r.outcome().updates()))
          .append(" | ").append(c == null ? "—" : format("%,.0f", r.writesPerSecond()))
          .append(" | ").append(c == null ? "—" : format("%,d", c.maxWritesPerId()))
          .append(" | ").append(c == null ? "—" : verdict(r, c))
          .append(" | ").append(format(r.outcome().finished() ? "%.3f s" : "%,.0f s (projected)",
              r.fullRunSeconds()))
          .append(" |\n");
    }
    return table.toString();
  }

  /**
   * Whether the database saw at most one write per job per flush interval elapsed: for the busiest job, and in
   * total. The baseline is held to it too, with the tracker's interval.
   */
  private static String verdict(LoadResult r, StatementCounter.Counts c) {
    long bound = r.jobs() * r.intervals();
    boolean met = c.maxWritesPerId() <= r.intervals() && c.rowsUpdated() <= bound;
    return format("%s: %,d %s %,d", met ? "yes" : "no", c.rowsUpdated(), c.rowsUpdated() <= bound ? "≤" : ">", bound);
  }

  private static String notes(LoadResult r) {
    StringBuilder note = new StringBuilder("- ").append(r.database()).append(", ").append(r.run()).append(": ");
    StatementCounter.Counts c = r.counts();
    if (c != null) {
      note.append(format("%,d UPDATE statements", c.updateStatements()));
      if (c.updateBatches() > 0) {
        note.append(format(" (%,d batches, largest %,d rows)", c.updateBatches(), c.maxBatchRows()));
      }
      note.append(format(", %.2f ms each on average; %,d rows sent, %,d updated; ",
          c.updateStatements() == 0 ? 0 : c.updateNanos() / 1e6 / c.updateStatements(), c.rowsSent(),
          c.rowsUpdated()));
    }
    return note.append(r.note()).toString();
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
