package dev.headway.jdbc;

import static dev.headway.internal.BuilderChecks.once;
import static dev.headway.internal.BuilderChecks.positive;

import dev.headway.spi.ChangeNotice;
import dev.headway.spi.ClusterBus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ClusterBus} for trackers whose {@link JdbcJobStore}s share a database without LISTEN/NOTIFY (H2 in server
 * or shared-file mode, MariaDB, MySQL; it works on PostgreSQL too): it follows the store's change index instead of
 * receiving messages. No broker besides the database, and nothing to send: the store's writes are the notices.
 *
 * <pre>{@code
 * JdbcJobStore store = JdbcJobStore.builder().jdbcUrl("jdbc:mariadb://db/app").build();
 * ProgressTracker tracker = ProgressTracker.builder()
 *     .store(store)
 *     .clusterBus(JdbcPollingBus.builder(store).build())
 *     .build();
 * }</pre>
 *
 * <p><b>Reading.</b> One daemon thread reads, on the jobs table's index on {@code (version, id)} (schema version 3),
 * the jobs whose version is above the highest it has seen minus an overlap of {@value #OVERLAP_MILLIS} ms, at most
 * {@value #BATCH} rows a statement, paging on while a page is full (up to {@value #MAX_PAGES} statements; the next
 * read, after {@code minInterval}, goes on from there). A version is the writing node's clock in
 * microseconds when the state was made, and a write-behind batch commits after that: the overlap catches rows that
 * committed late, and clocks of nodes apart by less than it. Rows are de-duplicated by (id, version) and passed on in
 * version order, one {@link Receiver#changed} call per read.
 *
 * <p><b>Interval.</b> After a read that found changes the next comes after {@link Builder#minInterval} (default
 * 100 ms); each read that found none doubles the pause, up to {@link Builder#maxInterval} (default 2 s). An idle
 * cluster costs one indexed query per node every {@code maxInterval}; a busy one, one query per node every
 * {@code minInterval} reading the rows changed in the last {@value #OVERLAP_MILLIS} ms. Cross-node latency is
 * about the write-behind delay plus up to one interval.
 *
 * <p><b>Own writes.</b> A row held by this tracker's node that is active and has no cancel request was written by
 * this node: it is not passed on. Any other row is, named after its holder, or after {@code "store"} when this node
 * holds it (an ending or a cancel request another node wrote): the tracker then re-reads it, which for its own
 * write is harmless.
 *
 * <p><b>Failures.</b> A failed read is logged; the bus then waits twice as long each time, up to {@code maxInterval},
 * and says it is not {@linkplain #connected() connected}. The first read that works again calls
 * {@link Receiver#resync()}, so the tracker re-reads what its subscribers follow.
 *
 * <p>A bus serves one tracker. It is not the default of a store: see {@link JdbcJobStore#defaultClusterBus()}.
 */
public final class JdbcPollingBus implements ClusterBus {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcPollingBus.class);
  /** Rows read per statement at most. */
  static final int BATCH = 500;
  /** Statements per read at most: a longer backlog is read on by the next reads, at once. */
  static final int MAX_PAGES = 20;
  /** How far below the highest version seen each read starts again. */
  static final long OVERLAP_MILLIS = 2_000;
  private static final long OVERLAP_MICROS = OVERLAP_MILLIS * 1_000;
  private static final long CLOSE_WAIT_MILLIS = 2_000;
  /** The node named in notices of rows this node holds but did not write. */
  private static final String STORE = "store";

  private final JdbcJobStore store;
  private final long minNanos;
  private final long maxNanos;
  private final Object lock = new Object();
  private final Map<String, Long> delivered = new HashMap<>();
  private Thread thread;
  private volatile boolean closed;
  private volatile boolean connected;
  private volatile long intervalNanos;
  private volatile long reads;
  private long high = Long.MIN_VALUE;
  /** Where the next read goes on after one that stopped at {@link #MAX_PAGES}; null to start below {@code high}. */
  private String resumeId;
  private long resumeVersion;

  private JdbcPollingBus(Builder builder) {
    this.store = builder.store;
    this.minNanos = (builder.minInterval != null ? builder.minInterval : Duration.ofMillis(100)).toNanos();
    this.maxNanos = (builder.maxInterval != null ? builder.maxInterval : Duration.ofSeconds(2)).toNanos();
    if (minNanos > maxNanos) {
      throw new IllegalArgumentException("minInterval " + Duration.ofNanos(minNanos) + " is above maxInterval "
          + Duration.ofNanos(maxNanos));
    }
    this.intervalNanos = minNanos;
  }

  /**
   * Returns a builder for a polling bus over a store.
   *
   * @param store the tracker's store, whose tables the other nodes' stores share
   * @return a new builder
   */
  public static Builder builder(JdbcJobStore store) {
    return new Builder(Objects.requireNonNull(store, "store"));
  }

  /**
   * Starts the reading thread.
   *
   * @param nodeId the tracker's node id: rows it holds and wrote are not passed on
   * @param receiver where the changes go
   * @throws IllegalStateException if the bus has already started
   */
  @Override
  public void start(String nodeId, Receiver receiver) {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(receiver, "receiver");
    synchronized (lock) {
      if (thread != null) {
        throw new IllegalStateException("this bus has already started; a bus serves one tracker");
      }
      if (closed) {
        throw new IllegalStateException("this bus is closed");
      }
      thread = new Thread(() -> run(nodeId, receiver), "headway-poll " + nodeId);
      thread.setDaemon(true);
      thread.start();
    }
  }

  /**
   * Does nothing: the other nodes find this node's writes in the store.
   *
   * @param notices ignored
   */
  @Override
  public void publish(List<ChangeNotice> notices) {}

  /**
   * Returns whether the last read of the change index worked.
   *
   * @return false before the first read and while reads fail
   */
  @Override
  public boolean connected() {
    return connected;
  }

  /**
   * Returns the pause before the next read: {@code minInterval} while jobs move, up to {@code maxInterval} when idle
   * or while reads fail.
   *
   * @return the current interval
   */
  public Duration interval() {
    return Duration.ofNanos(intervalNanos);
  }

  /**
   * Returns how many reads of the change index have completed, each of one statement or more.
   *
   * @return the count
   */
  public long reads() {
    return reads;
  }

  /** Stops the reading thread, waiting up to 2 s for it to end. It may be called again. */
  @Override
  public void close() {
    Thread t;
    synchronized (lock) {
      closed = true;
      t = thread;
    }
    if (t == null || t == Thread.currentThread()) {
      return;
    }
    t.interrupt();
    try {
      t.join(CLOSE_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run(String nodeId, Receiver receiver) {
    boolean failing = true;
    boolean everFailed = false;
    while (!closed) {
      boolean changed;
      try {
        changed = poll(nodeId, receiver, failing && everFailed);
        failing = false;
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        if (!failing || !everFailed) {
          LOG.warn("could not read the changed jobs; reading again with growing pauses, up to {}",
              Duration.ofNanos(maxNanos), e);
        } else {
          LOG.debug("could not read the changed jobs", e);
        }
        connected = false;
        failing = true;
        everFailed = true;
        changed = false;
      }
      intervalNanos = changed ? minNanos : Math.min(maxNanos, intervalNanos * 2);
      if (!pause(intervalNanos)) {
        return;
      }
    }
  }

  /** One read: returns whether it found rows it had not seen, or has more to read. */
  private boolean poll(String nodeId, Receiver receiver, boolean recovering) {
    if (high == Long.MIN_VALUE) {
      high = store.maxVersion();
    }
    List<ChangeNotice> notices = new ArrayList<>();
    boolean fresh = false;
    long version = resumeId != null ? resumeVersion : high - OVERLAP_MICROS;
    String id = resumeId != null ? resumeId : "";
    resumeId = null;
    for (int pages = 1; ; pages++) {
      List<JdbcJobStore.Change> page = store.changedAfter(version, id, BATCH);
      for (JdbcJobStore.Change row : page) {
        Long before = delivered.get(row.id());
        if (before == null || before < row.version()) {
          delivered.put(row.id(), row.version());
          fresh = true;
          boolean own = row.holder().equals(nodeId);
          if (!own || row.ended() || row.cancelRequested()) {
            notices.add(new ChangeNotice(own ? STORE : row.holder(), row.id(), row.version()));
          }
        }
        high = Math.max(high, row.version());
      }
      if (page.size() < BATCH || closed) {
        break;
      }
      JdbcJobStore.Change last = page.get(page.size() - 1);
      version = last.version();
      id = last.id();
      if (pages == MAX_PAGES) {
        resumeVersion = version;
        resumeId = id;
        break;
      }
    }
    reads++;
    connected = true;
    if (recovering) {
      guarded("re-read after the change index could be read again", receiver::resync);
    }
    long floor = high - OVERLAP_MICROS;
    delivered.values().removeIf(v -> v < floor);
    if (!notices.isEmpty()) {
      guarded("pass on " + notices.size() + " changes", () -> receiver.changed(notices));
    }
    return fresh || resumeId != null;
  }

  private static void guarded(String what, Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      LOG.warn("could not {}", what, e);
    }
  }

  private boolean pause(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
      return !closed;
    } catch (InterruptedException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "JdbcPollingBus[" + store.channel() + "]";
  }

  /** Builds a {@link JdbcPollingBus}. Every setting may be given once. Not thread-safe. */
  public static final class Builder {
    private final JdbcJobStore store;
    private Duration minInterval;
    private Duration maxInterval;

    private Builder(JdbcJobStore store) {
      this.store = store;
    }

    /**
     * Sets the pause between reads while jobs move. Default: 100 ms.
     *
     * @param interval a positive duration, at most {@link #maxInterval}
     * @return this builder
     */
    public Builder minInterval(Duration interval) {
      this.minInterval = once(this.minInterval, positive("minInterval", interval), "minInterval");
      return this;
    }

    /**
     * Sets the longest pause between reads, reached when nothing moves or while reads fail. Default: 2 s.
     *
     * @param interval a positive duration, at least {@link #minInterval}
     * @return this builder
     */
    public Builder maxInterval(Duration interval) {
      this.maxInterval = once(this.maxInterval, positive("maxInterval", interval), "maxInterval");
      return this;
    }

    /**
     * Builds the bus; the tracker starts it.
     *
     * @return the bus
     * @throws IllegalArgumentException if {@code minInterval} is above {@code maxInterval}
     */
    public JdbcPollingBus build() {
      return new JdbcPollingBus(this);
    }
  }
}
