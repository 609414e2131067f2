package dev.headway.jdbc.durability;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.headway.JobSnapshot;
import dev.headway.JobStatus;
import dev.headway.jdbc.JdbcJobStore;
import dev.headway.spi.JobWrite;
import dev.headway.testing.SnapshotBuilder;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The process {@link AcknowledgedWritesSurviveKillTest} kills: opens a store on an H2 file and writes jobs until it
 * is killed, printing each write after the store acknowledged it.
 *
 * <p>Each job is inserted, written running at version 2, and completed at version 3; after each call returns, a
 * line {@code <what> <id> <version> .} goes to standard output. The trailing dot tells a whole line from one cut
 * off by the kill.
 */
public final class AcknowledgingWriter {
  static final String NODE = "writer";

  private AcknowledgingWriter() {}

  /**
   * Writes until killed.
   *
   * @param args the H2 JDBC URL, the table prefix, and {@code owned} for a pool the store creates or {@code host}
   *     for a host's pool whose URL does not turn H2's write delay off
   */
  public static void main(String[] args) {
    String url = args[0];
    String prefix = args[1];
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    JdbcJobStore.Builder builder = JdbcJobStore.builder().tablePrefix(prefix);
    if (args[2].equals("host")) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(url);
      builder.dataSource(new HikariDataSource(config));
    } else {
      builder.jdbcUrl(url);
    }
    JdbcJobStore store = builder.build();
    out.println("ready .");
    while (true) {
      Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
      JobSnapshot queued = SnapshotBuilder.job().id(UUID.randomUUID().toString()).status(JobStatus.QUEUED)
          .startedAt(null).createdAt(now).updatedAt(now).build();
      store.insert(queued, null, NODE);
      out.println("inserted " + queued.id() + " 1 .");
      JobSnapshot running = SnapshotBuilder.from(queued).status(JobStatus.RUNNING).startedAt(now).percent(50)
          .version(2).build();
      requireApplied(store.update(List.of(JobWrite.first(running))).isEmpty(), running);
      out.println("running " + running.id() + " 2 .");
      JobSnapshot completed = SnapshotBuilder.from(running).status(JobStatus.COMPLETED).completedAt(now)
          .percent(100).version(3).build();
      requireApplied(store.update(List.of(JobWrite.first(completed))).isEmpty(), completed);
      out.println("completed " + completed.id() + " 3 .");
    }
  }

  private static void requireApplied(boolean applied, JobSnapshot state) {
    if (!applied) {
      throw new IllegalStateException("the store refused " + state.id() + " at version " + state.version());
    }
  }
}
