package dev.headway.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.headway.ExclusiveKeyException;
import dev.headway.JobFilter;
import dev.headway.JobSnapshot;
import dev.headway.JobStats;
import dev.headway.JobStatus;
import dev.headway.LogLine;
import dev.headway.jdbc.internal.Dialect;
import dev.headway.jdbc.internal.DurableCommits;
import dev.headway.jdbc.internal.FencedWrites;
import dev.headway.jdbc.internal.JobRows;
import dev.headway.jdbc.internal.JobsSql;
import dev.headway.jdbc.internal.Jdbis;
import dev.headway.jdbc.internal.LogRows;
import dev.headway.jdbc.internal.NotificationListener;
import dev.headway.jdbc.internal.Schema;
import dev.headway.jdbc.internal.SqlErrors;
import dev.headway.jdbc.internal.StatsSql;
import dev.headway.jdbc.internal.WriteAnnouncer;
import dev.headway.spi.CancelRequests;
import dev.headway.spi.ClusterBus;
import dev.headway.spi.JobRun;
import dev.headway.spi.JobStore;
import dev.headway.spi.JobWrite;
import dev.headway.spi.StoredJob;
import dev.headway.spi.WriteConflict;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * A durable {@link JobStore} in a SQL database: H2 2.x, PostgreSQL 12+, MariaDB 10.6+ or MySQL 8.0+, through JDBC.
 *
 * <pre>{@code
 * JdbcJobStore store = JdbcJobStore.builder()
 *     .dataSource(hostPool)                 // or .jdbcUrl("jdbc:postgresql://db/app").credentials("app", secret)
 *     .build();                              // creates or upgrades the tables (SchemaMode.CREATE)
 * ProgressTracker tracker = ProgressTracker.builder().store(store).build();
 * }</pre>
 *
 * <p>Jobs live in one table, {@code <prefix>jobs}, one row per job: the whole snapshot as JSON plus the columns the
 * queries need, with an index for each query. Their log lines live in {@code <prefix>job_log} and the steps that
 * {@link #stats} counts in {@code <prefix>job_steps}, written in the transaction of the write that brings them and
 * deleted with their job. Every write of a job is a compare-and-set on its row: applied only
 * while the job is active, held at the writer's epoch and older than the written state, so an ended job never
 * changes, a node whose job was taken over can no longer write it, and a stale state never overwrites a newer one;
 * a write that changed no row is read back and reported, never counted as done. Signs of life and staleness use
 * the database's clock alone. An exclusive key is claimed by the database itself: a unique index on the key of
 * active jobs, so two nodes racing for a key cannot both win. A cancel request is kept in its own columns, so later
 * progress writes that do not know of it cannot erase it.
 *
 * <p>A write is durable when its call returns. PostgreSQL's and InnoDB's (MariaDB, MySQL) commits are; H2 keeps
 * commits in memory for its write delay (500 ms by default), so on H2 the store turns the delay off: on every
 * connection of the pool it creates, and once when built on a host's data source, where the host should also put
 * {@code ;WRITE_DELAY=0} in the URL (H2 reopens a database with its default once all its connections closed).
 * Either needs an admin user on H2.
 *
 * <p>The store is thread-safe. Each call borrows a connection and returns it before the call returns; calls never
 * hold a transaction open between them. Database failures are thrown as {@link JdbcStoreException} naming the
 * operation. Times are kept at microsecond precision.
 *
 * <p>Closing the store closes the connection pool it created for {@link Builder#jdbcUrl(String)}; a data source
 * passed to {@link Builder#dataSource(DataSource)} belongs to the host and is left open.
 *
 * <p>On PostgreSQL a tracker on this store tells the trackers of other nodes on the same database what it wrote,
 * through a {@link PostgresClusterBus}; on H2 (whose database belongs to one process), MariaDB and MySQL it does not.
 */
public final class JdbcJobStore implements JobStore, ClusterBus.Default, AutoCloseable {

  /**
   * How often an insert tries again when the row in its way (the holder of its key) was gone before it could be
   * named, or the database rolled it back to break a deadlock. Each retry means a job ended in between, so this
   * bounds a pathological churn, not a normal race.
   */
  private static final int MAX_INSERT_ATTEMPTS = 10;

  /** A hundred years in microseconds: see {@link #micros(Duration)}. */
  private static final long MAX_STALE_MICROS = TimeUnit.DAYS.toMicros(36_525);

  private final Jdbi jdbi;
  private final JobsSql sql;
  private final FencedWrites fenced;
  private final LogRows logs;
  private final StatsSql stats;
  private final HikariDataSource ownedPool;
  private final DataSource dataSource;
  private final Dialect dialect;
  private final String tablePrefix;
  private volatile WriteAnnouncer announcer;

  private JdbcJobStore(Jdbi jdbi, JobsSql sql, HikariDataSource ownedPool, DataSource dataSource, Dialect dialect,
      String tablePrefix) {
    this.jdbi = jdbi;
    this.sql = sql;
    this.logs = new LogRows(tablePrefix, dialect);
    this.stats = new StatsSql(tablePrefix);
    this.fenced = new FencedWrites(sql, logs, stats);
    this.ownedPool = ownedPool;
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.tablePrefix = tablePrefix;
  }

  /**
   * Returns a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void insert(JobSnapshot job, String exclusiveKey, String nodeId) {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(nodeId, "nodeId");
    // A job that is inserted already ended is not active, so it neither holds nor contests a key.
    String key = job.isFinished() ? null : exclusiveKey;
    withHandle("insert job " + job.id(), handle -> {
      insert(handle, job, key, nodeId);
      // A job inserted ended (an import, say) has its steps counted right after: the insert's retries run outside a
      // transaction.
      stats.countSteps(handle, List.of(job));
      // After the insert committed: its retries run outside a transaction, which PostgreSQL aborts on a conflict.
      announce(handle, List.of(job));
      return null;
    });
  }

  private void insert(Handle handle, JobSnapshot job, String key, String nodeId) {
    for (int attempt = 1; ; attempt++) {
      try {
        JobRows.bindInsert(handle.createUpdate(sql.insert()), job, key, nodeId).execute();
        return;
      } catch (JdbiException e) {
        if (SqlErrors.isRolledBack(e) && attempt < MAX_INSERT_ATTEMPTS) {
          // InnoDB: inserts that wait for the key of a row another transaction changes can deadlock each other
          // when it commits; the database rolls one back, which is then free to try again.
          continue;
        }
        if (!SqlErrors.isUniqueViolation(e)) {
          throw e;
        }
      }
      // The primary key or the key index refused the row; find out which.
      if (handle.createQuery(sql.exists()).bind("id", job.id()).mapTo(Integer.class).one() > 0) {
        throw new IllegalArgumentException("a job with id " + job.id() + " already exists");
      }
      Optional<String> holder = key == null
          ? Optional.empty()
          : handle.createQuery(sql.keyHolder()).bind("key", key).mapTo(String.class).findOne();
      if (holder.isPresent()) {
        throw new ExclusiveKeyException(key, holder.get());
      }
      // The row in the way is gone: its job ended or was deleted since. The key may be free now.
      if (attempt == MAX_INSERT_ATTEMPTS) {
        throw new JdbcStoreException("could not insert job " + job.id() + ": refused " + attempt + " times as a"
            + " duplicate, each time of a job that was gone when looked up");
      }
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>In one transaction: all states in one JDBC batch, in the order of their ids (concurrent batches then lock
   * their rows in the same order and cannot deadlock), and, when some changed no row, one query that reads those
   * jobs back.
   */
  @Override
  public List<WriteConflict> update(List<JobWrite> writes) {
    requireNoNulls(writes, "writes");
    if (writes.isEmpty()) {
      return List.of();
    }
    return inTransaction("update " + writes.size() + " jobs", handle -> {
      FencedWrites.Outcome outcome = fenced.update(handle, writes);
      announce(handle, outcome.written());
      return outcome.conflicts();
    });
  }

  /**
   * {@inheritDoc}
   *
   * <p>In one transaction: all endings in one JDBC batch, in the order of their ids, and one query that reads the
   * written jobs back.
   */
  @Override
  public List<JobSnapshot> takeOver(String nodeId, Duration staleAfter, List<JobWrite> endings) {
    Objects.requireNonNull(nodeId, "nodeId");
    long staleMicros = micros(staleAfter);
    requireNoNulls(endings, "endings");
    if (endings.isEmpty()) {
      return List.of();
    }
    return inTransaction("take over " + endings.size() + " jobs", handle -> {
      List<JobSnapshot> written = fenced.takeOver(handle, nodeId, staleMicros, endings).written();
      announce(handle, written);
      return written;
    });
  }

  @Override
  public Optional<JobSnapshot> find(String id) {
    Objects.requireNonNull(id, "id");
    return withHandle("find job " + id,
        handle -> handle.createQuery(sql.find()).bind("id", id).map(JobRows.SNAPSHOT).findOne());
  }

  /**
   * {@inheritDoc}
   *
   * <p>In one query.
   */
  @Override
  public List<JobSnapshot> findAll(Collection<String> ids) {
    Objects.requireNonNull(ids, "ids");
    if (ids.isEmpty()) {
      return List.of();
    }
    return withHandle("find " + ids.size() + " jobs", handle -> sql.findAll(handle, ids).map(JobRows.SNAPSHOT).list());
  }

  @Override
  public List<JobSnapshot> list(JobFilter filter) {
    Objects.requireNonNull(filter, "filter");
    return withHandle("list jobs", handle -> sql.list(handle, filter).map(JobRows.SNAPSHOT).list());
  }

  /**
   * {@inheritDoc}
   *
   * <p>The job's row stays locked from reading it to writing the request, so no other write comes in between.
   */
  @Override
  public Optional<JobSnapshot> requestCancel(String id, String reason, Instant at) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    return inTransaction("request cancel of job " + id, handle -> {
      Optional<JobSnapshot> stored =
          handle.createQuery(sql.findForUpdate()).bind("id", id).map(JobRows.SNAPSHOT).findOne();
      if (stored.isEmpty() || stored.get().isFinished()) {
        return stored;
      }
      JobSnapshot requested = CancelRequests.recorded(stored.get(), reason, at);
      JobRows.bindUpdate(handle.createUpdate(sql.replace()), requested)
          .bind("expectedVersion", stored.get().version())
          .execute();
      announce(handle, List.of(requested));
      return Optional.of(requested);
    });
  }

  /**
   * {@inheritDoc}
   *
   * <p>One statement, whatever the number of ids.
   */
  @Override
  public void heartbeat(String nodeId, Collection<String> ids) {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(ids, "ids");
    if (ids.isEmpty()) {
      return;
    }
    withHandle("record a heartbeat for " + ids.size() + " jobs",
        handle -> sql.heartbeat(handle, nodeId, ids).execute());
  }

  @Override
  public List<StoredJob> findStale(Duration staleAfter, int limit) {
    long staleMicros = micros(staleAfter);
    requireNonNegative(limit);
    return withHandle("find stale jobs", handle -> handle.createQuery(sql.findStale())
        .bind("staleMicros", staleMicros)
        .bind("limit", limit)
        .map(JobRows.HELD)
        .list());
  }

  @Override
  public List<JobRun> recentRuns(String type, int limit) {
    Objects.requireNonNull(type, "type");
    requireNonNegative(limit);
    return withHandle("read recent runs of type " + type, handle -> handle.createQuery(sql.recentRuns())
        .bind("type", type)
        .bind("limit", limit)
        .map(JobRows.RUN)
        .list());
  }

  /**
   * {@inheritDoc}
   *
   * <p>One query, a range of the log table's primary key.
   */
  @Override
  public List<LogLine> readLog(String jobId, long afterSeq, int limit) {
    Objects.requireNonNull(jobId, "jobId");
    requireNonNegative(limit);
    return withHandle("read the log of job " + jobId, handle -> logs.read(handle, jobId, afterSeq, limit));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Two grouped queries, one over the jobs and one over their counted steps, each a range by end of an index by
   * owner, by type, or by end alone. Jobs that ended before schema version 4 count by outcome only.
   */
  @Override
  public JobStats stats(JobFilter filter, Instant since) {
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(since, "since");
    return withHandle("read stats since " + since, handle -> stats.stats(handle, filter, since));
  }

  @Override
  public int deleteEndedBefore(Instant cutoff, int limit) {
    Objects.requireNonNull(cutoff, "cutoff");
    requireNonNegative(limit);
    return withHandle("delete jobs that ended before " + cutoff, handle -> handle.createUpdate(sql.deleteEndedBefore())
        .bind("cutoff", cutoff)
        .bind("limit", limit)
        .execute());
  }

  /** Closes the connection pool the store created for a JDBC URL; a host's data source is left open. */
  @Override
  public void close() {
    if (ownedPool != null) {
      ownedPool.close();
    }
  }

  /**
   * Returns a new {@link PostgresClusterBus} on PostgreSQL, else {@link ClusterBus#inProcess()}.
   *
   * <p>On the other databases the {@link JdbcPollingBus} is not the default, so a tracker that shares its tables
   * with other nodes opts in with {@code clusterBus(JdbcPollingBus.builder(store).build())}: whether tables are
   * shared cannot be told from a data source (H2 in memory, in a private file or in a shared server look alike to
   * it, and most MariaDB or MySQL deployments of a library like this one run one node), and a polling bus costs
   * every such single node a query every 2 s, and each write-heavy one ten a second, for nothing.
   *
   * @return the bus
   */
  @Override
  public ClusterBus defaultClusterBus() {
    return onPostgres() ? PostgresClusterBus.builder(this).build() : ClusterBus.inProcess();
  }

  /** A row of the change index: a job's version, its holder, and whether it ended or has a cancel request. */
  record Change(String id, long version, String holder, boolean ended, boolean cancelRequested) {}

  /** Reads up to {@code limit} rows of the change index after the position (version, id), in that order. */
  List<Change> changedAfter(long version, String id, int limit) {
    return withHandle("read the jobs changed since version " + version, handle -> handle
        .createQuery(sql.changedAfter())
        .bind("version", version)
        .bind("id", id)
        .bind("limit", limit)
        .map((rs, ctx) -> new Change(rs.getString(1), rs.getLong(2), rs.getString(3),
            JobStatus.fromWireName(rs.getString(4)).isTerminal(), rs.getBoolean(5)))
        .list());
  }

  /** Reads the highest version of any job, 0 when there is none. */
  long maxVersion() {
    return withHandle("read the highest version", handle -> handle.createQuery(sql.maxVersion())
        .mapTo(Long.class)
        .one());
  }

  boolean onPostgres() {
    return dialect == Dialect.POSTGRESQL;
  }

  /** The notification channel of this store's writes: its table's name. */
  String channel() {
    return (tablePrefix + "jobs").toLowerCase(Locale.ROOT);
  }

  /** Starts announcing every write with the announcer, in the write's transaction. */
  synchronized void announceWrites(WriteAnnouncer writes) {
    if (announcer != null) {
      throw new IllegalStateException("this store already announces its writes for another cluster bus; give"
          + " each tracker a store of its own");
    }
    announcer = writes;
  }

  /** Stops announcing writes with the announcer, if it is the current one. */
  synchronized void stopAnnouncing(WriteAnnouncer writes) {
    if (announcer == writes) {
      announcer = null;
    }
  }

  /**
   * Opens connections outside the pool for a listener: with the pool's URL and credentials when it is HikariCP,
   * else borrowed from the data source.
   */
  NotificationListener.Opener listenerConnections() {
    if (dataSource instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null) {
      String url = hikari.getJdbcUrl();
      Properties credentials = new Properties();
      if (hikari.getUsername() != null) {
        credentials.setProperty("user", hikari.getUsername());
      }
      if (hikari.getPassword() != null) {
        credentials.setProperty("password", hikari.getPassword());
      }
      return () -> DriverManager.getConnection(url, credentials);
    }
    return dataSource::getConnection;
  }

  /** Announces the states a write stored, in its transaction, while a cluster bus listens. */
  private void announce(Handle handle, List<JobSnapshot> written) {
    WriteAnnouncer writes = announcer;
    if (writes != null) {
      writes.announce(handle, written);
    }
  }

  private <T> T withHandle(String operation, HandleCallback<T, RuntimeException> work) {
    try {
      return jdbi.withHandle(work);
    } catch (JdbiException e) {
      throw SqlErrors.failed(operation, e);
    }
  }

  private <T> T inTransaction(String operation, HandleCallback<T, RuntimeException> work) {
    try {
      return jdbi.inTransaction(work);
    } catch (JdbiException e) {
      throw SqlErrors.failed(operation, e);
    }
  }

  /**
   * The duration in microseconds, the precision of the database's timestamps, within a hundred years either way:
   * longer than any job lives, and short enough that every database can take the database's time minus it (H2
   * counts it in nanoseconds, which overflow past 292 years, PostgreSQL refuses an interval of
   * {@code Long.MAX_VALUE} microseconds, and the DATETIME of MariaDB and MySQL starts at the year 1000).
   */
  private static long micros(Duration staleAfter) {
    long micros = TimeUnit.MICROSECONDS.convert(Objects.requireNonNull(staleAfter, "staleAfter"));
    return Math.max(-MAX_STALE_MICROS, Math.min(MAX_STALE_MICROS, micros));
  }

  private static <T> void requireNoNulls(List<T> values, String name) {
    Objects.requireNonNull(values, name);
    for (T value : values) {
      Objects.requireNonNull(value, () -> name + " must not contain null");
    }
  }

  private static void requireNonNegative(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, was " + limit);
    }
  }

  /**
   * Builds a {@link JdbcJobStore}. Give exactly one of {@link #dataSource(DataSource)} and
   * {@link #jdbcUrl(String)}; every setting may be given once. Not thread-safe.
   */
  public static final class Builder {
    /** Unquoted, it is an identifier in every supported database; short enough for the longest index name. */
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,29}");

    private DataSource dataSource;
    private String jdbcUrl;
    private boolean credentialsSet;
    private String user;
    private String password;
    private SchemaMode schema;
    private String tablePrefix;

    private Builder() {}

    /**
     * Uses the host's connection pool. The store never closes it.
     *
     * @param dataSource the pool
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder dataSource(DataSource dataSource) {
      requireUnset(this.dataSource, "dataSource");
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * Connects to a database by URL through a HikariCP pool that the store creates, owns and closes in
     * {@link JdbcJobStore#close()}. The database's JDBC driver must be on the classpath.
     *
     * @param jdbcUrl for example {@code jdbc:postgresql://db:5432/app}, {@code jdbc:mariadb://db:3306/app} or
     *     {@code jdbc:h2:./data/headway}
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder jdbcUrl(String jdbcUrl) {
      requireUnset(this.jdbcUrl, "jdbcUrl");
      this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      return this;
    }

    /**
     * Sets the user and password for {@link #jdbcUrl(String)}. Optional: the URL may carry them, or the database
     * may not need them.
     *
     * @param user the database user
     * @param password the password, or null
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder credentials(String user, String password) {
      if (credentialsSet) {
        throw new IllegalStateException("credentials are already set");
      }
      this.user = Objects.requireNonNull(user, "user");
      this.password = password;
      this.credentialsSet = true;
      return this;
    }

    /**
     * Sets what {@link #build()} does about the tables. Default: {@link SchemaMode#CREATE}.
     *
     * @param schema the mode
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder schema(SchemaMode schema) {
      requireUnset(this.schema, "schema");
      this.schema = Objects.requireNonNull(schema, "schema");
      return this;
    }

    /**
     * Sets the prefix of the store's table and index names, so several stores, or other applications' tables, can
     * share a database schema. Default: {@code headway_}, giving {@code headway_jobs} and
     * {@code headway_schema_version}.
     *
     * @param tablePrefix 1–30 ASCII letters, digits or underscores, not starting with a digit
     * @return this builder
     * @throws IllegalArgumentException if the prefix is not of that form
     * @throws IllegalStateException if already set
     */
    public Builder tablePrefix(String tablePrefix) {
      requireUnset(this.tablePrefix, "tablePrefix");
      Objects.requireNonNull(tablePrefix, "tablePrefix");
      if (!PREFIX.matcher(tablePrefix).matches()) {
        throw new IllegalArgumentException("tablePrefix must be 1–30 ASCII letters, digits or underscores, not"
            + " starting with a digit, was '" + tablePrefix + "'");
      }
      this.tablePrefix = tablePrefix;
      return this;
    }

    /**
     * Connects, recognises the database, applies the {@linkplain #schema(SchemaMode) schema mode} and returns the
     * store.
     *
     * @return the store
     * @throws IllegalStateException if neither or both of a data source and a JDBC URL are set, or credentials are
     *     set with a data source
     * @throws JdbcStoreException if the database cannot be reached, is not one the store supports, or its schema
     *     does not pass the schema mode
     */
    public JdbcJobStore build() {
      if (dataSource == null && jdbcUrl == null) {
        throw new IllegalStateException("no database: set dataSource(...) to use a pool of yours, or jdbcUrl(...)"
            + " for one the store creates");
      }
      if (dataSource != null && jdbcUrl != null) {
        throw new IllegalStateException("dataSource and jdbcUrl exclude each other: set one");
      }
      if (dataSource != null && credentialsSet) {
        throw new IllegalStateException("credentials go with jdbcUrl; a dataSource brings its own");
      }
      String prefix = tablePrefix != null ? tablePrefix : "headway_";
      HikariDataSource ownedPool = jdbcUrl != null ? openPool() : null;
      try {
        DataSource pool = ownedPool != null ? ownedPool : dataSource;
        Dialect dialect = detectDialect(pool);
        Jdbi jdbi = Jdbis.create(pool, dialect);
        if (ownedPool == null) {
          DurableCommits.onHostDataSource(jdbi, dialect);
        }
        Schema tables = new Schema(dialect, prefix);
        switch (schema != null ? schema : SchemaMode.CREATE) {
          case CREATE -> tables.create(jdbi);
          case VALIDATE -> tables.validate(jdbi);
          case NONE -> { }
        }
        return new JdbcJobStore(jdbi, new JobsSql(prefix, dialect), ownedPool, pool, dialect, prefix);
      } catch (JdbiException e) {
        closeQuietly(ownedPool, e);
        throw SqlErrors.failed("set up the Headway tables with prefix '" + prefix + "'", e);
      } catch (RuntimeException e) {
        closeQuietly(ownedPool, e);
        throw e;
      }
    }

    private HikariDataSource openPool() {
      HikariConfig config = new HikariConfig();
      config.setPoolName("headway-jdbc");
      config.setJdbcUrl(jdbcUrl);
      config.setUsername(user);
      config.setPassword(password);
      DurableCommits.configure(config, jdbcUrl);
      try {
        return new HikariDataSource(config);
      } catch (RuntimeException e) {
        // The URL is not repeated: it may carry a password.
        throw SqlErrors.failed("connect to the database at the jdbcUrl", e);
      }
    }

    private static Dialect detectDialect(DataSource pool) {
      String product;
      try (Connection connection = pool.getConnection()) {
        product = connection.getMetaData().getDatabaseProductName();
      } catch (SQLException e) {
        throw SqlErrors.failed("read which database this is", e);
      }
      return Dialect.of(product);
    }

    private static void closeQuietly(HikariDataSource pool, RuntimeException failure) {
      if (pool != null) {
        try {
          pool.close();
        } catch (RuntimeException e) {
          failure.addSuppressed(e);
        }
      }
    }

    private static void requireUnset(Object current, String setting) {
      if (current != null) {
        throw new IllegalStateException(setting + " is already set");
      }
    }
  }
}
