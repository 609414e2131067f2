package dev.headway.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.headway.JobFilter;
import dev.headway.JobSnapshot;
import dev.headway.JobStatus;
import dev.headway.StepSnapshot;
import dev.headway.StepStatus;
import dev.headway.jdbc.JdbcJobStore;
import dev.headway.json.JobJson;
import dev.headway.spi.DurationHistogram;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * What {@code JdbcJobStore.stats} costs on a million ended jobs: fills fresh tables with jobs ended over the last 30
 * days, across {@code owners} owners and 5 types, three steps each, then times {@code stats} for one owner, one type
 * and everything over 7 days, and everything over 1 day, and prints the plans of its two queries.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.headway.benchmarks.StatsLoad h2|pg|maria [jobs] [owners] [runs]
 * </pre>
 *
 * <p>Defaults: 1,000,000 jobs, 1,000 owners, 9 timed runs per query after 2 untimed ones; each run of the owner and
 * type queries asks for another owner or type. The tables are filled with plain SQL batches (the rows a store's
 * terminal write leaves: duration columns set, counted steps in the steps table), analyzed, and dropped at the end.
 * PostgreSQL and MariaDB are reached at {@code HEADWAY_TEST_PG_URL} and {@code HEADWAY_TEST_MARIADB_URL}, else at
 * the local defaults of the other loads.
 */
public final class StatsLoad {
  private static final String PREFIX = "bench_stats_";
  private static final int TYPES = 5;
  private static final int BATCH = 5_000;
  private static final String[] STEPS = {"fetch", "transform", "load"};

  private StatsLoad() {}

  /**
   * Runs the measurement.
   *
   * @param args database, jobs, owners, timed runs
   * @throws Exception when the database fails
   */
  public static void main(String[] args) throws Exception {
    String db = args.length > 0 ? args[0] : "h2";
    int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int owners = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
    int runs = args.length > 3 ? Integer.parseInt(args[3]) : 9;
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    try (LoadDatabase database = switch (db) {
      case "h2" -> LoadDatabase.h2File(Path.of("benchmarks", "target"), PREFIX);
      case "maria" -> LoadDatabase.mariaDb(env("HEADWAY_TEST_MARIADB_URL", LoadOptions.MARIADB_URL));
      case "pg" -> LoadDatabase.postgres(env("HEADWAY_TEST_PG_URL", LoadOptions.PG_URL) + "&reWriteBatchedInserts=true");
      default -> throw new IllegalArgumentException("database must be h2, pg or maria, was " + db);
    }) {
      for (String table : List.of("job_log", "job_steps", "jobs", "schema_version", "schema_lock")) {
        database.dropLater(PREFIX + table);
      }
      HikariDataSource pool = database.pool("stats-load", 2);
      for (String table : List.of("job_log", "job_steps", "jobs", "schema_version", "schema_lock")) {
        LoadDatabase.execute(pool, "DROP TABLE IF EXISTS " + PREFIX + table);
      }
      JdbcJobStore store = JdbcJobStore.builder().dataSource(pool).tablePrefix(PREFIX).build();
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      long fillStart = System.nanoTime();
      fill(pool, db, jobs, owners, now);
      analyze(pool, db);
      System.out.printf(Locale.ROOT, "%s: filled %,d jobs (%,d owners, %d types, %d steps each) in %.0f s%n",
          database.label(), jobs, owners, TYPES, STEPS.length, (System.nanoTime() - fillStart) / 1e9);

      Instant week = now.minus(Duration.ofDays(7));
      Instant day = now.minus(Duration.ofDays(1));
      int[] next = {0};
      Map<String, Supplier<JobFilter>> cases = new LinkedHashMap<>();
      cases.put("one owner, 7 days", () -> JobFilter.owner("owner-" + (next[0]++ * 37 % owners)));
      cases.put("one type, 7 days", () -> JobFilter.all().withType("type-" + (next[0]++ % TYPES)));
      cases.put("everything, 7 days", JobFilter::all);
      cases.put("everything, 1 day", JobFilter::all);
      for (Map.Entry<String, Supplier<JobFilter>> c : cases.entrySet()) {
        Instant since = c.getKey().endsWith("1 day") ? day : week;
        long[] nanos = new long[runs];
        long ended = 0;
        for (int run = -2; run < runs; run++) {
          JobFilter filter = c.getValue().get();
          long start = System.nanoTime();
          // A millisecond on per run: H2 would otherwise answer a repeated query from its result cache.
          ended = store.stats(filter, since.plusMillis(run + 2)).ended();
          if (run >= 0) {
            nanos[run] = System.nanoTime() - start;
          }
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%s: stats %-20s %,9d jobs  median %8.1f ms  (min %.1f, max %.1f)%n",
            database.label(), c.getKey(), ended, nanos[runs / 2] / 1e6, nanos[0] / 1e6, nanos[runs - 1] / 1e6);
      }
      System.out.printf(Locale.ROOT, "load average %.2f%n",
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      explain(pool, db, "owner = 'owner-1' AND ", week);
      explain(pool, db, "type = 'type-1' AND ", week);
      explain(pool, db, "", week);
      store.close();
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value != null ? value : fallback;
  }

  /** Jobs ended uniformly over the 30 days before {@code now}: 90% completed, 7% failed, 3% cancelled. */
  private static void fill(HikariDataSource pool, String db, int jobs, int owners, Instant now) throws SQLException {
    String snapshot = new String(JobJson.writeBytes(sample()), StandardCharsets.UTF_8);
    SplittableRandom random = new SplittableRandom(15);
    long window = Duration.ofDays(30).toMillis();
    try (Connection connection = pool.getConnection();
        PreparedStatement job = connection.prepareStatement("INSERT INTO " + PREFIX + "jobs (id, type, owner,"
            + " status, version, created_at, started_at, updated_at, completed_at, alive_at, holder, epoch,"
            + " cancel_requested, duration_ms, duration_bucket, snapshot)"
            + " VALUES (?, ?, ?, ?, 3, ?, ?, ?, ?, ?, 'bench', 1, FALSE, ?, ?, ?)");
        PreparedStatement step = connection.prepareStatement("INSERT INTO " + PREFIX + "job_steps (job_id, name,"
            + " outcome, duration_ms, duration_bucket, owner, type, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      connection.setAutoCommit(false);
      for (int i = 0; i < jobs; i++) {
        String id = String.format(Locale.ROOT, "stats-%09d", i);
        String type = "type-" + random.nextInt(TYPES);
        String owner = "owner-" + random.nextInt(owners);
        int roll = random.nextInt(100);
        JobStatus status = roll < 90 ? JobStatus.COMPLETED : roll < 97 ? JobStatus.FAILED : JobStatus.CANCELLED;
        long ms = 500 + (long) Math.exp(random.nextDouble() * Math.log(600_000));
        Instant completed = now.minusMillis(random.nextLong(window));
        Instant started = completed.minusMillis(ms);
        job.setString(1, id);
        job.setString(2, type);
        job.setString(3, owner);
        job.setString(4, status.wireName());
        for (int column = 5; column <= 9; column++) {
          job.setObject(column, time(db, column == 8 || column == 9 ? completed : started));
        }
        job.setLong(10, ms);
        job.setInt(11, DurationHistogram.bucketOf(ms));
        job.setString(12, snapshot);
        job.addBatch();
        int counted = status == JobStatus.COMPLETED ? STEPS.length : status == JobStatus.FAILED ? 2 : 1;
        for (int s = 0; s < counted; s++) {
          boolean failedStep = status == JobStatus.FAILED && s == counted - 1;
          long stepMs = ms / STEPS.length;
          step.setString(1, id);
          step.setString(2, STEPS[s]);
          step.setString(3, (failedStep ? StepStatus.FAILED : StepStatus.COMPLETED).wireName());
          step.setLong(4, stepMs);
          step.setInt(5, DurationHistogram.bucketOf(stepMs));
          step.setString(6, owner);
          step.setString(7, type);
          step.setObject(8, time(db, completed));
          step.addBatch();
        }
        if ((i + 1) % BATCH == 0 || i == jobs - 1) {
          job.executeBatch();
          step.executeBatch();
          connection.commit();
        }
      }
    }
  }

  /** A time as the columns take it: with a zone on H2 and PostgreSQL, a UTC date-time on MariaDB. */
  private static Object time(String db, Instant at) {
    OffsetDateTime utc = at.atOffset(ZoneOffset.UTC);
    return db.equals("maria") ? utc.toLocalDateTime() : utc;
  }

  /** What a bulk load leaves to the database's own upkeep: statistics, and PostgreSQL's visibility map. */
  private static void analyze(HikariDataSource pool, String db) throws SQLException {
    for (String table : List.of("jobs", "job_steps")) {
      LoadDatabase.execute(pool, switch (db) {
        case "pg" -> "VACUUM ANALYZE " + PREFIX + table;
        case "maria" -> "ANALYZE TABLE " + PREFIX + table;
        default -> "ANALYZE TABLE " + PREFIX + table;
      });
    }
  }

  /** Prints the plans of the two queries {@code stats} runs, as {@code StatsSql} writes them. */
  private static void explain(HikariDataSource pool, String db, String condition, Instant since) throws SQLException {
    String explain = switch (db) {
      case "pg" -> "EXPLAIN (ANALYZE, BUFFERS) ";
      case "maria" -> "EXPLAIN ";
      default -> "EXPLAIN ANALYZE ";
    };
    List<String> queries = List.of(
        "SELECT status, duration_bucket, COUNT(*), COALESCE(SUM(duration_ms), 0) FROM " + PREFIX + "jobs WHERE "
            + condition + "completed_at >= ? AND status NOT IN ('queued', 'running')"
            + " GROUP BY status, duration_bucket",
        "SELECT name, outcome, duration_bucket, COUNT(*), COALESCE(SUM(duration_ms), 0) FROM " + PREFIX
            + "job_steps WHERE " + condition + "completed_at >= ? GROUP BY name, outcome, duration_bucket");
    try (Connection connection = pool.getConnection()) {
      for (String query : queries) {
        List<String> plan = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(explain + query)) {
          statement.setObject(1, time(db, since));
          try (ResultSet rows = statement.executeQuery()) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
              List<String> row = new ArrayList<>();
              for (int column = 1; column <= columns; column++) {
                row.add(rows.getMetaData().getColumnLabel(column) + "=" + rows.getString(column));
              }
              plan.add(columns == 1 ? rows.getString(1) : String.join(" ", row));
            }
          }
        }
        System.out.println("-- " + query.replace(PREFIX, "") + "\n" + String.join("\n", plan));
      }
    }
  }

  /** A job as a tracker ends it: a few attributes and three completed steps, for a snapshot of a realistic size. */
  private static JobSnapshot sample() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    List<StepSnapshot> steps = new ArrayList<>();
    for (String name : STEPS) {
      steps.add(new StepSnapshot(name, 1, StepStatus.COMPLETED, 100, 100L, 100L, "done", t, t.plusSeconds(10), null));
    }
    return new JobSnapshot("sample", "import", "owner-1", null, null, JobStatus.COMPLETED, 100, null, null, steps,
        null, null, null, null, null, false, t, t, t.plusSeconds(30), t.plusSeconds(30), null, null, false, null,
        Map.of("file", "customers-2026-01.csv", "rows", "100000"), 3);
  }
}
