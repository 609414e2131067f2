package dev.headway.jdbc;

import static dev.headway.testing.SnapshotBuilder.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.headway.DurationStats;
import dev.headway.JobFilter;
import dev.headway.JobSnapshot;
import dev.headway.JobStats;
import dev.headway.JobStatus;
import dev.headway.LogLevel;
import dev.headway.LogLine;
import dev.headway.json.JobJson;
import dev.headway.spi.JobWrite;
import dev.headway.spi.LogAppend;
import dev.headway.spi.StoredJob;
import dev.headway.testing.SnapshotBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** How a store creates and checks its tables, on a real database. */
abstract class SchemaContract {

  /** The schema scripts, oldest first. */
  private static final List<String> SCRIPTS = List.of("V1__headway_jobs.sql", "V2__headway_holder_epoch.sql",
      "V3__headway_changes_index.sql", "V4__headway_log_and_stats.sql");

  /** The tables the scripts create besides the version table. */
  private static final List<String> TABLES = List.of("jobs", "job_log", "job_steps");

  /** The database of the concrete test class. */
  protected abstract TestDatabase database();

  private long versionRows(String prefix) throws SQLException {
    return database().queryLong("SELECT COUNT(*) FROM " + prefix + "schema_version");
  }

  private static JobSnapshot newJob() {
    return job().id(UUID.randomUUID().toString()).build();
  }

  /** The scripts' statements with the prefix put in, as the store and Flyway split them: one list per version. */
  private List<List<String>> scripts(String prefix) throws IOException {
    List<List<String>> scripts = new ArrayList<>();
    for (String name : SCRIPTS) {
      String text = script(name).replace("${prefix}", prefix);
      scripts.add(Jdbi.create(database().url()).withHandle(h -> h.createScript(text).getStatements()));
    }
    return scripts;
  }

  private String script(String name) throws IOException {
    String resource = database().scriptFolder() + "/" + name;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Runs statements one by one, each committed on its own: what a run cut off after the last of them left. */
  private void runCommittingEach(List<String> statements) {
    Jdbi.create(database().url()).useHandle(h -> statements.forEach(h::execute));
  }

  /** Checks that a store works on its tables: insert, write, find stale, take over, read. */
  private void assertUsable(JdbcJobStore store) {
    JobSnapshot job = newJob();
    store.insert(job, "key-" + job.id(), "node-a");
    JobSnapshot running = SnapshotBuilder.from(job).version(2).percent(50).build();
    assertThat(store.update(List.of(JobWrite.first(running)))).isEmpty();
    JobWrite ending = new JobWrite(SnapshotBuilder.from(running).version(3).status(JobStatus.FAILED)
        .completedAt(running.updatedAt()).build(), JobWrite.FIRST_EPOCH);
    assertThat(store.takeOver("node-b", Duration.ofDays(-1), List.of(ending))).containsExactly(ending.state());
    assertThat(store.find(job.id())).contains(ending.state());
  }

  @Test
  void creatingTwiceIsANoOpThatKeepsTheJobs() throws SQLException {
    String prefix = database().newPrefix();
    JdbcJobStore first = database().track(database().builder(prefix).build());
    JobSnapshot job = newJob();
    first.insert(job, null, "node-a");

    JdbcJobStore second = database().track(database().builder(prefix).schema(SchemaMode.CREATE).build());

    assertThat(second.find(job.id())).contains(job);
    assertThat(versionRows(prefix)).isEqualTo(SCRIPTS.size());
  }

  @Test
  void storesStartingTogetherOnAnEmptyDatabaseAllSucceed() throws Exception {
    int stores = 4;
    ExecutorService pool = Executors.newFixedThreadPool(stores);
    try {
      for (int round = 0; round < 5; round++) {
        String prefix = database().newPrefix();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<JdbcJobStore>> built = new ArrayList<>();
        for (int i = 0; i < stores; i++) {
          built.add(pool.submit(() -> {
            go.await();
            return database().track(database().builder(prefix).build());
          }));
        }
        go.countDown();
        for (Future<JdbcJobStore> store : built) {
          JobSnapshot job = newJob();
          store.get(30, TimeUnit.SECONDS).insert(job, null, "node-" + round);
          assertThat(store.get().find(job.id())).contains(job);
        }
        assertThat(versionRows(prefix)).as("each script ran once").isEqualTo(SCRIPTS.size());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void validatePassesOnACreatedSchema() {
    String prefix = database().newPrefix();
    database().track(database().builder(prefix).build());

    JdbcJobStore validated = database().track(database().builder(prefix).schema(SchemaMode.VALIDATE).build());

    assertUsable(validated);
  }

  @Test
  void validateOnAnEmptyDatabaseSaysWhatIsMissingAndWhatToDo() {
    String prefix = database().newPrefix();

    assertThatThrownBy(() -> database().builder(prefix).schema(SchemaMode.VALIDATE).build())
        .isInstanceOf(JdbcStoreException.class)
        .hasMessageContaining("no Headway schema for table prefix '" + prefix + "'")
        .hasMessageContaining(prefix + "schema_version is missing or empty")
        .hasMessageContaining("SchemaMode.CREATE")
        .hasMessageContaining(database().scriptFolder());
  }

  @Test
  void aSchemaNewerThanTheLibraryIsRefused() throws SQLException {
    String prefix = database().newPrefix();
    database().track(database().builder(prefix).build());
    database().execute("INSERT INTO " + prefix + "schema_version (version, description) VALUES (5, 'from the future')");

    for (SchemaMode mode : List.of(SchemaMode.VALIDATE, SchemaMode.CREATE)) {
      assertThatThrownBy(() -> database().builder(prefix).schema(mode).build())
          .as("schema mode %s", mode)
          .isInstanceOf(JdbcStoreException.class)
          .hasMessageContaining("is at version 5, newer than version 4 that this Headway knows; upgrade Headway");
    }
  }

  @Test
  void noneTrustsTheHostAndChecksNothing() {
    String prefix = database().newPrefix();

    JdbcJobStore trusting = database().track(database().builder(prefix).schema(SchemaMode.NONE).build());

    assertThatThrownBy(() -> trusting.find("any"))
        .as("the missing table shows on first use")
        .isInstanceOf(JdbcStoreException.class)
        .hasMessageStartingWith("could not find job any");
  }

  @Test
  void theShippedScriptsRunByAMigrationToolPassValidation() throws IOException {
    String prefix = database().newPrefix();

    // What Flyway does with the placeholder "prefix" set: each script as a whole.
    for (String name : SCRIPTS) {
      String script = script(name).replace("${prefix}", prefix);
      Jdbi.create(database().url()).useHandle(h -> h.createScript(script).execute());
    }

    assertUsable(database().track(database().builder(prefix).schema(SchemaMode.VALIDATE).build()));
  }

  @Test
  void anUpgradeFromVersionOneKeepsTheJobsAsStaleJobsAtTheFirstEpoch() throws Exception {
    assumeTrue(database().hasVersionOneTables(), "this database's scripts came after version 2: nothing to upgrade");
    String prefix = database().newPrefix();
    runCommittingEach(scripts(prefix).get(0));
    JobSnapshot job = job().id(UUID.randomUUID().toString()).message("from version 1").build();
    insertVersionOneRow(prefix, job);

    JdbcJobStore upgraded = database().track(database().builder(prefix).build());

    assertThat(versionRows(prefix)).isEqualTo(SCRIPTS.size());
    assertThat(upgraded.find(job.id())).contains(job);
    assertThat(upgraded.findStale(Duration.ZERO, 10))
        .containsExactly(new StoredJob(job, "before-schema-2", JobWrite.FIRST_EPOCH));
    assertUsable(upgraded);
  }

  /** A row as a version 1 store wrote it, heartbeat columns included. */
  private void insertVersionOneRow(String prefix, JobSnapshot job) throws SQLException {
    OffsetDateTime at = job.updatedAt().atOffset(ZoneOffset.UTC);
    try (Connection connection = DriverManager.getConnection(database().url());
        PreparedStatement insert = connection.prepareStatement("INSERT INTO " + prefix + "jobs (id, type, owner,"
            + " status, version, created_at, updated_at, heartbeat_at, heartbeat_node, alive_at, snapshot)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, job.id());
      insert.setString(2, job.type());
      insert.setString(3, job.owner());
      insert.setString(4, job.status().wireName());
      insert.setLong(5, job.version());
      insert.setObject(6, job.createdAt().atOffset(ZoneOffset.UTC));
      insert.setObject(7, at);
      insert.setObject(8, at);
      insert.setString(9, "node-v1");
      insert.setObject(10, at);
      insert.setString(11, new String(JobJson.writeBytes(job), StandardCharsets.UTF_8));
      insert.executeUpdate();
    }
  }

  @Test
  void anUpgradeFromVersionThreeCountsOlderEndedJobsByOutcomeWithoutDurations() throws Exception {
    String prefix = database().newPrefix();
    List<List<String>> scripts = scripts(prefix);
    for (int version = 1; version <= 3; version++) {
      runCommittingEach(scripts.get(version - 1));
    }
    Instant start = Instant.parse("2026-05-01T10:00:00Z");
    JobSnapshot old = job().id(UUID.randomUUID().toString()).owner("v3-owner").startedAt(start).updatedAt(start)
        .status(JobStatus.COMPLETED).completedAt(start.plusSeconds(5)).version(2).build();
    JobSnapshot active = job().id(UUID.randomUUID().toString()).owner("v3-owner").startedAt(start)
        .updatedAt(start).build();
    insertVersionThreeRow(prefix, old);
    insertVersionThreeRow(prefix, active);

    JdbcJobStore upgraded = database().track(database().builder(prefix).build());

    assertThat(versionRows(prefix)).isEqualTo(SCRIPTS.size());
    assertThat(upgraded.find(old.id())).contains(old);
    JobStats before = upgraded.stats(JobFilter.owner("v3-owner"), start);
    assertThat(before.completed()).isEqualTo(1);
    assertThat(before.duration()).isEqualTo(DurationStats.NONE);
    LogLine line = new LogLine(active.id(), 1, null, LogLevel.INFO, start.plusSeconds(1), "after the upgrade");
    JobSnapshot end = SnapshotBuilder.from(active).version(active.version() + 1).status(JobStatus.COMPLETED)
        .completedAt(start.plusSeconds(3)).logSeq(1).build();
    assertThat(upgraded.update(List.of(new JobWrite(end, JobWrite.FIRST_EPOCH,
        new LogAppend(List.of(line), Map.of()))))).isEmpty();
    JobStats after = upgraded.stats(JobFilter.owner("v3-owner"), start);
    assertThat(after.completed()).isEqualTo(2);
    assertThat(after.duration().count()).as("only the job that ended after the upgrade").isEqualTo(1);
    assertThat(upgraded.readLog(active.id(), 0, 10)).containsExactly(line);
    assertThat(upgraded.readLog(old.id(), 0, 10)).isEmpty();
    assertUsable(upgraded);
  }

  /** A row as a version 3 store wrote it, held by node-v3 at the first epoch. */
  private void insertVersionThreeRow(String prefix, JobSnapshot job) throws SQLException {
    try (Connection connection = DriverManager.getConnection(database().url());
        PreparedStatement insert = connection.prepareStatement("INSERT INTO " + prefix + "jobs (id, type, owner,"
            + " status, version, created_at, started_at, updated_at, completed_at, alive_at, holder, epoch,"
            + " snapshot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'node-v3', 1, ?)")) {
      insert.setString(1, job.id());
      insert.setString(2, job.type());
      insert.setString(3, job.owner());
      insert.setString(4, job.status().wireName());
      insert.setLong(5, job.version());
      insert.setObject(6, time(job.createdAt()));
      insert.setObject(7, time(job.startedAt()));
      insert.setObject(8, time(job.updatedAt()));
      insert.setObject(9, time(job.completedAt()));
      insert.setObject(10, time(job.updatedAt()));
      insert.setString(11, new String(JobJson.writeBytes(job), StandardCharsets.UTF_8));
      insert.executeUpdate();
    }
  }

  /** A time as the database's columns take it: with a zone, or a UTC date-time on MariaDB. */
  private Object time(Instant at) {
    if (at == null) {
      return null;
    }
    return database().timesHaveZones() ? at.atOffset(ZoneOffset.UTC) : at.atOffset(ZoneOffset.UTC).toLocalDateTime();
  }

  @Test
  void aCreationCutOffAfterAnyStatementIsFinishedByTheNextBuild() throws Exception {
    String reference = database().newPrefix();
    database().track(database().builder(reference).build());
    List<String> complete = describeTables(reference);

    List<List<String>> scripts = scripts("${prefix}");
    for (int version = 1; version <= scripts.size(); version++) {
      for (int done = 0; done < scripts.get(version - 1).size(); done++) {
        String prefix = database().newPrefix();
        List<List<String>> own = scripts(prefix);
        for (int earlier = 1; earlier < version; earlier++) {
          runCommittingEach(own.get(earlier - 1));
        }
        runCommittingEach(own.get(version - 1).subList(0, done));

        JdbcJobStore store = database().track(database().builder(prefix).build());

        String cutOff = "script V" + version + " cut off after " + done + " statements";
        assertThat(describeTables(prefix)).as(cutOff)
            .containsExactlyElementsOf(complete.stream().map(line -> line.replace(reference, prefix)).toList());
        assertThat(versionRows(prefix)).as(cutOff).isEqualTo(SCRIPTS.size());
        assertUsable(store);
      }
    }
  }

  /** Describes every table of a prefix but the version table, each line naming its table without the prefix. */
  private List<String> describeTables(String prefix) throws SQLException {
    List<String> description = new ArrayList<>();
    for (String table : TABLES) {
      database().describe(prefix + table).forEach(line -> description.add(table + ": " + line));
    }
    return description;
  }
}
