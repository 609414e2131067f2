package dev.headway.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headway.Job;
import dev.headway.JobSpec;
import dev.headway.JobStatus;
import dev.headway.ProgressTracker;
import dev.headway.spi.ChangeNotice;
import dev.headway.spi.JobStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What needs no Redis server: the builder's checks, and a bus whose Redis cannot be reached. */
class RedisClusterBusOfflineTest {

  /** A local port nothing listens on. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void eachSettingIsGivenOnceAndChecked() {
    RedisClusterBus.Builder builder = RedisClusterBus.builder("redis://127.0.0.1:6379").channel("x");
    assertThatThrownBy(() -> builder.channel("y")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> builder.maxBackoff(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.publishTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RedisClusterBus.builder("not a uri")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RedisClusterBus.builder("redis://h").channel(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(builder.build().channel()).isEqualTo("x");
    assertThat(RedisClusterBus.builder("redis://h").build().channel()).isEqualTo("headway");
  }

  @Test
  void publishingWhileRedisIsUnreachableNeitherThrowsNorBlocks() throws IOException {
    RedisClusterBus bus = RedisClusterBus.builder("redis://127.0.0.1:" + closedPort())
        .maxBackoff(Duration.ofMillis(200)).build();
    RecordingReceiver receiver = new RecordingReceiver();
    long started = System.nanoTime();
    bus.start("a", receiver);
    List<ChangeNotice> notices = IntStream.range(0, 100).mapToObj(i -> new ChangeNotice("a", "job-" + i, i)).toList();

    for (int i = 0; i < 1_000; i++) {
      bus.publish(notices);
    }

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    assertThat(bus.connected()).isFalse();
    assertThat(bus.messagesDropped()).isEqualTo(1_000);
    assertThat(bus.messagesPublished()).isZero();
    long closing = System.nanoTime();
    bus.close();
    bus.close();
    assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(5));
    assertThat(receiver.resyncs()).isZero();
  }

  @Test
  void aTrackerWhoseRedisIsUnreachableStillRunsItsJobs() throws IOException {
    RedisClusterBus bus = RedisClusterBus.builder("redis://127.0.0.1:" + closedPort()).build();
    try (ProgressTracker tracker = ProgressTracker.builder().store(JobStore.inMemory()).clusterBus(bus)
        .flushInterval(Duration.ofMillis(50)).build()) {
      Job job = tracker.start(JobSpec.builder("article", "alice").step("research", 1).build());
      job.startStep("research");
      job.progress(1, 2);
      job.complete();
      assertThat(tracker.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
      assertThat(bus.connected()).isFalse();
    }
  }
}
