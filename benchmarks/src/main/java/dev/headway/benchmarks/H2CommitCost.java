package dev.headway.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.headway.JobSnapshot;
import dev.headway.JobStatus;
import dev.headway.jdbc.JdbcJobStore;
import dev.headway.spi.JobWrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * What acknowledged-means-durable costs on an H2 file: one job's terminal write at a time, each its own commit, as
 * {@code complete()} writes through, with the store's setting (write delay 0: each commit written to the file before
 * it returns) and with H2's default 500 ms delay put back after the store was built.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.headway.benchmarks.H2CommitCost [writes] [rounds]
 * </pre>
 *
 * <p>Each round runs both settings on a fresh file under {@code benchmarks/target}, deleted afterwards; the first
 * round warms up and is not reported. Prints writes per second and the median and 99th percentile latency.
 */
public final class H2CommitCost {
  private static final int[] WRITE_DELAYS_MS = {0, 500};

  private H2CommitCost() {}

  /**
   * Runs the measurement.
   *
   * @param args the number of writes per run (default 3000) and of rounds (default 3)
   * @throws Exception if a run fails
   */
  public static void main(String[] args) throws Exception {
    int writes = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    for (int round = 0; round < rounds; round++) {
      for (int delay : WRITE_DELAYS_MS) {
        String figures = run(delay, writes);
        if (round > 0) {
          System.out.println("round " + round + ", WRITE_DELAY " + delay + ": " + figures);
        }
      }
    }
  }

  private static String run(int writeDelayMs, int writes) throws IOException, SQLException {
    Path directory = Files.createDirectories(Paths.get("benchmarks", "target", "h2-commit-cost"));
    String url = "jdbc:h2:file:" + directory.resolve(UUID.randomUUID().toString()).toAbsolutePath();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(2);
    try (HikariDataSource pool = new HikariDataSource(config);
        JdbcJobStore store = JdbcJobStore.builder().dataSource(pool).build()) {
      // The store turned the delay off when built; put the chosen one in its place.
      try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
        statement.execute("SET WRITE_DELAY " + writeDelayMs);
      }
      Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
      List<JobSnapshot> jobs = new ArrayList<>(writes);
      for (int i = 0; i < writes; i++) {
        JobSnapshot job = new JobSnapshot("job-" + i, "bench", "owner", null, null, JobStatus.RUNNING, 0, null, null,
            List.of(), null, null, null, null, null, false, now, now, now, null, null, null, false, null, Map.of(), 1);
        store.insert(job, null, "bench-node");
        jobs.add(job);
      }
      long[] nanos = new long[writes];
      long started = System.nanoTime();
      for (int i = 0; i < writes; i++) {
        JobSnapshot completed = jobs.get(i).toBuilder().status(JobStatus.COMPLETED).completedAt(now).version(2)
            .build();
        long before = System.nanoTime();
        if (!store.update(List.of(JobWrite.first(completed))).isEmpty()) {
          throw new IllegalStateException("the store refused " + completed.id());
        }
        nanos[i] = System.nanoTime() - before;
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      Arrays.sort(nanos);
      try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
        statement.execute("DROP ALL OBJECTS DELETE FILES");
      }
      return String.format(Locale.ROOT, "%,d single-job writes, %,.0f writes/s, median %.3f ms, p99 %.3f ms",
          writes, writes / seconds, nanos[writes / 2] / 1e6, nanos[writes * 99 / 100] / 1e6);
    }
  }
}
