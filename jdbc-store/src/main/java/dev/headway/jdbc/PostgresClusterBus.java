package dev.headway.jdbc;

import static dev.headway.internal.BuilderChecks.once;
import static dev.headway.internal.BuilderChecks.positive;

import dev.headway.jdbc.internal.NotificationListener;
import dev.headway.jdbc.internal.WriteAnnouncer;
import dev.headway.spi.ChangeNotice;
import dev.headway.spi.ClusterBus;
import dev.headway.spi.NoticeText;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * A {@link ClusterBus} over PostgreSQL's LISTEN/NOTIFY, for trackers whose {@link JdbcJobStore}s share one
 * PostgreSQL database: no broker besides the database.
 *
 * <p>It is what a tracker on a PostgreSQL store uses unless told otherwise; build one only to change its settings:
 *
 * <pre>{@code
 * ProgressTracker tracker = ProgressTracker.builder()
 *     .store(store)
 *     .clusterBus(PostgresClusterBus.builder(store).checkEvery(Duration.ofSeconds(10)).build())
 *     .build();
 * }</pre>
 *
 * <p><b>Sending.</b> The store announces each write from inside the write's transaction with
 * {@code pg_notify(channel, payload)}: a write-behind batch sends one notification per ~7 kB of {@code id:version}
 * lines, so the database sees a number of notifications bounded by flushes, not by progress calls, and a notice
 * is delivered when (and only if) its write commits. The channel is the store's table name ({@code headway_jobs}).
 *
 * <p><b>Receiving.</b> One connection of its own, outside the store's pool, listens; a thread waits on it with
 * pgjdbc's {@code getNotifications(timeout)}, checks it with {@code SELECT 1} every {@link Builder#checkEvery}, and
 * reconnects with a growing pause (up to {@link Builder#maxBackoff}) when it fails. Each time it listens again the
 * tracker re-reads the jobs its subscribers follow, so nothing written while it was deaf is missed for good.
 *
 * <p>A bus serves one tracker, and a store one bus at a time.
 */
public final class PostgresClusterBus implements ClusterBus {
  private final JdbcJobStore store;
  private final NotificationListener.Opener connections;
  private final Duration checkEvery;
  private final Duration maxBackoff;
  private volatile WriteAnnouncer announcer;
  private volatile NotificationListener listener;

  private PostgresClusterBus(Builder builder) {
    this.store = builder.store;
    this.connections = builder.connections != null ? builder.connections::getConnection
        : store.listenerConnections();
    this.checkEvery = builder.checkEvery != null ? builder.checkEvery : Duration.ofSeconds(5);
    this.maxBackoff = builder.maxBackoff != null ? builder.maxBackoff : Duration.ofSeconds(5);
  }

  /**
   * Returns a builder for a bus over a PostgreSQL store.
   *
   * @param store the tracker's store
   * @return a new builder
   * @throws IllegalArgumentException if the store is not on PostgreSQL
   */
  public static Builder builder(JdbcJobStore store) {
    Objects.requireNonNull(store, "store");
    if (!store.onPostgres()) {
      throw new IllegalArgumentException("LISTEN/NOTIFY needs PostgreSQL; this store is on another database");
    }
    return new Builder(store);
  }

  @Override
  public synchronized void start(String nodeId, Receiver receiver) {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(receiver, "receiver");
    if (listener != null) {
      throw new IllegalStateException("this bus has already started; a bus serves one tracker");
    }
    String channel = store.channel();
    WriteAnnouncer writes = new WriteAnnouncer(channel, nodeId);
    store.announceWrites(writes);
    announcer = writes;
    listener = new NotificationListener(connections, channel, "headway-bus " + nodeId, checkEvery, maxBackoff,
        payload -> receiver.changed(NoticeText.decode(payload)), receiver::resync);
    listener.start();
  }

  /** Does nothing: the store has announced the write from inside its transaction. */
  @Override
  public void publish(List<ChangeNotice> notices) {}

  /**
   * Returns how many notifications this node has sent.
   *
   * @return the count, 0 before {@link #start}
   */
  public long notificationsSent() {
    WriteAnnouncer writes = announcer;
    return writes != null ? writes.notifications() : 0;
  }

  /**
   * Returns whether the listening connection is up.
   *
   * @return true while connected
   */
  @Override
  public boolean connected() {
    NotificationListener l = listener;
    return l != null && l.connected();
  }

  /** Stops announcing the store's writes and closes the listening connection. */
  @Override
  public synchronized void close() {
    if (announcer != null) {
      store.stopAnnouncing(announcer);
    }
    if (listener != null) {
      listener.close();
    }
  }

  @Override
  public String toString() {
    return "PostgresClusterBus[" + store.channel() + "]";
  }

  /** Builds a {@link PostgresClusterBus}. Every setting may be given once. Not thread-safe. */
  public static final class Builder {
    private final JdbcJobStore store;
    private DataSource connections;
    private Duration checkEvery;
    private Duration maxBackoff;

    private Builder(JdbcJobStore store) {
      this.store = store;
    }

    /**
     * Sets where the listening connection comes from. Default: a connection opened with the JDBC URL and
     * credentials of the store's HikariCP pool (the store's own, or the host's), outside the pool; for another
     * kind of data source, one connection borrowed from it for as long as the bus runs.
     *
     * @param connections a data source whose {@code getConnection()} opens a new PostgreSQL connection
     * @return this builder
     */
    public Builder connections(DataSource connections) {
      this.connections = once(this.connections, connections, "connections");
      return this;
    }

    /**
     * Sets how often the listening connection is checked with {@code SELECT 1}. Default: 5 s.
     *
     * @param interval a positive duration
     * @return this builder
     */
    public Builder checkEvery(Duration interval) {
      this.checkEvery = once(this.checkEvery, positive("checkEvery", interval), "checkEvery");
      return this;
    }

    /**
     * Sets the longest pause between attempts to reconnect. Default: 5 s.
     *
     * @param backoff a positive duration
     * @return this builder
     */
    public Builder maxBackoff(Duration backoff) {
      this.maxBackoff = once(this.maxBackoff, positive("maxBackoff", backoff), "maxBackoff");
      return this;
    }

    /**
     * Builds the bus; the tracker starts it.
     *
     * @return the bus
     */
    public PostgresClusterBus build() {
      return new PostgresClusterBus(this);
    }
  }
}
