package dev.headway.redis;

import static dev.headway.internal.BuilderChecks.once;
import static dev.headway.internal.BuilderChecks.orDefault;
import static dev.headway.internal.BuilderChecks.positive;

import dev.headway.internal.DaemonThreads;
import dev.headway.spi.ChangeNotice;
import dev.headway.spi.ClusterBus;
import dev.headway.spi.NoticeText;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ClusterBus} over Redis pub/sub, through Lettuce, for trackers that share a store of any kind and a Redis
 * server: the same {@code id:version} notices as the PostgreSQL bus, on one Redis channel.
 *
 * <pre>{@code
 * ProgressTracker tracker = ProgressTracker.builder()
 *     .store(store)
 *     .clusterBus(RedisClusterBus.builder("redis://redis.internal:6379").channel("headway").build())
 *     .build();
 * }</pre>
 *
 * <p><b>Sending.</b> Each {@link #publish} sends one {@code PUBLISH} per ~32 kB of notices on a connection of its
 * own, without waiting for Redis's answer: a caller is never held up by Redis, and never sees an error. While that
 * connection is down, or when more than {@value #MAX_IN_FLIGHT} messages await an answer, or when Redis does not
 * answer within {@link Builder#publishTimeout}, the notices are dropped and logged (at most one warning per
 * 10 s): the store holds the truth, and a subscriber elsewhere gets the job's state with its next change.
 *
 * <p><b>Receiving.</b> A second connection subscribes to the channel (named {@code headway-bus-<node id>} in
 * {@code CLIENT LIST}; the sending one {@code headway-pub-<node id>}). Notices of this node are skipped; the others
 * go to the tracker one message at a time, in the order Redis delivered them, on a thread of the bus (never on
 * Lettuce's I/O threads). When the connection drops, Lettuce reconnects and subscribes again; each time the bus is
 * subscribed (the first time too), the tracker re-reads what its subscribers follow, since Redis pub/sub keeps
 * nothing for a subscriber that is away. If Redis cannot be reached when the tracker starts, the bus keeps trying in
 * the background, waiting up to {@link Builder#maxBackoff} between attempts; the tracker starts at once.
 *
 * <p><b>Limits.</b> Pub/sub is at most once: a notice published while a node is disconnected never reaches it (the
 * re-read after reconnecting covers that). Reconnecting relies on the client's auto-reconnect, Lettuce's default.
 * A connection that dies silently (no reset from the network) is noticed only by TCP: enable keep-alive in the
 * client's {@code SocketOptions} where that matters. Every node of a cluster must use the same channel, and a
 * channel must not be shared with other traffic. A bus serves one tracker.
 */
public final class RedisClusterBus implements ClusterBus {
  private static final Logger LOG = LoggerFactory.getLogger(RedisClusterBus.class);
  /** The most messages sent and not yet answered by Redis; beyond, new ones are dropped. */
  static final int MAX_IN_FLIGHT = 1_000;
  /** The most received messages waiting for the tracker; beyond, they are dropped and the tracker resyncs. */
  private static final int MAX_QUEUED = 10_000;
  /** The most bytes one message takes, unless a single notice is longer: far below Redis's limits, one TCP burst. */
  private static final int MAX_MESSAGE_BYTES = 32_000;
  private static final long FIRST_BACKOFF_MILLIS = 100;
  private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(10);
  private static final long DROP_LOG_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);
  private static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(2);
  /** How long {@link #close} waits for messages Redis has not answered yet. */
  private static final Duration CLOSE_WAIT = Duration.ofMillis(500);

  private final RedisClient givenClient;
  private final RedisURI uri;
  private final String channel;
  private final Duration maxBackoff;
  private final Duration publishTimeout;

  private final Object lock = new Object();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicBoolean overflowed = new AtomicBoolean();
  private final RedisPubSubListener<String, String> messages = new Messages();
  private final RedisConnectionStateListener states = new States();
  private volatile long lastDropWarning = System.nanoTime() - DROP_LOG_NANOS;

  private volatile String nodeId;
  private volatile Receiver receiver;
  private volatile boolean closed;
  /** True from a confirmed subscription until the subscribing connection drops. */
  private volatile boolean listening;
  private volatile RedisClient client;
  private volatile ScheduledExecutorService connector;
  private volatile ThreadPoolExecutor delivery;
  private volatile StatefulRedisPubSubConnection<String, String> subscriber;
  private volatile StatefulRedisConnection<String, String> publisher;

  private RedisClusterBus(Builder builder) {
    this.givenClient = builder.client;
    this.uri = builder.uri;
    this.channel = orDefault(builder.channel, "headway");
    this.maxBackoff = orDefault(builder.maxBackoff, DEFAULT_MAX_BACKOFF);
    this.publishTimeout = orDefault(builder.publishTimeout, DEFAULT_PUBLISH_TIMEOUT);
  }

  /**
   * Returns a builder for a bus on a client of the application's: the bus opens two connections with it and closes
   * them when it closes, and leaves the client open.
   *
   * @param client the Lettuce client
   * @return a new builder
   */
  public static Builder builder(RedisClient client) {
    return new Builder(Objects.requireNonNull(client, "client"), null);
  }

  /**
   * Returns a builder for a bus on a Redis server: the bus creates a Lettuce client of its own when it starts, and
   * shuts it down when it closes.
   *
   * @param uri the server, for example {@code redis://127.0.0.1:6379} or {@code rediss://user:secret@host:6380/0}
   * @return a new builder
   * @throws IllegalArgumentException if the URI is not a Redis URI
   */
  public static Builder builder(String uri) {
    return builder(RedisURI.create(Objects.requireNonNull(uri, "uri")));
  }

  /**
   * Returns a builder for a bus on a Redis server: the bus creates a Lettuce client of its own when it starts, and
   * shuts it down when it closes.
   *
   * @param uri the server
   * @return a new builder
   */
  public static Builder builder(RedisURI uri) {
    return new Builder(null, Objects.requireNonNull(uri, "uri"));
  }

  /**
   * Starts connecting and subscribing, in the background: it returns at once, even while Redis cannot be reached.
   *
   * @param nodeId the tracker's node id, put in the notices it publishes
   * @param receiver where the other nodes' notices go
   * @throws IllegalStateException if the bus has already started, or is closed
   */
  @Override
  public void start(String nodeId, Receiver receiver) {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(receiver, "receiver");
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("this bus is closed");
      }
      if (this.receiver != null) {
        throw new IllegalStateException("this bus has already started; a bus serves one tracker");
      }
      this.nodeId = nodeId;
      this.receiver = receiver;
      client = givenClient != null ? givenClient : RedisClient.create(uri);
      delivery = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(MAX_QUEUED),
          new DaemonThreads("headway-redis-receive-" + channel + "-"), new ThreadPoolExecutor.AbortPolicy());
      connector = Executors.newSingleThreadScheduledExecutor(
          new DaemonThreads("headway-redis-connect-" + channel + "-"));
      connector.execute(() -> connect(FIRST_BACKOFF_MILLIS));
    }
  }

  /**
   * Sends the notices to the other nodes without waiting for Redis; drops them (and logs) when Redis is not
   * connected or too slow. Never throws; does nothing before {@link #start} and after {@link #close}.
   *
   * @param notices the jobs and versions this node wrote
   */
  @Override
  public void publish(List<ChangeNotice> notices) {
    String node = nodeId;
    if (notices == null || notices.isEmpty() || node == null || closed) {
      return;
    }
    StatefulRedisConnection<String, String> connection = publisher;
    List<String> texts;
    try {
      texts = NoticeText.encode(node, notices, MAX_MESSAGE_BYTES);
    } catch (RuntimeException e) {
      LOG.warn("could not encode {} notices for Redis channel {}", notices.size(), channel, e);
      return;
    }
    if (connection == null || !connection.isOpen()) {
      dropped(texts.size(), "Redis is not connected", null);
      return;
    }
    for (String text : texts) {
      send(connection, text);
    }
  }

  private void send(StatefulRedisConnection<String, String> connection, String text) {
    if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
      inFlight.decrementAndGet();
      dropped(1, MAX_IN_FLIGHT + " messages are waiting for Redis's answer", null);
      return;
    }
    RedisFuture<Long> sent;
    try {
      sent = connection.async().publish(channel, text);
    } catch (RuntimeException e) {
      inFlight.decrementAndGet();
      dropped(1, "Redis refused the message", e);
      return;
    }
    sent.toCompletableFuture().orTimeout(publishTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((receivers, error) -> {
          inFlight.decrementAndGet();
          if (error == null) {
            published.incrementAndGet();
          } else {
            sent.cancel(false);
            dropped(1, "Redis did not take the message", error);
          }
        });
  }

  private void dropped(int count, String why, Throwable error) {
    long total = dropped.addAndGet(count);
    long now = System.nanoTime();
    if (!closed && now - lastDropWarning >= DROP_LOG_NANOS) {
      lastDropWarning = now;
      LOG.warn("dropped {} notice message(s) on Redis channel {} ({} in all): {}{}; other nodes see those jobs"
          + " with their next change", count, channel, total, why, error == null ? "" : " (" + error + ")");
    } else {
      LOG.debug("dropped {} notice message(s) on Redis channel {}: {}", count, channel, why, error);
    }
  }

  /**
   * Returns whether the bus both hears and reaches the other nodes now: subscribed to its channel, with its
   * sending connection up. False before both are connected, while Lettuce reconnects either, and after
   * {@link #close}.
   *
   * @return true while subscribed and able to publish
   */
  @Override
  public boolean connected() {
    StatefulRedisPubSubConnection<String, String> s = subscriber;
    StatefulRedisConnection<String, String> p = publisher;
    return !closed && listening && s != null && s.isOpen() && p != null && p.isOpen();
  }

  /**
   * Returns how many messages Redis has taken from this node; a message carries the notices of one
   * {@link #publish} call (or part of them, when they are many).
   *
   * @return the count
   */
  public long messagesPublished() {
    return published.get();
  }

  /**
   * Returns how many messages this node has dropped instead of publishing, because Redis was not connected or did
   * not answer in time.
   *
   * @return the count
   */
  public long messagesDropped() {
    return dropped.get();
  }

  /**
   * Returns the Redis channel the bus uses.
   *
   * @return the channel
   */
  public String channel() {
    return channel;
  }

  /**
   * Stops receiving, closes the bus's connections and threads, and shuts down the client if the bus created it (a
   * client given to the builder stays open). Messages Redis has not answered yet get up to 500 ms (at most the
   * publish timeout) first. Calling it again does nothing.
   */
  @Override
  public void close() {
    StatefulRedisPubSubConnection<String, String> s;
    StatefulRedisConnection<String, String> p;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      listening = false;
      s = subscriber;
      p = publisher;
      subscriber = null;
      publisher = null;
    }
    if (connector != null) {
      connector.shutdownNow();
      awaitQuietly(connector);
    }
    if (s != null) {
      s.removeListener(messages);
      s.removeListener(states);
      closeQuietly("the subscribing connection", s::close);
    }
    if (p != null) {
      // The tracker's last writes (announced as it closes) get a short while to reach Redis.
      long deadline = System.nanoTime() + Math.min(publishTimeout.toNanos(), CLOSE_WAIT.toNanos());
      while (inFlight.get() > 0 && System.nanoTime() - deadline < 0 && p.isOpen()) {
        LockSupport.parkNanos(1_000_000);
      }
      closeQuietly("the publishing connection", p::close);
    }
    if (delivery != null) {
      delivery.shutdownNow();
      awaitQuietly(delivery);
    }
    if (givenClient == null && client != null) {
      RedisClient own = client;
      closeQuietly("the Redis client", () -> own.shutdown(Duration.ZERO, Duration.ofSeconds(2)));
    }
  }

  @Override
  public String toString() {
    return "RedisClusterBus[" + channel + "]";
  }

  /** Connects what is not connected yet; on failure, tries again later, waiting longer each time. */
  private void connect(long backoff) {
    if (closed) {
      return;
    }
    try {
      if (publisher == null) {
        StatefulRedisConnection<String, String> p = client.connect(StringCodec.UTF8);
        name(p, "headway-pub-");
        if (!keep(() -> publisher = p)) {
          p.close();
        }
      }
      if (subscriber == null) {
        subscribe();
      }
      LOG.info("cluster bus on Redis channel {} connected (node {})", channel, nodeId);
    } catch (RuntimeException e) {
      if (closed) {
        return;
      }
      LOG.warn("could not connect to Redis for channel {}; trying again in {} ms: {}", channel, backoff,
          e.toString());
      LOG.debug("the failure to connect to Redis", e);
      long next = Math.min(backoff * 2, Math.max(FIRST_BACKOFF_MILLIS, maxBackoff.toMillis()));
      try {
        connector.schedule(() -> connect(next), backoff, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closing) {
        // Closed meanwhile.
      }
    }
  }

  private void subscribe() {
    StatefulRedisPubSubConnection<String, String> s = client.connectPubSub(StringCodec.UTF8);
    try {
      s.addListener(states);
      s.addListener(messages);
      name(s, "headway-bus-");
      LettuceFutures.awaitOrCancel(s.async().subscribe(channel), SUBSCRIBE_TIMEOUT.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    if (!keep(() -> subscriber = s)) {
      s.close();
    }
  }

  /** Names a connection after the node, for {@code CLIENT LIST}; a server that refuses is no matter. */
  private void name(StatefulRedisConnection<String, String> connection, String prefix) {
    String name = prefix + nodeId.replaceAll("[^A-Za-z0-9_.:-]", "_");
    try {
      LettuceFutures.awaitOrCancel(connection.async().clientSetname(name), SUBSCRIBE_TIMEOUT.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      LOG.debug("could not name the Redis connection {}", name, e);
    }
  }

  /** Runs the assignment unless the bus closed meanwhile; returns whether it ran. */
  private boolean keep(Runnable assignment) {
    synchronized (lock) {
      if (closed) {
        return false;
      }
      assignment.run();
      return true;
    }
  }

  /** Hands work to the receiving thread, in order; when its queue is full, the tracker resyncs instead. */
  private void deliver(String what, Runnable work) {
    try {
      delivery.execute(() -> {
        guarded(what, work);
        if (overflowed.getAndSet(false)) {
          guarded("re-read after dropping notices", () -> receiver.resync());
        }
      });
    } catch (RejectedExecutionException e) {
      if (!closed) {
        if (!overflowed.getAndSet(true)) {
          LOG.warn("the tracker is behind by {} messages on Redis channel {}; it re-reads what it follows instead",
              MAX_QUEUED, channel);
        }
      }
    }
  }

  private void guarded(String what, Runnable work) {
    if (closed) {
      return;
    }
    try {
      work.run();
    } catch (RuntimeException e) {
      LOG.warn("could not {} on Redis channel {}", what, channel, e);
    }
  }

  private static void closeQuietly(String what, Runnable closing) {
    try {
      closing.run();
    } catch (RuntimeException e) {
      LOG.warn("could not close {} of the Redis bus", what, e);
    }
  }

  private static void awaitQuietly(ExecutorService executor) {
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What arrives on the subscribing connection, on Lettuce's I/O thread: handed to the receiving thread. */
  private final class Messages extends RedisPubSubAdapter<String, String> {
    @Override
    public void message(String from, String text) {
      if (!channel.equals(from) || text == null) {
        return;
      }
      if (NoticeText.nodeOf(text).equals(nodeId)) {
        return; // This node's own write: it knows.
      }
      deliver("pass on notices", () -> receiver.changed(NoticeText.decode(text)));
    }

    @Override
    public void subscribed(String to, long count) {
      if (!channel.equals(to)) {
        return;
      }
      listening = true;
      LOG.debug("subscribed to Redis channel {}; re-reading what the tracker follows", channel);
      deliver("re-read after subscribing", () -> receiver.resync());
    }
  }

  /** The subscribing connection's ups and downs: down, the bus is deaf until subscribed again. */
  private final class States implements RedisConnectionStateListener {
    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
      if (listening && !closed) {
        LOG.warn("lost the Redis connection of channel {}; reconnecting", channel);
      }
      listening = false;
    }
  }

  /** Builds a {@link RedisClusterBus}. Every setting may be given once. Not thread-safe. */
  public static final class Builder {
    private final RedisClient client;
    private final RedisURI uri;
    private String channel;
    private Duration maxBackoff;
    private Duration publishTimeout;

    private Builder(RedisClient client, RedisURI uri) {
      this.client = client;
      this.uri = uri;
    }

    /**
     * Sets the Redis channel. Every node of a cluster must use the same one, and no other traffic. Default:
     * {@code headway}.
     *
     * @param channel a non-blank name
     * @return this builder
     */
    public Builder channel(String channel) {
      Objects.requireNonNull(channel, "channel");
      if (channel.isBlank()) {
        throw new IllegalArgumentException("channel must not be blank");
      }
      this.channel = once(this.channel, channel, "channel");
      return this;
    }

    /**
     * Sets the longest pause between attempts to connect while Redis cannot be reached at start. Once connected,
     * Lettuce's own reconnecting takes over. Default: 5 s.
     *
     * @param backoff a positive duration
     * @return this builder
     */
    public Builder maxBackoff(Duration backoff) {
      this.maxBackoff = once(this.maxBackoff, positive("maxBackoff", backoff), "maxBackoff");
      return this;
    }

    /**
     * Sets how long a published message may wait for Redis's answer before it counts as dropped. The caller never
     * waits for it. Default: 2 s.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder publishTimeout(Duration timeout) {
      this.publishTimeout = once(this.publishTimeout, positive("publishTimeout", timeout), "publishTimeout");
      return this;
    }

    /**
     * Builds the bus; the tracker starts it. Nothing connects before then.
     *
     * @return the bus
     */
    public RedisClusterBus build() {
      return new RedisClusterBus(this);
    }
  }
}
