package dev.headway.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * The write-through baseline, as hand-rolled trackers do it: a table {@code (id, done, updated_at)} with one row
 * per job, and one autocommitted {@code UPDATE} per update, each on a connection borrowed from a HikariCP pool of
 * as many connections as there are workers. The workers run flat out until every job has all its updates or the
 * time budget runs out.
 */
final class WriteThroughLoad {
  private WriteThroughLoad() {}

  /**
   * Runs it.
   *
   * @param database the database
   * @param table the table to create (dropped with the database's clean-up)
   * @param options the load
   * @return the figures
   * @throws Exception if the table cannot be made or an update failed
   */
  static LoadResult run(LoadDatabase database, String table, LoadOptions options) throws Exception {
    HikariDataSource pool = database.pool("load-write-through", options.workers());
    database.dropLater(table);
    LoadDatabase.execute(pool, "CREATE TABLE " + table
        + " (id VARCHAR(64) PRIMARY KEY, done BIGINT NOT NULL, updated_at TIMESTAMP NOT NULL)");
    String[] ids = new String[options.jobs()];
    try (Connection connection = pool.getConnection();
        PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO " + table + " (id, done, updated_at) VALUES (?, 0, ?)")) {
      for (int i = 0; i < ids.length; i++) {
        ids[i] = UUID.randomUUID().toString();
        insert.setString(1, ids[i]);
        insert.setTimestamp(2, Timestamp.from(Instant.now()));
        insert.addBatch();
      }
      insert.executeBatch();
    }

    StatementCounter counter = new StatementCounter(pool);
    counter.watch(Set.of(ids));
    counter.reset();
    String update = "UPDATE " + table + " SET done = ?, updated_at = ? WHERE id = ?";
    Workers.Outcome outcome = Workers.run(options.workers(), ids.length, options.updates(), 0,
        (long) (options.baselineSeconds() * 1e9), (job, round) -> {
          try (Connection connection = counter.getConnection();
              PreparedStatement statement = connection.prepareStatement(update)) {
            statement.setLong(1, round);
            statement.setTimestamp(2, Timestamp.from(Instant.now()));
            statement.setString(3, ids[job]);
            statement.executeUpdate();
          }
        });
    StatementCounter.Counts counts = counter.counts();
    long target = (long) ids.length * options.updates();
    String note = outcome.finished()
        ? "all updates done within the budget"
        : String.format(Locale.ROOT, "budget of %s s ran out after %,d of %,d updates; the full run is projected",
            LoadOptions.seconds(options.baselineSeconds()), outcome.updates(), target);
    return new LoadResult(database.label(), "write-through", ids.length, target, outcome, outcome.wallNanos(),
        options.flushInterval().toNanos(), counts, note);
  }
}
