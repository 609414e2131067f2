package dev.headway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.testing.RecordingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

  @Test
  void threadsAdvancingOneJobLoseNoIncrements() throws Exception {
    int threads = 4;
    int perThread = 50_000;
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    try (ProgressTracker tracker = ProgressTracker.builder().flushInterval(Duration.ofMillis(5)).build()) {
      Job job = tracker.start(JobSpec.builder("import", "alice").total((long) threads * perThread).build());
      RecordingListener listener = new RecordingListener();
      tracker.subscribe(job.id(), listener);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(workers.submit(() -> {
          go.await();
          for (int i = 0; i < perThread; i++) {
            job.advance(1);
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
      assertThat(job.snapshot().done()).isEqualTo((long) threads * perThread);
      assertThat(job.snapshot().percent()).isEqualTo(100);
      job.complete();
      JobEvent end = listener.awaitTerminal(job.id(), Duration.ofSeconds(5));
      assertThat(end.job().done()).isEqualTo((long) threads * perThread);
      List<Long> versions = listener.events().stream().map(e -> e.job().version()).toList();
      assertThat(versions).isSorted().doesNotHaveDuplicates();
    } finally {
      workers.shutdownNow();
    }
  }

  @Test
  void manyJobsOnManyThreadsAllEndDurably() throws Exception {
    ExecutorService workers = Executors.newFixedThreadPool(4);
    try (ProgressTracker tracker = ProgressTracker.builder().build()) {
      RecordingListener all = new RecordingListener();
      tracker.subscribe(JobFilter.owner("alice"), all);
      List<Future<String>> ids = new ArrayList<>();
      for (int j = 0; j < 200; j++) {
        ids.add(workers.submit(() -> {
          try (Job job = tracker.start(JobSpec.builder("article", "alice").step("a", 1).step("b", 1).build())) {
            job.startStep("a");
            job.progress(1, 1);
            job.startStep("b");
            job.complete();
            return job.id();
          }
        }));
      }
      for (Future<String> f : ids) {
        String id = f.get(30, TimeUnit.SECONDS);
        all.awaitTerminal(id, Duration.ofSeconds(5));
        assertThat(tracker.find(id).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
      }
    } finally {
      workers.shutdownNow();
    }
  }
}
