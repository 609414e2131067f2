package dev.headway.spi;

import static dev.headway.testing.SnapshotBuilder.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.headway.ChildCounts;
import dev.headway.Eta;
import dev.headway.ExclusiveKeyException;
import dev.headway.JobError;
import dev.headway.JobFilter;
import dev.headway.JobSnapshot;
import dev.headway.JobStatus;
import dev.headway.StepSnapshot;
import dev.headway.StepStatus;
import dev.headway.testing.SnapshotBuilder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The behaviour every {@link JobStore} promises. A store's test class extends this and returns a fresh store from
 * {@link #newStore()}.
 *
 * <p>Jobs, owners, tenants, types and exclusive keys get random names per test, so tests do not see each other's
 * jobs even in a shared database. The retention tests delete by time alone: they work in the 1990s, which no other
 * test uses, and count on {@link #newStore()} leaving no jobs of earlier tests that ended before 2000. Times have
 * whole microseconds, the finest a SQL timestamp keeps.
 */
public abstract class JobStoreContract {

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** The store under test; a new one for every test. */
  protected JobStore store;

  /** A per-test random suffix, so names from different tests never meet. */
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  /**
   * Returns the store to test, empty or at least without jobs from earlier tests that could collide. Called once
   * per test; a database-backed store may clean its tables here.
   *
   * @return the store
   */
  protected abstract JobStore newStore();

  @BeforeEach
  final void setUpStore() {
    store = newStore();
  }

  // ---------------------------------------------------------------- names

  /** Returns a random job id shaped like a real one (22 URL-safe characters). */
  protected static String newId() {
    UUID u = UUID.randomUUID();
    ByteBuffer b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
  }

  private String name(String base) {
    return base + "-" + run;
  }

  /** A running job of this test's owner and type, with a fresh id. */
  private JobSnapshot.Builder running() {
    return job().id(newId()).owner(name("owner")).type(name("type")).createdAt(T0).startedAt(T0).updatedAt(T0);
  }

  /** Builds and inserts a job without a key. */
  protected JobSnapshot inserted(JobSnapshot.Builder builder) {
    JobSnapshot snapshot = builder.build();
    store.insert(snapshot, null);
    return snapshot;
  }

  /** Returns a job's stored state, failing the test when it is missing. */
  protected JobSnapshot stored(String id) {
    return store.find(id).orElseThrow(() -> new AssertionError("job " + id + " is not stored"));
  }

  private static JobSnapshot.Builder next(JobSnapshot s) {
    return SnapshotBuilder.from(s).version(s.version() + 1);
  }

  private static JobSnapshot.Builder ended(JobSnapshot s, JobStatus status, Instant at) {
    return next(s).status(status).completedAt(at).updatedAt(at);
  }

  /** Inserts a job that must lose its key to an active holder, and returns the conflict. */
  private ExclusiveKeyException conflict(JobSnapshot job, String key) {
    ExclusiveKeyException e = catchThrowableOfType(ExclusiveKeyException.class, () -> store.insert(job, key));
    assertThat(e).as("inserting %s with key %s conflicts", job.id(), key).isNotNull();
    return e;
  }

  /** Returns the jobs' ids, in order. */
  protected static List<String> ids(List<JobSnapshot> jobs) {
    return jobs.stream().map(JobSnapshot::id).toList();
  }

  // ---------------------------------------------------------------- insert and find

  @Test
  void findReturnsEveryFieldExactlyAsInserted() {
    Instant started = T0.plusMillis(250);
    JobSnapshot full = job()
        .id(newId())
        .type(name("type"))
        .owner(name("ówner-ß"))
        .tenant(name("tenant"))
        .parentId(newId())
        .status(JobStatus.RUNNING)
        .percent(42.5)
        .message("Schreibe Überschrift — 写作中 ✓ 🚀 \"quoted\" 'single' \\ back\nnew line")
        .step("writing")
        .addStep(new StepSnapshot("research", 1.0, StepStatus.COMPLETED, 100.0, 3L, 3L, "fertig ✓",
            started, started.plusSeconds(10).plusNanos(123_456_000), null))
        .addStep(new StepSnapshot("writing", 2.5, StepStatus.RUNNING, 37.5, 3L, 8L, "Kapitel 3 von 8",
            started.plusSeconds(11), null, null))
        .addStep(new StepSnapshot("images", 0.5, StepStatus.FAILED, 10.0, null, null, null,
            started.plusSeconds(12), started.plusSeconds(13), "rate limit — 429"))
        .addStep(new StepSnapshot("seo", 1.0, StepStatus.PENDING, 0.0, null, null, null, null, null, null))
        .done(6L)
        .total(11L)
        .children(new ChildCounts(10, 2, 3, 2, 1, 1))
        .eta(new Eta(93_500, T0.plusSeconds(120).plusNanos(654_321_000), Eta.Confidence.MEDIUM))
        .elapsedMs(30_250L)
        .stalled(true)
        .createdAt(T0)
        .startedAt(started)
        .updatedAt(T0.plusSeconds(30).plusNanos(999_999_000))
        .error(new JobError("Zeitüberschreitung beim Modell ⏱", "images", started.plusSeconds(13)))
        // In the form PostgreSQL prints jsonb, so a store may keep results as jsonb and still return this text.
        .result("{\"n\": [1, 2.5, null, true], \"title\": \"Über 写作 🚀\"}")
        .cancelRequested(true)
        .cancelReason("vom Nutzer abgebrochen — ✗")
        .attribute("repo", "acme/wïdget")
        .attribute("lang", "日本語")
        .attribute("empty", "")
        .version(7)
        .build();

    store.insert(full, name("key"));

    assertThat(store.find(full.id())).contains(full);
  }

  @Test
  void findReturnsAMinimalJobWithItsNullsAndEmptiesIntact() {
    JobSnapshot minimal = job()
        .id(newId())
        .type(name("type"))
        .owner(name("owner"))
        .status(JobStatus.QUEUED)
        .createdAt(T0)
        .startedAt(null)
        .updatedAt(T0)
        .version(1)
        .build();

    store.insert(minimal, null);

    JobSnapshot found = stored(minimal.id());
    assertThat(found).isEqualTo(minimal);
    assertThat(found.steps()).isEmpty();
    assertThat(found.attributes()).isEmpty();
    assertThat(found.tenant()).isNull();
    assertThat(found.result()).isNull();
  }

  @Test
  void findOfAnUnknownIdIsEmpty() {
    assertThat(store.find(newId())).isEmpty();
  }

  @Test
  void insertingAnExistingIdFailsNamingTheIdAndKeepsTheStoredJob() {
    JobSnapshot first = inserted(running().message("first"));
    JobSnapshot again = SnapshotBuilder.from(first).message("second").version(9).build();

    assertThatThrownBy(() -> store.insert(again, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(first.id());
    assertThat(stored(first.id())).isEqualTo(first);
  }

  @Test
  void findAllReturnsTheKnownJobsAndLeavesUnknownIdsOut() {
    JobSnapshot a = inserted(running());
    JobSnapshot b = inserted(running());
    assertThat(store.findAll(List.of(a.id(), newId(), b.id()))).containsExactlyInAnyOrder(a, b);
    assertThat(store.findAll(List.of())).isEmpty();
  }

  // ---------------------------------------------------------------- exclusive keys

  @Test
  void anActiveJobsKeyCannotBeClaimedAndTheConflictNamesTheHolder() {
    String key = name("docs:acme/widget");
    JobSnapshot holder = running().build();
    store.insert(holder, key);
    JobSnapshot loser = running().build();

    ExclusiveKeyException e = conflict(loser, key);

    assertThat(e.activeJobId()).isEqualTo(holder.id());
    assertThat(e.key()).isEqualTo(key);
    assertThat(store.find(loser.id())).as("the loser is not stored").isEmpty();
  }

  @Test
  void aQueuedJobHoldsItsKeyToo() {
    String key = name("key");
    JobSnapshot holder = running().status(JobStatus.QUEUED).startedAt(null).build();
    store.insert(holder, key);

    ExclusiveKeyException e = conflict(running().build(), key);

    assertThat(e.activeJobId()).isEqualTo(holder.id());
  }

  @Test
  void differentKeysAndJobsWithoutKeyDoNotConflict() {
    store.insert(running().build(), name("key-a"));
    store.insert(running().build(), name("key-b"));
    store.insert(running().build(), null);
    store.insert(running().build(), null);

    assertThat(store.list(JobFilter.owner(name("owner")))).hasSize(4);
  }

  @ParameterizedTest
  @EnumSource(value = JobStatus.class, names = {"COMPLETED", "FAILED", "CANCELLED"})
  void aTerminalUpdateReleasesTheKeySoItCanBeClaimedAgain(JobStatus terminal) {
    String key = name("key");
    JobSnapshot holder = running().build();
    store.insert(holder, key);

    store.update(List.of(ended(holder, terminal, T0.plusSeconds(5)).build()));

    JobSnapshot successor = running().build();
    store.insert(successor, key);
    assertThat(stored(successor.id())).isEqualTo(successor);
    ExclusiveKeyException e = conflict(running().build(), key);
    assertThat(e.activeJobId()).as("the successor now holds the key").isEqualTo(successor.id());
  }

  @Test
  void aNonTerminalUpdateKeepsTheKey() {
    String key = name("key");
    JobSnapshot holder = running().status(JobStatus.QUEUED).startedAt(null).build();
    store.insert(holder, key);
    JobSnapshot started = next(holder).status(JobStatus.RUNNING).startedAt(T0.plusSeconds(1)).build();
    JobSnapshot progressed = next(started).percent(50).message("half way").build();

    store.update(List.of(started));
    store.update(List.of(progressed));

    ExclusiveKeyException e = conflict(running().build(), key);
    assertThat(e.activeJobId()).isEqualTo(holder.id());
  }

  @Test
  void aStaleTerminalUpdateIsIgnoredAndKeepsTheKey() {
    String key = name("key");
    JobSnapshot holder = running().version(5).build();
    store.insert(holder, key);

    store.update(List.of(SnapshotBuilder.from(holder).status(JobStatus.COMPLETED).completedAt(T0.plusSeconds(1))
        .version(5).build()));

    assertThat(stored(holder.id())).isEqualTo(holder);
    ExclusiveKeyException e = conflict(running().build(), key);
    assertThat(e.activeJobId()).isEqualTo(holder.id());
  }

  @Test
  void whenManyRaceForOneKeyExactlyOneWinsAndEveryLoserLearnsTheWinner() throws Exception {
    int threads = 16;
    int rounds = keyRaceRounds();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < rounds; round++) {
        raceForOneKey(pool, threads, name("race-" + round));
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }
  }

  /**
   * Returns how many rounds the exclusive-key race runs. An in-memory race window lasts nanoseconds, so it takes
   * many rounds to hit; a store that talks to a database may return fewer.
   *
   * @return the number of rounds, at least 1
   */
  protected int keyRaceRounds() {
    return 100;
  }

  /** One round: {@code threads} different jobs, released together, all insert with {@code key}. */
  private void raceForOneKey(ExecutorService pool, int threads, String key) throws Exception {
    List<JobSnapshot> contenders = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      contenders.add(running().message("contender " + i).build());
    }
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> outcomes = new ArrayList<>();
    for (JobSnapshot contender : contenders) {
      Callable<String> attempt = () -> {
        ready.countDown();
        awaitSpinning(go);
        try {
          store.insert(contender, key);
          return "won";
        } catch (ExclusiveKeyException e) {
          return "lost to " + e.activeJobId();
        }
      };
      outcomes.add(pool.submit(attempt));
    }
    assertThat(ready.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("all threads ready").isTrue();
    go.countDown();

    List<String> results = new ArrayList<>();
    for (Future<String> outcome : outcomes) {
      results.add(outcome.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }

    List<String> winners = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      if (results.get(i).equals("won")) {
        winners.add(contenders.get(i).id());
      }
    }
    assertThat(winners).as("winners of key %s", key).hasSize(1);
    String winner = winners.get(0);
    for (int i = 0; i < threads; i++) {
      String id = contenders.get(i).id();
      if (id.equals(winner)) {
        assertThat(stored(id)).isEqualTo(contenders.get(i));
      } else {
        assertThat(results.get(i)).as("outcome of %s", id).isEqualTo("lost to " + winner);
        assertThat(store.find(id)).as("loser %s is not stored", id).isEmpty();
      }
    }
  }

  /**
   * Waits for a start gate by polling it rather than parking, so the waiters leave together and really collide;
   * parked threads are woken one after another. Yields between polls so the thread that opens the gate gets a CPU.
   */
  private static void awaitSpinning(CountDownLatch gate) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (gate.getCount() > 0) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("start gate never opened");
      }
      Thread.yield();
    }
  }

  // ---------------------------------------------------------------- update and the version guard

  @Test
  void aNewerVersionIsApplied() {
    JobSnapshot v1 = inserted(running());
    JobSnapshot v2 = next(v1).percent(25).message("a quarter").step("writing").done(1L).total(4L)
        .updatedAt(T0.plusSeconds(3)).build();

    store.update(List.of(v2));

    assertThat(stored(v1.id())).isEqualTo(v2);
  }

  @Test
  void anOlderOrEqualVersionIsIgnored() {
    JobSnapshot v5 = inserted(running().version(5).percent(50).message("five"));

    store.update(List.of(SnapshotBuilder.from(v5).version(4).percent(40).message("four").build()));
    store.update(List.of(SnapshotBuilder.from(v5).version(5).percent(55).message("five again").build()));

    assertThat(stored(v5.id())).isEqualTo(v5);
  }

  @Test
  void writesArrivingOutOfOrderLeaveTheNewest() {
    JobSnapshot v1 = inserted(running());
    JobSnapshot v2 = next(v1).percent(20).build();
    JobSnapshot v3 = next(v2).percent(30).build();
    JobSnapshot v4 = next(v3).percent(40).build();

    store.update(List.of(v3));
    store.update(List.of(v2));
    store.update(List.of(v4));
    store.update(List.of(v3));

    assertThat(stored(v1.id())).isEqualTo(v4);
  }

  @Test
  void eachJobInABatchIsJudgedOnItsOwnVersion() {
    JobSnapshot a = inserted(running().version(3));
    JobSnapshot b = inserted(running().version(3));
    JobSnapshot c = inserted(running().version(3));
    JobSnapshot unknown = running().version(10).build();
    JobSnapshot newerA = next(a).percent(70).build();
    JobSnapshot staleB = SnapshotBuilder.from(b).version(2).percent(90).build();
    JobSnapshot newerC = SnapshotBuilder.from(c).version(50).status(JobStatus.COMPLETED).percent(100)
        .completedAt(T0.plusSeconds(9)).build();

    store.update(List.of(newerA, unknown, staleB, newerC));

    assertThat(stored(a.id())).isEqualTo(newerA);
    assertThat(stored(b.id())).isEqualTo(b);
    assertThat(stored(c.id())).isEqualTo(newerC);
    assertThat(store.find(unknown.id())).isEmpty();
  }

  @Test
  void anUpdateOfAnUnknownJobIsIgnoredAndDoesNotCreateIt() {
    JobSnapshot ghost = running().version(2).build();

    store.update(List.of(ghost));
    store.update(List.of());

    assertThat(store.find(ghost.id())).isEmpty();
  }

  @Test
  void concurrentWritersNeverLoseTheNewestVersion() throws Exception {
    int writers = 8;
    int versionsEach = 50;
    JobSnapshot v1 = inserted(running());
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(pool.submit(() -> {
          if (!go.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("start gate never opened");
          }
          // Writer w writes versions 2 + w, 2 + w + writers, ...; together they cover 2..(1 + writers * versionsEach).
          for (int i = 0; i < versionsEach; i++) {
            long version = 2 + writer + (long) i * writers;
            store.update(List.of(SnapshotBuilder.from(v1).version(version).message("v" + version).build()));
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }

    long newest = 1 + (long) writers * versionsEach;
    JobSnapshot result = stored(v1.id());
    assertThat(result.version()).isEqualTo(newest);
    assertThat(result.message()).isEqualTo("v" + newest);
  }

  // ---------------------------------------------------------------- list

  @Test
  void listReturnsTheNewestFirstAndHonoursTheLimit() {
    List<JobSnapshot> jobs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      jobs.add(inserted(running().createdAt(T0.plusSeconds(i)).updatedAt(T0.plusSeconds(i))));
    }
    JobFilter mine = JobFilter.owner(name("owner"));

    assertThat(ids(store.list(mine)))
        .containsExactly(jobs.get(4).id(), jobs.get(3).id(), jobs.get(2).id(), jobs.get(1).id(), jobs.get(0).id());
    assertThat(ids(store.list(mine.withLimit(2)))).containsExactly(jobs.get(4).id(), jobs.get(3).id());
    assertThat(ids(store.list(mine.withLimit(1)))).containsExactly(jobs.get(4).id());
  }

  @Test
  void listReturnsTheStoredStates() {
    JobSnapshot v1 = inserted(running());
    JobSnapshot v2 = next(v1).percent(80).message("nearly").build();
    store.update(List.of(v2));

    assertThat(store.list(JobFilter.owner(name("owner")))).containsExactly(v2);
  }

  @Test
  void listFiltersByOwnerTenantTypeAndParent() {
    String owner = name("owner");
    String other = name("someone-else");
    String tenant = name("tenant");
    String type = name("type");
    String otherType = name("other-type");
    JobSnapshot parent = inserted(running().owner(owner).tenant(tenant).createdAt(T0));
    JobSnapshot child1 = inserted(running().owner(owner).tenant(tenant).parentId(parent.id())
        .createdAt(T0.plusSeconds(1)));
    JobSnapshot child2 = inserted(running().owner(owner).tenant(tenant).parentId(parent.id()).type(otherType)
        .createdAt(T0.plusSeconds(2)));
    JobSnapshot noTenant = inserted(running().owner(owner).createdAt(T0.plusSeconds(3)));
    JobSnapshot othersJob = inserted(running().owner(other).tenant(tenant).createdAt(T0.plusSeconds(4)));

    assertThat(ids(store.list(JobFilter.owner(owner))))
        .containsExactly(noTenant.id(), child2.id(), child1.id(), parent.id());
    assertThat(ids(store.list(JobFilter.owner(other)))).containsExactly(othersJob.id());
    assertThat(ids(store.list(JobFilter.all().withTenant(tenant))))
        .containsExactly(othersJob.id(), child2.id(), child1.id(), parent.id());
    assertThat(ids(store.list(JobFilter.owner(owner).withTenant(tenant))))
        .containsExactly(child2.id(), child1.id(), parent.id());
    assertThat(ids(store.list(JobFilter.all().withType(otherType)))).containsExactly(child2.id());
    assertThat(ids(store.list(JobFilter.owner(owner).withType(type))))
        .containsExactly(noTenant.id(), child1.id(), parent.id());
    assertThat(ids(store.list(JobFilter.all().withParent(parent.id())))).containsExactly(child2.id(), child1.id());
    assertThat(ids(store.list(JobFilter.all().withParent(parent.id()).withType(type))))
        .containsExactly(child1.id());
    assertThat(store.list(JobFilter.owner(name("nobody")))).isEmpty();
  }

  @Test
  void listFiltersByStatus() {
    JobSnapshot queued = inserted(running().status(JobStatus.QUEUED).startedAt(null).createdAt(T0));
    JobSnapshot active = inserted(running().createdAt(T0.plusSeconds(1)));
    JobSnapshot completed = inserted(running().createdAt(T0.plusSeconds(2)));
    JobSnapshot failed = inserted(running().createdAt(T0.plusSeconds(3)));
    JobSnapshot cancelled = inserted(running().createdAt(T0.plusSeconds(4)));
    store.update(List.of(
        ended(completed, JobStatus.COMPLETED, T0.plusSeconds(10)).build(),
        ended(failed, JobStatus.FAILED, T0.plusSeconds(10)).build(),
        ended(cancelled, JobStatus.CANCELLED, T0.plusSeconds(10)).build()));
    JobFilter mine = JobFilter.owner(name("owner"));

    assertThat(ids(store.list(mine.active()))).containsExactly(active.id(), queued.id());
    assertThat(ids(store.list(mine.finished()))).containsExactly(cancelled.id(), failed.id(), completed.id());
    assertThat(ids(store.list(mine.withStatuses(EnumSet.of(JobStatus.FAILED))))).containsExactly(failed.id());
    assertThat(ids(store.list(mine.withStatuses(EnumSet.of(JobStatus.QUEUED, JobStatus.COMPLETED)))))
        .containsExactly(completed.id(), queued.id());
    assertThat(ids(store.list(mine.withStatuses(Set.of()))))
        .containsExactly(cancelled.id(), failed.id(), completed.id(), active.id(), queued.id());
    assertThat(ids(store.list(mine.finished().withLimit(2)))).containsExactly(cancelled.id(), failed.id());
  }

  // ---------------------------------------------------------------- cancel requests

  @Test
  void aCancelRequestOnARunningJobRecordsFlagAndReasonAndGrowsTheVersion() {
    JobSnapshot job = inserted(running().percent(30).message("writing").version(4));

    JobSnapshot cancelled = store.requestCancel(job.id(), "user pressed stop — ✋", T0.plusSeconds(5)).orElseThrow();

    assertThat(cancelled.cancelRequested()).isTrue();
    assertThat(cancelled.cancelReason()).isEqualTo("user pressed stop — ✋");
    assertThat(cancelled.version()).isGreaterThan(job.version());
    assertThat(cancelled.status()).as("a cancel request does not end the job").isEqualTo(JobStatus.RUNNING);
    assertThat(cancelled.percent()).isEqualTo(30);
    assertThat(cancelled.message()).isEqualTo("writing");
    assertThat(stored(job.id())).isEqualTo(cancelled);
  }

  @Test
  void aCancelRequestOnAQueuedJobIsRecordedWithoutAReason() {
    JobSnapshot job = inserted(running().status(JobStatus.QUEUED).startedAt(null));

    JobSnapshot cancelled = store.requestCancel(job.id(), null, T0.plusSeconds(1)).orElseThrow();

    assertThat(cancelled.cancelRequested()).isTrue();
    assertThat(cancelled.cancelReason()).isNull();
    assertThat(cancelled.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(cancelled.version()).isGreaterThan(job.version());
    assertThat(stored(job.id())).isEqualTo(cancelled);
  }

  @Test
  void theVersionGrowsEvenWhenTheStoredVersionIsAhead() {
    // A version far beyond any clock-derived value: the request must still move it forward.
    JobSnapshot job = inserted(running().version(Long.MAX_VALUE / 2));

    JobSnapshot cancelled = store.requestCancel(job.id(), "stop", T0).orElseThrow();

    assertThat(cancelled.version()).isGreaterThan(job.version());
  }

  @Test
  void aCancelRequestSurvivesLaterProgressWritesThatDoNotKnowOfIt() {
    JobSnapshot job = inserted(running());
    JobSnapshot requested = store.requestCancel(job.id(), "not needed any more", T0.plusSeconds(2)).orElseThrow();
    // The worker's next write was built from its own state, which has no cancel request.
    JobSnapshot progress = SnapshotBuilder.from(job).version(requested.version() + 1).percent(60)
        .message("still going").updatedAt(T0.plusSeconds(3)).build();

    store.update(List.of(progress));

    JobSnapshot afterProgress = stored(job.id());
    assertThat(afterProgress.version()).isEqualTo(progress.version());
    assertThat(afterProgress.percent()).isEqualTo(60);
    assertThat(afterProgress.message()).isEqualTo("still going");
    assertThat(afterProgress.cancelRequested()).isTrue();
    assertThat(afterProgress.cancelReason()).isEqualTo("not needed any more");

    JobSnapshot end = SnapshotBuilder.from(progress).version(progress.version() + 1).status(JobStatus.CANCELLED)
        .completedAt(T0.plusSeconds(4)).updatedAt(T0.plusSeconds(4)).build();
    store.update(List.of(end));

    JobSnapshot afterEnd = stored(job.id());
    assertThat(afterEnd.status()).as("a terminal status written later is kept").isEqualTo(JobStatus.CANCELLED);
    assertThat(afterEnd.completedAt()).isEqualTo(T0.plusSeconds(4));
    assertThat(afterEnd.version()).isEqualTo(end.version());
    assertThat(afterEnd.cancelRequested()).isTrue();
    assertThat(afterEnd.cancelReason()).isEqualTo("not needed any more");
  }

  @Test
  void aCancelRequestSurvivesConcurrentProgressWrites() throws Exception {
    JobSnapshot job = inserted(running());
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> worker = pool.submit(() -> {
        if (!go.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new AssertionError("start gate never opened");
        }
        for (int v = 2; v <= 200; v++) {
          store.update(List.of(SnapshotBuilder.from(job).version(v).percent(v / 2.0).build()));
        }
        return null;
      });
      Future<?> canceller = pool.submit(() -> {
        if (!go.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new AssertionError("start gate never opened");
        }
        store.requestCancel(job.id(), "race", T0.plusSeconds(1));
        return null;
      });
      go.countDown();
      worker.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      canceller.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }

    JobSnapshot result = stored(job.id());
    assertThat(result.cancelRequested()).isTrue();
    assertThat(result.cancelReason()).isEqualTo("race");
  }

  @ParameterizedTest
  @EnumSource(value = JobStatus.class, names = {"COMPLETED", "FAILED", "CANCELLED"})
  void aCancelRequestOnAnEndedJobReturnsItUnchanged(JobStatus terminal) {
    JobSnapshot job = inserted(running());
    JobSnapshot end = ended(job, terminal, T0.plusSeconds(3)).build();
    store.update(List.of(end));

    assertThat(store.requestCancel(job.id(), "too late", T0.plusSeconds(4))).contains(end);
    assertThat(stored(job.id())).isEqualTo(end);
  }

  @Test
  void aCancelRequestForAnUnknownJobIsEmpty() {
    String id = newId();

    assertThat(store.requestCancel(id, "who?", T0)).isEmpty();
    assertThat(store.find(id)).isEmpty();
  }

  // ---------------------------------------------------------------- compare-and-set, heartbeats, stale jobs

  /** Stale-job tests live in the 1980s, earlier than any other test's jobs, so a shared database adds none. */
  private static final Instant EIGHTIES = Instant.parse("1985-01-01T00:00:00Z");

  private JobSnapshot activeIn80s(Instant lastWrite, JobStatus status) {
    return inserted(running().status(status).createdAt(lastWrite).startedAt(status == JobStatus.QUEUED ? null : lastWrite)
        .updatedAt(lastWrite));
  }

  @Test
  void replaceWritesOnlyOverTheExpectedVersion() {
    JobSnapshot job = inserted(running().version(10));
    JobSnapshot failed = ended(job, JobStatus.FAILED, T0.plusSeconds(5)).version(20).build();
    assertThat(store.replace(9, failed)).isFalse();
    assertThat(stored(job.id())).isEqualTo(job);
    assertThat(store.replace(10, failed)).isTrue();
    assertThat(stored(job.id())).isEqualTo(failed);
    assertThat(store.replace(10, next(failed).build())).as("the version has moved on").isFalse();
    assertThat(store.replace(1, running().version(2).build())).as("unknown id").isFalse();
  }

  @Test
  void replaceReleasesTheKeyAndKeepsTheCancelRequest() {
    String key = name("key");
    JobSnapshot job = running().build();
    store.insert(job, key);
    JobSnapshot requested = store.requestCancel(job.id(), "stop", T0.plusSeconds(1)).orElseThrow();
    JobSnapshot ended = ended(requested, JobStatus.FAILED, T0.plusSeconds(2)).cancelRequested(false).cancelReason(null)
        .build();
    assertThat(store.replace(requested.version(), ended)).isTrue();
    assertThat(stored(job.id()).cancelRequested()).isTrue();
    assertThat(stored(job.id()).cancelReason()).isEqualTo("stop");
    store.insert(running().build(), key);
  }

  @Test
  void onlyOneOfManyConcurrentReplacesWins() throws Exception {
    JobSnapshot job = inserted(running().version(5));
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch gate = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long version = 6 + t;
        results.add(pool.submit(() -> {
          gate.await();
          return store.replace(5, ended(job, JobStatus.FAILED, T0.plusSeconds(1)).version(version).build());
        }));
      }
      gate.countDown();
      int wins = 0;
      for (Future<Boolean> r : results) {
        wins += r.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(wins).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void findStaleReturnsActiveJobsWithoutRecentSignsOfLifeOldestFirst() {
    JobSnapshot oldest = activeIn80s(EIGHTIES, JobStatus.RUNNING);
    JobSnapshot queued = activeIn80s(EIGHTIES.plusSeconds(10), JobStatus.QUEUED);
    JobSnapshot recent = activeIn80s(EIGHTIES.plusSeconds(100), JobStatus.RUNNING);
    JobSnapshot endedOld = activeIn80s(EIGHTIES, JobStatus.RUNNING);
    store.update(List.of(ended(endedOld, JobStatus.COMPLETED, EIGHTIES.plusSeconds(1)).build()));

    assertThat(ids(store.findStale(EIGHTIES.plusSeconds(50), 10))).containsExactly(oldest.id(), queued.id());
    assertThat(ids(store.findStale(EIGHTIES.plusSeconds(50), 1))).containsExactly(oldest.id());
    assertThat(ids(store.findStale(EIGHTIES.plusSeconds(200), 10))).contains(recent.id());
  }

  @Test
  void aHeartbeatOrANewerWriteIsASignOfLife() {
    JobSnapshot beating = activeIn80s(EIGHTIES, JobStatus.RUNNING);
    JobSnapshot writing = activeIn80s(EIGHTIES, JobStatus.RUNNING);
    JobSnapshot silent = activeIn80s(EIGHTIES, JobStatus.RUNNING);
    store.heartbeat("node-1", List.of(beating.id(), "unknown-id"), EIGHTIES.plusSeconds(60));
    store.update(List.of(next(writing).updatedAt(EIGHTIES.plusSeconds(60)).build()));
    assertThat(ids(store.findStale(EIGHTIES.plusSeconds(30), 10))).containsExactly(silent.id());
    assertThat(stored(beating.id())).as("a heartbeat does not change the job's state").isEqualTo(beating);
  }

  @Test
  void aHeartbeatCoversManyJobsAndIgnoresEndedOnes() {
    List<String> beating = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      beating.add(activeIn80s(EIGHTIES, JobStatus.RUNNING).id());
    }
    JobSnapshot ended = activeIn80s(EIGHTIES, JobStatus.RUNNING);
    store.update(List.of(ended(ended, JobStatus.FAILED, EIGHTIES.plusSeconds(1)).build()));
    List<String> all = new ArrayList<>(beating);
    all.add(ended.id());
    store.heartbeat("node-1", all, EIGHTIES.plusSeconds(60));
    assertThat(store.findStale(EIGHTIES.plusSeconds(30), 1000)).isEmpty();
    assertThat(stored(ended.id()).status()).isEqualTo(JobStatus.FAILED);
  }

  // ---------------------------------------------------------------- recent runs

  @Test
  void recentRunsListsCompletedJobsOfTheTypeNewestFirstWithStepDurations() {
    String type = name("type");
    Instant s = T0;
    completedRun(type, s, s.plusSeconds(60),
        List.of(
            new StepSnapshot("research", 1, StepStatus.COMPLETED, 100, null, null, null, s, s.plusSeconds(20), null),
            new StepSnapshot("writing", 2, StepStatus.COMPLETED, 100, null, null, null,
                s.plusSeconds(20), s.plusSeconds(55).plusMillis(500), null),
            // Not completed, or missing a time: no duration.
            new StepSnapshot("images", 1, StepStatus.SKIPPED, 100, null, null, null, null, s.plusSeconds(55), null),
            new StepSnapshot("seo", 1, StepStatus.FAILED, 50, null, null, null,
                s.plusSeconds(56), s.plusSeconds(60), "boom"),
            new StepSnapshot("notes", 1, StepStatus.COMPLETED, 100, null, null, null, null, s.plusSeconds(60), null)));
    completedRun(type, s.plusSeconds(100), s.plusSeconds(190), List.of());
    completedRun(type, s.plusSeconds(200), s.plusSeconds(230), List.of());
    completedRun(name("other-type"), s.plusSeconds(300), s.plusSeconds(301), List.of());
    endedRun(type, JobStatus.FAILED, s.plusSeconds(400), s.plusSeconds(401));
    endedRun(type, JobStatus.CANCELLED, s.plusSeconds(500), s.plusSeconds(502));
    inserted(running().type(type).createdAt(s.plusSeconds(600)).startedAt(s.plusSeconds(600)));

    List<JobRun> runs = store.recentRuns(type, 10);

    assertThat(runs).containsExactly(
        new JobRun(Duration.ofSeconds(30), Map.of()),
        new JobRun(Duration.ofSeconds(90), Map.of()),
        new JobRun(Duration.ofSeconds(60), Map.of(
            "research", Duration.ofSeconds(20),
            "writing", Duration.ofMillis(35_500))));
  }

  @Test
  void recentRunsHonoursTheLimit() {
    String type = name("type");
    for (int i = 0; i < 5; i++) {
      completedRun(type, T0.plusSeconds(100L * i), T0.plusSeconds(100L * i + 10 + i), List.of());
    }

    assertThat(store.recentRuns(type, 2)).extracting(JobRun::duration)
        .containsExactly(Duration.ofSeconds(14), Duration.ofSeconds(13));
    assertThat(store.recentRuns(name("unknown-type"), 5)).isEmpty();
  }

  private void completedRun(String type, Instant started, Instant completed, List<StepSnapshot> steps) {
    JobSnapshot job = inserted(running().type(type).createdAt(started).startedAt(started).updatedAt(started));
    store.update(List.of(ended(job, JobStatus.COMPLETED, completed).percent(100).steps(steps).build()));
  }

  private JobSnapshot endedRun(String type, JobStatus status, Instant started, Instant ended) {
    JobSnapshot job = inserted(running().type(type).createdAt(started).startedAt(started).updatedAt(started));
    JobSnapshot end = ended(job, status, ended).build();
    store.update(List.of(end));
    return end;
  }

  // ---------------------------------------------------------------- retention

  @Test
  void deleteEndedBeforeRemovesOnlyJobsThatEndedBeforeTheCutoff() {
    Instant base = Instant.parse("1991-01-01T00:00:00Z");
    Instant cutoff = base.plusSeconds(3600);
    JobSnapshot oldCompleted = endedRun(name("type"), JobStatus.COMPLETED, base, base.plusSeconds(10));
    JobSnapshot oldFailed = endedRun(name("type"), JobStatus.FAILED, base, base.plusSeconds(20));
    JobSnapshot oldCancelled = endedRun(name("type"), JobStatus.CANCELLED, base, base.plusSeconds(30));
    JobSnapshot endedAtCutoff = endedRun(name("type"), JobStatus.COMPLETED, base, cutoff);
    JobSnapshot endedAfter = endedRun(name("type"), JobStatus.COMPLETED, base, cutoff.plusSeconds(1));
    JobSnapshot oldRunning = inserted(running().createdAt(base).startedAt(base).updatedAt(base));
    JobSnapshot oldQueued =
        inserted(running().status(JobStatus.QUEUED).createdAt(base).startedAt(null).updatedAt(base));

    assertThat(store.deleteEndedBefore(cutoff, 100)).isEqualTo(3);

    assertThat(store.find(oldCompleted.id())).isEmpty();
    assertThat(store.find(oldFailed.id())).isEmpty();
    assertThat(store.find(oldCancelled.id())).isEmpty();
    assertThat(store.find(endedAtCutoff.id())).contains(endedAtCutoff);
    assertThat(store.find(endedAfter.id())).contains(endedAfter);
    assertThat(store.find(oldRunning.id())).contains(oldRunning);
    assertThat(store.find(oldQueued.id())).contains(oldQueued);
    assertThat(store.deleteEndedBefore(cutoff, 100)).as("nothing left to delete").isZero();
  }

  @Test
  void deleteEndedBeforeRespectsTheLimit() {
    Instant base = Instant.parse("1993-01-01T00:00:00Z");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(endedRun(name("type"), JobStatus.COMPLETED, base, base.plusSeconds(i + 1L)).id());
    }
    Instant cutoff = base.plusSeconds(3600);

    assertThat(store.deleteEndedBefore(cutoff, 2)).isEqualTo(2);
    assertThat(ids.stream().filter(id -> store.find(id).isPresent())).hasSize(3);
    assertThat(store.deleteEndedBefore(cutoff, 2)).isEqualTo(2);
    assertThat(store.deleteEndedBefore(cutoff, 2)).isEqualTo(1);
    assertThat(store.deleteEndedBefore(cutoff, 2)).isZero();
    assertThat(ids.stream().filter(id -> store.find(id).isPresent())).isEmpty();
  }

  @Test
  void aDeletedJobsKeyStaysFree() {
    Instant base = Instant.parse("1995-01-01T00:00:00Z");
    String key = name("key");
    JobSnapshot holder = running().createdAt(base).startedAt(base).updatedAt(base).build();
    store.insert(holder, key);
    store.update(List.of(ended(holder, JobStatus.FAILED, base.plusSeconds(1)).build()));

    assertThat(store.deleteEndedBefore(base.plusSeconds(60), 10)).isEqualTo(1);

    JobSnapshot successor = running().build();
    store.insert(successor, key);
    assertThat(store.find(successor.id())).contains(successor);
  }
}
