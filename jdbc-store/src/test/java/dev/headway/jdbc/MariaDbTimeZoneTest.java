package dev.headway.jdbc;

import static dev.headway.testing.SnapshotBuilder.job;
import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.JobSnapshot;
import dev.headway.JobStatus;
import dev.headway.jdbc.testing.DatabaseTime;
import dev.headway.spi.StoredJob;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MariaDB's {@code DATETIME} has no zone, and {@code CURRENT_TIMESTAMP} is the session's local time: two nodes whose
 * connections run in zones 25 hours apart must still agree on what is stale and on when jobs ended (skipped without
 * HEADWAY_TEST_MARIADB_URL, failing in CI).
 */
class MariaDbTimeZoneTest {

  @RegisterExtension
  static final TestDatabase DATABASE = TestDatabase.mariaDb();

  private static final Duration A_MINUTE = Duration.ofMinutes(1);

  private JdbcJobStore node(String prefix, String zone) {
    return DATABASE.track(JdbcJobStore.builder().jdbcUrl(DATABASE.url("sessionVariables=time_zone='" + zone + "'"))
        .tablePrefix(prefix).build());
  }

  private static List<String> staleIds(JdbcJobStore store, Duration staleAfter) {
    return store.findStale(staleAfter, 100).stream().map(StoredJob::state).map(JobSnapshot::id).toList();
  }

  @Test
  void nodesInZonesFarApartAgreeOnStalenessAndEndTimes() {
    String prefix = DATABASE.newPrefix();
    JdbcJobStore east = node(prefix, "+13:00");
    JdbcJobStore west = node(prefix, "-12:00");
    JobSnapshot fromEast = job().id(UUID.randomUUID().toString()).build();
    JobSnapshot fromWest = job().id(UUID.randomUUID().toString()).build();

    east.insert(fromEast, null, "east");
    west.insert(fromWest, null, "west");

    assertThat(staleIds(east, A_MINUTE)).as("stale to the east").isEmpty();
    assertThat(staleIds(west, A_MINUTE)).as("stale to the west").isEmpty();
    DatabaseTime.await("both jobs stale to both nodes", A_MINUTE,
        () -> staleIds(east, Duration.ofMillis(1)).size() == 2 && staleIds(west, Duration.ofMillis(1)).size() == 2,
        () -> { });

    Instant endedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    JobSnapshot ended = job().id(UUID.randomUUID().toString()).status(JobStatus.COMPLETED).completedAt(endedAt)
        .build();
    west.insert(ended, null, "west");
    assertThat(east.deleteEndedBefore(endedAt, 10)).as("deleted before it ended").isZero();
    assertThat(east.deleteEndedBefore(endedAt.plusMillis(1), 10)).as("deleted after it ended").isOne();
  }
}
