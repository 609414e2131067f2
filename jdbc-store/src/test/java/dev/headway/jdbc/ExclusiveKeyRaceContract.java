package dev.headway.jdbc;

import static dev.headway.testing.SnapshotBuilder.job;
import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.ExclusiveKeyException;
import dev.headway.JobSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two stores on one database, each with its own connection pool as two nodes would have, race for exclusive keys:
 * only the database can pick the winner.
 */
abstract class ExclusiveKeyRaceContract {
  private static final int ROUNDS = 50;
  private static final int CONTENDERS = 8;

  /** The database of the concrete test class. */
  protected abstract TestDatabase database();

  @Test
  void exactlyOneNodeWinsEachKeyAndEveryLoserLearnsTheWinner() throws Exception {
    String prefix = database().newPrefix();
    List<JdbcJobStore> nodes = List.of(
        database().track(database().urlBuilder(prefix).build()),
        database().track(database().urlBuilder(prefix).build()));
    ExecutorService pool = Executors.newFixedThreadPool(CONTENDERS);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        race(pool, nodes, "race-" + round + "-" + UUID.randomUUID());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void race(ExecutorService pool, List<JdbcJobStore> nodes, String key) throws Exception {
    CountDownLatch ready = new CountDownLatch(CONTENDERS);
    CountDownLatch go = new CountDownLatch(1);
    List<JobSnapshot> contenders = new ArrayList<>();
    List<Future<String>> outcomes = new ArrayList<>();
    for (int i = 0; i < CONTENDERS; i++) {
      JobSnapshot contender = job().id(UUID.randomUUID().toString()).message("contender " + i).build();
      JdbcJobStore node = nodes.get(i % nodes.size());
      contenders.add(contender);
      Callable<String> attempt = () -> {
        ready.countDown();
        // Spin rather than park, so the contenders leave together and really collide.
        while (go.getCount() > 0) {
          Thread.onSpinWait();
        }
        try {
          node.insert(contender, key, "node-" + contender.id());
          return "won";
        } catch (ExclusiveKeyException e) {
          return "lost to " + e.activeJobId();
        }
      };
      outcomes.add(pool.submit(attempt));
    }
    assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
    go.countDown();

    List<String> results = new ArrayList<>();
    for (Future<String> outcome : outcomes) {
      results.add(outcome.get(30, TimeUnit.SECONDS));
    }
    List<String> winners = new ArrayList<>();
    for (int i = 0; i < CONTENDERS; i++) {
      if (results.get(i).equals("won")) {
        winners.add(contenders.get(i).id());
      }
    }
    assertThat(winners).as("winners of %s", key).hasSize(1);
    String winner = winners.get(0);
    assertThat(results).as("outcomes of %s", key).containsOnly("won", "lost to " + winner);
    for (JdbcJobStore node : nodes) {
      assertThat(node.find(winner)).isPresent();
    }
  }
}
