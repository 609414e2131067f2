package dev.headway.reliability;

import dev.headway.ProgressTracker;
import dev.headway.jdbc.JdbcJobStore;
import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * Rounds of {@code kill -9} on one database: a churning worker JVM is killed after a random number of answered
 * calls; then a new node opens the database (for H2 that is the restart: the file belongs to one process), checks
 * every acknowledged end against the store and keys held by two active jobs, and lets its sweeper end the dead
 * node's jobs, timing it from the kill.
 */
final class KillNineRounds {
  static final Duration HEARTBEAT = Duration.ofMillis(200);
  static final Duration STALE_AFTER = Duration.ofSeconds(1);
  static final Duration STATUS_WRITE_TIMEOUT = Duration.ofSeconds(2);
  /** The dead node's jobs must be ended within staleAfter + one heartbeat; this allows for polling and I/O. */
  static final Duration SWEEP_SLACK = Duration.ofMillis(400);
  private static final Duration STARTUP = Duration.ofSeconds(60);
  /** A kill comes after 1 to this many answered calls. */
  private static final int MAX_ANSWERS_BEFORE_KILL = 150;

  private final String url;
  private final String prefix;
  private final FaultReport report;
  private final Random random;
  private final AcknowledgedEnds ends = new AcknowledgedEnds();
  private final Set<String> lost = new HashSet<>();
  private final Set<String> overwritten = new HashSet<>();

  KillNineRounds(String url, String prefix, FaultReport report, Random random) {
    this.url = url;
    this.prefix = prefix;
    this.report = report;
    this.random = random;
    report.declare("kills", "acknowledged", "lost", "overwritten", "keysHeldTwice", "unopenable", "lateSweeps",
        "longestSweepMs");
  }

  /**
   * A worker that churns jobs until it is killed, with this suite's short heartbeat and staleAfter.
   *
   * @param url the database
   * @param prefix the tables
   * @param nodeId the node
   * @param seed its random seed
   * @return the settings
   */
  static WorkerSettings churningWorker(String url, String prefix, String nodeId, long seed) {
    return new WorkerSettings(url, prefix, nodeId, HEARTBEAT, STALE_AFTER, STATUS_WRITE_TIMEOUT, 100_000,
        WorkerSettings.WorkerMode.CHURN, seed);
  }

  /** Runs the rounds and puts their counts in the report. */
  void run(int rounds) throws InterruptedException {
    for (int round = 0; round < rounds; round++) {
      WorkerSettings settings = churningWorker(url, prefix, "worker-" + round, random.nextLong());
      long killedAt;
      try (WorkerProcess worker = WorkerProcess.launch(settings)) {
        worker.awaitSignal(WorkerLine.READY, STARTUP);
        worker.awaitLines(1 + random.nextInt(MAX_ANSWERS_BEFORE_KILL), WorkerLine::isAnswer, STARTUP);
        if (worker.kill()) {
          report.add("kills", 1);
        }
        killedAt = System.nanoTime();
        ends.record(worker.lines());
      }
      checkAfterKill(killedAt);
    }
    report.add("acknowledged", ends.size());
    report.add("lost", lost.size());
    report.add("overwritten", overwritten.size());
  }

  @SuppressWarnings("try") // the sweeper works on its own threads while this waits for its effect in the store
  private void checkAfterKill(long killedAt) throws InterruptedException {
    JdbcJobStore store;
    try {
      store = TestDatabases.openStore(url, prefix);
    } catch (RuntimeException e) {
      report.add("unopenable", 1);
      System.out.println("the database did not open after a kill: " + e);
      return;
    }
    try (store; ProgressTracker sweeper = ProgressTracker.builder().store(store).nodeId("sweeper")
        .heartbeatInterval(HEARTBEAT).staleAfter(STALE_AFTER).build()) {
      report.max("keysHeldTwice", StoredJobs.keysHeldTwice(store));
      AcknowledgedEnds.Mismatches beforeSweep = ends.compareWith(store);
      lost.addAll(beforeSweep.missingOrActive());
      overwritten.addAll(beforeSweep.otherEnd());
      boolean swept = Await.within(STALE_AFTER.multipliedBy(10), () -> StoredJobs.active(store).isEmpty());
      long sweepMillis = Duration.ofNanos(System.nanoTime() - killedAt).toMillis();
      report.max("longestSweepMs", sweepMillis);
      if (!swept || sweepMillis > STALE_AFTER.plus(HEARTBEAT).plus(SWEEP_SLACK).toMillis()) {
        report.add("lateSweeps", 1);
      }
      // The sweeper must end only what was still active: an acknowledged end it replaced was overwritten.
      AcknowledgedEnds.Mismatches afterSweep = ends.compareWith(store);
      afterSweep.otherEnd().stream().filter(id -> !lost.contains(id)).forEach(overwritten::add);
    }
  }
}
