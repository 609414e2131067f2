package dev.headway.spi;

import static dev.headway.testing.SnapshotBuilder.job;
import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.JobError;
import dev.headway.JobSnapshot;
import dev.headway.JobStatus;
import dev.headway.testing.SnapshotBuilder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * What the parts of the store contract share: the store under test, names of their own for every test, and helpers
 * that build, write and wait for jobs. {@link JobStoreContract} implements the accessors.
 *
 * <p>Jobs, owners, nodes, tenants, types and exclusive keys get random names per test, so tests do not see each
 * other's jobs even in a shared database. Times in snapshots have whole microseconds, the finest a SQL timestamp
 * keeps. Liveness is judged on the store's own clock, which a test cannot set: liveness tests run in real time with
 * short durations and wait for a condition, never for a fixed time.
 */
public interface StoreContractSupport {

  /** When the snapshots of most tests were created. */
  Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  /** The most any wait in a test may take. */
  Duration TIMEOUT = Duration.ofSeconds(30);
  /** So short that a job looks stale to its store almost at once. */
  Duration AT_ONCE = Duration.ofMillis(1);
  /**
   * Long enough that a job given a sign of life does not look stale to the next few statements even on a slow
   * machine, and short enough to wait for.
   */
  Duration QUIET = Duration.ofMillis(300);
  /** Longer than any test runs. */
  Duration AN_HOUR = Duration.ofHours(1);

  /**
   * Returns the store under test, a new one for every test.
   *
   * @return the store
   */
  JobStore store();

  /**
   * Returns a name of this test's own.
   *
   * @param base what the name is for
   * @return the base with this test's suffix
   */
  String name(String base);

  /**
   * Returns how many rounds each race runs.
   *
   * @return the number of rounds, at least 1
   */
  int raceRounds();

  /**
   * Returns the node that inserts this test's jobs, and so holds them at {@link JobWrite#FIRST_EPOCH}.
   *
   * @return the node id
   */
  default String node() {
    return name("node-a");
  }

  /**
   * Returns the node that takes this test's jobs over when they look stale.
   *
   * @return the node id
   */
  default String sweeper() {
    return name("node-sweeper");
  }

  // ---------------------------------------------------------------- names and snapshots

  /**
   * Returns a random job id shaped like a real one (22 URL-safe characters).
   *
   * @return the id
   */
  default String newId() {
    UUID u = UUID.randomUUID();
    ByteBuffer b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
  }

  /**
   * Starts a running job of this test's owner and type, with a fresh id, version 1, created at {@link #T0}.
   *
   * @return the builder
   */
  default JobSnapshot.Builder runningJob() {
    return job().id(newId()).owner(name("owner")).type(name("type")).createdAt(T0).startedAt(T0).updatedAt(T0);
  }

  /**
   * Starts the next version of a state.
   *
   * @param s the state
   * @return a builder of the same state, one version on
   */
  default JobSnapshot.Builder next(JobSnapshot s) {
    return SnapshotBuilder.from(s).version(s.version() + 1);
  }

  /**
   * Starts the next version of a state, ended.
   *
   * @param s the state
   * @param status the terminal status
   * @param at when it ended
   * @return a builder of the ended state, one version on
   */
  default JobSnapshot.Builder ended(JobSnapshot s, JobStatus status, Instant at) {
    return next(s).status(status).completedAt(at).updatedAt(at);
  }

  /**
   * Returns the jobs' ids, in order.
   *
   * @param jobs the jobs
   * @return their ids
   */
  default List<String> ids(List<JobSnapshot> jobs) {
    return jobs.stream().map(JobSnapshot::id).toList();
  }

  // ---------------------------------------------------------------- store calls

  /**
   * Builds and inserts a job without a key, held by {@link #node()}.
   *
   * @param builder the job
   * @return the inserted state
   */
  default JobSnapshot inserted(JobSnapshot.Builder builder) {
    JobSnapshot snapshot = builder.build();
    store().insert(snapshot, null, node());
    return snapshot;
  }

  /**
   * Returns a job's stored state, failing the test when it is missing.
   *
   * @param id the job
   * @return the stored state
   */
  default JobSnapshot stored(String id) {
    return store().find(id).orElseThrow(() -> new AssertionError("job " + id + " is not stored"));
  }

  /**
   * Writes states as the node that inserted them, which holds them at {@link JobWrite#FIRST_EPOCH}.
   *
   * @param states the states
   * @return the writes the store did not apply
   */
  default List<WriteConflict> writeAsInserter(JobSnapshot... states) {
    List<JobWrite> writes = new ArrayList<>(states.length);
    for (JobSnapshot state : states) {
      writes.add(JobWrite.first(state));
    }
    return store().update(writes);
  }

  /**
   * Writes states as the node that inserted them, failing the test unless the store applies every one.
   *
   * @param states the states
   */
  default void writeApplied(JobSnapshot... states) {
    assertThat(writeAsInserter(states)).as("writes the store did not apply").isEmpty();
  }

  /**
   * Waits until the store finds all the given jobs stale, and returns what it found of them, in its order.
   *
   * @param staleAfter how long without a sign of life makes a job stale
   * @param ids the jobs
   * @return the stale jobs among {@code ids}, oldest sign of life first
   */
  default List<StoredJob> awaitStale(Duration staleAfter, String... ids) {
    Set<String> wanted = Set.of(ids);
    List<StoredJob> found = new ArrayList<>();
    awaitTrue("jobs " + wanted + " stale after " + staleAfter, () -> {
      found.clear();
      for (StoredJob job : store().findStale(staleAfter, Integer.MAX_VALUE)) {
        if (wanted.contains(job.state().id())) {
          found.add(job);
        }
      }
      return found.size() == wanted.size();
    });
    return found;
  }

  /**
   * Polls a condition until it holds, failing the test after {@link #TIMEOUT}.
   *
   * @param what the condition, for the failure message
   * @param condition the condition
   */
  default void awaitTrue(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + TIMEOUT + " waiting for " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  /**
   * Returns the ending a sweeper writes for a job it found stale: failed, one version on, at the epoch it was found.
   *
   * @param found the job as {@link JobStore#findStale} returned it
   * @return the ending
   */
  default JobWrite abandonment(StoredJob found) {
    Instant at = found.state().updatedAt().plusSeconds(60);
    JobSnapshot failed = ended(found.state(), JobStatus.FAILED, at)
        .error(new JobError("worker stopped responding", null, at))
        .build();
    return new JobWrite(failed, found.epoch());
  }

  /**
   * Waits until a job looks stale, then takes it over for {@link #sweeper()} with its {@link #abandonment}, failing
   * the test unless the take-over is written.
   *
   * @param id the job
   * @return the state the take-over wrote
   */
  default JobSnapshot takenOver(String id) {
    JobWrite ending = abandonment(awaitStale(AT_ONCE, id).get(0));
    List<JobSnapshot> written = store().takeOver(sweeper(), AT_ONCE, List.of(ending));
    assertThat(written).as("states written by taking %s over", id).hasSize(1);
    return written.get(0);
  }

  // ---------------------------------------------------------------- races

  /**
   * Runs attempts on threads of their own, released together, and returns their results in order.
   *
   * @param attempts the attempts
   * @param <T> what an attempt returns
   * @return each attempt's result
   * @throws Exception if an attempt failed or did not finish within {@link #TIMEOUT}
   */
  default <T> List<T> race(List<Callable<T>> attempts) throws Exception {
    CountDownLatch ready = new CountDownLatch(attempts.size());
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(attempts.size());
    try {
      List<Future<T>> outcomes = new ArrayList<>();
      for (Callable<T> attempt : attempts) {
        outcomes.add(pool.submit(() -> {
          ready.countDown();
          awaitSpinning(go);
          return attempt.call();
        }));
      }
      assertThat(ready.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("all threads ready").isTrue();
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> outcome : outcomes) {
        results.add(outcome.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("race threads ended").isTrue();
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
}
