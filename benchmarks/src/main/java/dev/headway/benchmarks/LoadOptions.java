package dev.headway.benchmarks;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The command line of {@link JdbcWriteLoad}.
 *
 * @param databases which databases, in order: {@code h2}, {@code pg}, {@code maria}
 * @param jobs how many jobs
 * @param updates how many updates each job gets
 * @param workers how many worker threads share the jobs
 * @param paceSeconds how long the paced Headway run should last, or 0 to skip it
 * @param baselineSeconds the time budget of the write-through baseline on each database, or 0 to skip it
 * @param flushInterval the tracker's flush interval
 * @param pgUrl the PostgreSQL JDBC URL
 * @param mariaDbUrl the MariaDB (or MySQL) JDBC URL
 * @param h2Directory where the H2 database file goes
 * @param reference whether to run the in-memory store as a reference first
 */
record LoadOptions(List<String> databases, int jobs, int updates, int workers, double paceSeconds,
    double baselineSeconds, Duration flushInterval, String pgUrl, String mariaDbUrl, Path h2Directory,
    boolean reference) {

  /** The local PostgreSQL of the loads. */
  static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  /** The local MariaDB of the loads. */
  static final String MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/test?user=root";

  static final String USAGE = """
      usage: java -cp benchmarks/target/benchmarks.jar dev.headway.benchmarks.JdbcWriteLoad [options]
        --db h2,pg              databases to load, in order (h2 = H2 file mode, pg = PostgreSQL,    [h2,pg]
                                maria = MariaDB)
        --jobs N                concurrent jobs                                                     [1000]
        --updates N             updates (advance(1)) per job                                        [1000]
        --workers N             worker threads sharing the jobs                                     [2]
        --pace SECONDS          length of the paced Headway run; 0 skips it                         [5]
        --baseline-seconds N    time budget of the write-through baseline per database; 0 skips it  [20]
        --flush-ms N            the tracker's flushInterval (its default is 200)                    [200]
        --pg-url URL            [jdbc:postgresql://127.0.0.1:5432/test?user=postgres]
        --mariadb-url URL       [jdbc:mariadb://127.0.0.1:3306/test?user=root]
        --h2-dir DIR            where the H2 file goes (deleted at the end)                         [benchmarks/target]
        --no-reference          skip the in-memory store reference runs
      """;

  static LoadOptions parse(String... args) {
    List<String> databases = List.of("h2", "pg");
    int jobs = 1000;
    int updates = 1000;
    int workers = 2;
    double pace = 5;
    double baseline = 20;
    long flushMs = 200;
    String pgUrl = PG_URL;
    String mariaDbUrl = MARIADB_URL;
    Path h2Directory = Path.of("benchmarks", "target");
    boolean reference = true;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--no-reference")) {
        reference = false;
        continue;
      }
      if (option.equals("--help") || option.equals("-h")) {
        throw new IllegalArgumentException("");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing the value of " + option);
      }
      String value = args[++i];
      switch (option) {
        case "--db" -> databases = List.of(value.toLowerCase(Locale.ROOT).split(","));
        case "--jobs" -> jobs = positive(option, value);
        case "--updates" -> updates = positive(option, value);
        case "--workers" -> workers = positive(option, value);
        case "--pace" -> pace = nonNegative(option, value);
        case "--baseline-seconds" -> baseline = nonNegative(option, value);
        case "--flush-ms" -> flushMs = positive(option, value);
        case "--pg-url" -> pgUrl = value;
        case "--mariadb-url" -> mariaDbUrl = value;
        case "--h2-dir" -> h2Directory = Path.of(value);
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
    }
    for (String database : databases) {
      if (!List.of("h2", "pg", "maria").contains(database)) {
        throw new IllegalArgumentException("--db takes h2, pg and maria, was " + database);
      }
    }
    return new LoadOptions(databases, jobs, updates, workers, pace, baseline, Duration.ofMillis(flushMs), pgUrl,
        mariaDbUrl, h2Directory, reference);
  }

  static int positive(String option, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " takes a positive whole number, was " + value);
  }

  static double nonNegative(String option, String value) {
    try {
      double n = Double.parseDouble(value);
      if (n >= 0 && Double.isFinite(n)) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " takes a number of seconds, 0 or more, was " + value);
  }

  /** Seconds as given, without trailing zeros: {@code 5}, {@code 0.5}. */
  static String seconds(double seconds) {
    return BigDecimal.valueOf(seconds).stripTrailingZeros().toPlainString();
  }

  long paceNanosPerRound() {
    return (long) (paceSeconds * 1e9 / updates);
  }
}
