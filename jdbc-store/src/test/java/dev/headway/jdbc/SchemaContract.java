package dev.headway.jdbc;

import static dev.headway.testing.SnapshotBuilder.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headway.JobSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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

  /** The database of the concrete test class. */
  protected abstract TestDatabase database();

  private long versionRows(String prefix) throws SQLException {
    return database().queryLong("SELECT COUNT(*) FROM " + prefix + "schema_version");
  }

  private static JobSnapshot newJob() {
    return job().id(UUID.randomUUID().toString()).build();
  }

  @Test
  void creatingTwiceIsANoOpThatKeepsTheJobs() throws SQLException {
    String prefix = database().newPrefix();
    JdbcJobStore first = database().track(database().builder(prefix).build());
    JobSnapshot job = newJob();
    first.insert(job, null);

    JdbcJobStore second = database().track(database().builder(prefix).schema(SchemaMode.CREATE).build());

    assertThat(second.find(job.id())).contains(job);
    assertThat(versionRows(prefix)).isEqualTo(1);
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
          store.get(30, TimeUnit.SECONDS).insert(job, null);
          assertThat(store.get().find(job.id())).contains(job);
        }
        assertThat(versionRows(prefix)).as("the script ran once").isEqualTo(1);
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

    JobSnapshot job = newJob();
    validated.insert(job, null);
    assertThat(validated.find(job.id())).contains(job);
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
    database().execute("INSERT INTO " + prefix + "schema_version (version, description) VALUES (2, 'from the future')");

    for (SchemaMode mode : List.of(SchemaMode.VALIDATE, SchemaMode.CREATE)) {
      assertThatThrownBy(() -> database().builder(prefix).schema(mode).build())
          .as("schema mode %s", mode)
          .isInstanceOf(JdbcStoreException.class)
          .hasMessageContaining("is at version 2, newer than version 1 that this Headway knows; upgrade Headway");
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
  void theShippedScriptRunByAMigrationToolPassesValidation() throws IOException {
    String prefix = database().newPrefix();
    String resource = database().scriptFolder() + "/V1__headway_jobs.sql";
    String script;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    // What Flyway does with the placeholder "prefix" set.
    Jdbi.create(database().url()).useHandle(h -> h.createScript(script.replace("${prefix}", prefix)).execute());

    JdbcJobStore validated = database().track(database().builder(prefix).schema(SchemaMode.VALIDATE).build());
    JobSnapshot job = newJob();
    validated.insert(job, "key");
    assertThat(validated.find(job.id())).contains(job);
  }
}
