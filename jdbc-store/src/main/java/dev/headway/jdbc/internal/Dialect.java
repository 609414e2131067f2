package dev.headway.jdbc.internal;

import dev.headway.jdbc.JdbcStoreException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The databases the store supports, and what differs between them: where their schema scripts live, how schema
 * work is kept to one node at a time, time arithmetic, and what makes a commit durable. Their queries are otherwise
 * the same ({@link JobsSql}).
 */
public enum Dialect {
  /**
   * H2 2.x. Its DDL commits the open transaction, which would release a lock taken in it; so the lock is a row
   * lock held by a second connection while the first runs the scripts. Schema creation therefore needs two
   * connections at once.
   */
  H2("H2", "h2") {
    @Override
    void underSchemaLock(Jdbi jdbi, String prefix, Consumer<Handle> work) {
      String lockTable = prefix + "schema_lock";
      jdbi.useHandle(lock -> {
        // Both are safe when nodes race: H2 runs DDL one session at a time, and MERGE inserts the row at most once.
        // (CREATE TABLE ... AS SELECT is not: another session can see the table before its row.)
        lock.execute("CREATE TABLE IF NOT EXISTS " + lockTable + " (id INT PRIMARY KEY)");
        lock.execute("MERGE INTO " + lockTable + " KEY (id) VALUES (1)");
        lock.useTransaction(locked -> {
          locked.createQuery("SELECT id FROM " + lockTable + " FOR UPDATE").mapTo(Integer.class).one();
          // open(), not useHandle(): a nested useHandle() would hand back this very connection.
          try (Handle worker = jdbi.open()) {
            work.accept(worker);
          }
        });
      });
    }

    @Override
    public String staleCutoff(String microsParameter) {
      return "DATEADD(MICROSECOND, -CAST(:" + microsParameter + " AS BIGINT), CURRENT_TIMESTAMP)";
    }

    /**
     * {@inheritDoc}
     *
     * <p>H2 writes a commit to its file only after its write delay, 500 ms by default, so a process killed within
     * it loses what it acknowledged; without a delay each commit is written before it returns (to the operating
     * system: a crash of the process loses nothing, a power cut may). The setting needs an admin user and holds for
     * the open database only: H2 opens a database again with its default.
     */
    @Override
    public String durableCommits() {
      return "SET WRITE_DELAY 0";
    }
  },

  /** PostgreSQL 12 or newer. DDL is transactional: each run applies in one transaction under an advisory lock. */
  POSTGRESQL("PostgreSQL", "postgresql") {
    @Override
    void underSchemaLock(Jdbi jdbi, String prefix, Consumer<Handle> work) {
      jdbi.useTransaction(handle -> {
        // The second key tells stores with different table prefixes apart; the lock ends with the transaction.
        handle.createQuery("SELECT pg_advisory_xact_lock(:lockClass, :lockObject)")
            .bind("lockClass", LOCK_CLASS)
            .bind("lockObject", prefix.toLowerCase(Locale.ROOT).hashCode())
            .mapTo(String.class)
            .findFirst();
        work.accept(handle);
      });
    }

    @Override
    public String staleCutoff(String microsParameter) {
      return "(CURRENT_TIMESTAMP - CAST(:" + microsParameter + " AS BIGINT) * INTERVAL '1 microsecond')";
    }

    /** {@inheritDoc} PostgreSQL's commit is durable when it returns, unless the host turned that off. */
    @Override
    public String durableCommits() {
      return null;
    }
  };

  /** The first key of PostgreSQL's advisory lock, the same for every Headway store ("HWay"). */
  private static final int LOCK_CLASS = 0x48576179;

  private final String productName;
  private final String scriptFolder;

  Dialect(String productName, String scriptFolder) {
    this.productName = productName;
    this.scriptFolder = scriptFolder;
  }

  /**
   * Returns the dialect of a database.
   *
   * @param productName what the driver's {@code DatabaseMetaData.getDatabaseProductName()} reports
   * @return the dialect
   * @throws JdbcStoreException naming the product and the supported ones when it is not supported
   */
  public static Dialect of(String productName) {
    for (Dialect dialect : values()) {
      if (dialect.productName.equals(productName)) {
        return dialect;
      }
    }
    throw new JdbcStoreException("unsupported database '" + productName + "'; the Headway JDBC store supports "
        + Arrays.stream(values()).map(d -> d.productName).collect(Collectors.joining(" and ")));
  }

  /**
   * Returns the classpath folder of this database's schema scripts, for example {@code db/headway/postgresql}.
   *
   * @return the folder, without a trailing slash
   */
  public String scriptFolder() {
    return "db/headway/" + scriptFolder;
  }

  /**
   * Runs schema work while holding a lock that only one store of this table prefix can hold at a time, across all
   * nodes sharing the database.
   *
   * @param jdbi the database
   * @param prefix the table prefix
   * @param work what to do, on a handle to do it with
   */
  abstract void underSchemaLock(Jdbi jdbi, String prefix, Consumer<Handle> work);

  /**
   * Returns the SQL expression of the database's time a number of microseconds ago: what a last sign of life must be
   * older than for a job to be stale. The database's clock alone, so that the nodes' clocks do not matter.
   *
   * @param microsParameter the name of the parameter that holds the microseconds
   * @return the expression
   */
  public abstract String staleCutoff(String microsParameter);

  /**
   * Returns the statement that makes the database write each commit before the commit returns, to run on each new
   * connection, or null when commits are durable already.
   *
   * @return the statement, or null
   */
  public abstract String durableCommits();
}
