package dev.headway.redis;

import static dev.headway.redis.TestRedis.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.spi.ChangeNotice;
import dev.headway.spi.ClusterBus;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Buses on the machine's Redis, without trackers: what each hands its receiver. */
class RedisClusterBusTest {
  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  private static final Duration LONG = Duration.ofSeconds(15);

  private final String channel = redis.newChannel();
  // Node ids of this run: the test kills a subscriber by its node's name, and runs may share the server.
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String a = "a-" + run;
  private final String b = "b-" + run;
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  private RedisClusterBus started(String nodeId, ClusterBus.Receiver receiver) {
    RedisClusterBus bus = RedisClusterBus.builder(redis.url()).channel(channel).build();
    closing.add(bus);
    bus.start(nodeId, receiver);
    awaitTrue(bus::connected, LONG, "the bus of " + nodeId + " is subscribed");
    return bus;
  }

  private static List<ChangeNotice> notices(String nodeId, int from, int count) {
    return IntStream.range(from, from + count).mapToObj(i -> new ChangeNotice(nodeId, "job-" + i, i)).toList();
  }

  @Test
  void eachNodeGetsTheOthersNoticesInOrderAndNeverItsOwn() {
    RecordingReceiver onA = new RecordingReceiver();
    RecordingReceiver onB = new RecordingReceiver();
    RedisClusterBus busA = started(a, onA);
    RedisClusterBus busB = started(b, onB);

    List<ChangeNotice> fromA = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      List<ChangeNotice> batch = notices(a, i * 3, 3);
      busA.publish(batch);
      fromA.addAll(batch);
    }
    assertThat(onB.awaitNotices(fromA.size(), LONG)).containsExactlyElementsOf(fromA);

    // b's notice reaches a after every earlier message on the channel, a's own included: had a not skipped its
    // own, they would be there.
    List<ChangeNotice> fromB = notices(b, 1000, 1);
    busB.publish(fromB);
    assertThat(onA.awaitNotices(1, LONG)).containsExactlyElementsOf(fromB);
    assertThat(onB.notices()).containsExactlyElementsOf(fromA);
    assertThat(busA.messagesPublished()).isEqualTo(50);
    assertThat(busA.messagesDropped()).isZero();
    awaitTrue(() -> onA.resyncs() == 1, LONG, "a resynced on subscribing, the first time");
  }

  @Test
  void manyNoticesAtOnceAreSplitIntoMessagesAndAllArriveInOrder() {
    RecordingReceiver onB = new RecordingReceiver();
    RedisClusterBus busA = started(a, new RecordingReceiver());
    started(b, onB);
    List<ChangeNotice> many = notices(a, 0, 20_000);

    busA.publish(many);

    assertThat(onB.awaitNotices(many.size(), LONG)).containsExactlyElementsOf(many);
    awaitTrue(() -> busA.messagesPublished() > 1, LONG, "Redis took every message");
  }

  @Test
  void aKilledSubscriptionIsRestoredAndTheReceiverToldToResync() {
    RecordingReceiver onA = new RecordingReceiver();
    RecordingReceiver onB = new RecordingReceiver();
    RedisClusterBus busA = started(a, onA);
    RedisClusterBus busB = started(b, onB);
    awaitTrue(() -> onB.resyncs() == 1, LONG, "b resynced on subscribing, the first time");

    assertThat(redis.killSubscriber(b)).isEqualTo(1);

    awaitTrue(() -> onB.resyncs() == 2, LONG, "b resyncs after subscribing again");
    awaitTrue(busB::connected, LONG, "b is subscribed again");
    busA.publish(notices(a, 7, 1));
    assertThat(onB.awaitNotices(1, LONG)).containsExactlyElementsOf(notices(a, 7, 1));
    assertThat(onA.resyncs()).isEqualTo(1);
  }

  @Test
  void aReceiverThatThrowsDoesNotStopTheBus() {
    RecordingReceiver recorded = new RecordingReceiver();
    RedisClusterBus busA = started(a, new RecordingReceiver());
    started(b, new ClusterBus.Receiver() {
      @Override
      public void changed(List<ChangeNotice> notices) {
        recorded.changed(notices);
        throw new IllegalStateException("a failing receiver, on purpose");
      }

      @Override
      public void resync() {
        throw new IllegalStateException("a failing receiver, on purpose");
      }
    });

    busA.publish(notices(a, 1, 1));
    busA.publish(notices(a, 2, 1));

    assertThat(recorded.awaitNotices(2, LONG)).containsExactlyElementsOf(notices(a, 1, 2));
  }

  @Test
  void closingLeavesAClientGivenToTheBuilderOpenAndIsIdempotent() {
    RedisClient client = RedisClient.create(redis.url());
    try {
      RedisClusterBus bus = RedisClusterBus.builder(client).channel(channel).build();
      bus.start(a, new RecordingReceiver());
      awaitTrue(bus::connected, LONG, "the bus is subscribed");

      bus.close();
      bus.close();

      assertThat(bus.connected()).isFalse();
      bus.publish(notices(a, 1, 1)); // after close: nothing, no error
      try (StatefulRedisConnection<String, String> still = client.connect()) {
        assertThat(still.sync().ping()).isEqualTo("PONG");
      }
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
