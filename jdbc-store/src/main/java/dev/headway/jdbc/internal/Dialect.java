package dev.headway.jdbc.internal;

import dev.headway.jdbc.JdbcStoreException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The databases the store supports, and what differs between them: where their schema scripts live, how schema
 * work is kept to one node at a time, the clock and time arithmetic, how a list of values is bound, a bounded delete,
 * and what makes a commit durable. Their queries are otherwise the same ({@link JobsSql}). H2 and PostgreSQL speak
 * the standard forms, which are the defaults here; MariaDB and MySQL override them.
 */
public enum Dialect {
  /**
   * H2 2.x. Its DDL commits the open transaction, which would release a lock taken in it; so the lock is a row
   * lock held by a second connection while the first runs the scripts. Schema creation therefore needs two
   * connections at once.
   */
  H2("h2", "H2") {
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
  POSTGRESQL("postgresql", "PostgreSQL") {
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
  },

  /**
   * MariaDB 10.6 or newer and MySQL 8.0 or newer, on InnoDB, through either's driver (MariaDB's reports "MySQL" on a
   * MySQL server, MySQL's reports "MySQL" on both). DDL commits on its own, so schema work runs under a named lock
   * of the session. Times are UTC {@code DATETIME(6)}: the clock is {@code UTC_TIMESTAMP(6)} and instants are bound
   * as UTC date-times, so neither the session's nor the JVM's time zone, nor a daylight saving change, moves them.
   */
  MARIADB("mariadb", "MariaDB", "MySQL") {
    @Override
    void underSchemaLock(Jdbi jdbi, String prefix, Consumer<Handle> work) {
      // A session's lock outlives the commits of the DDL it runs; the server releases it should the session die.
      String lock = "headway_schema:" + prefix.toLowerCase(Locale.ROOT);
      jdbi.useHandle(handle -> {
        Integer locked = handle.createQuery("SELECT GET_LOCK(:lock, :seconds)")
            .bind("lock", lock)
            .bind("seconds", SCHEMA_LOCK_SECONDS)
            .mapTo(Integer.class)
            .one();
        if (locked == null || locked != 1) {
          throw new JdbcStoreException("could not take the schema lock '" + lock + "' within " + SCHEMA_LOCK_SECONDS
              + " seconds: another node has held it that long");
        }
        try {
          work.accept(handle);
        } finally {
          handle.createQuery("SELECT RELEASE_LOCK(:lock)").bind("lock", lock).mapTo(Integer.class).one();
        }
      });
    }

    @Override
    public String now() {
      return "UTC_TIMESTAMP(6)";
    }

    @Override
    public String staleCutoff(String microsParameter) {
      return "(UTC_TIMESTAMP(6) - INTERVAL :" + microsParameter + " MICROSECOND)";
    }

    /** {@inheritDoc} InnoDB's commit is durable when it returns, unless the server was set up otherwise. */
    @Override
    public String durableCommits() {
      return null;
    }

    @Override
    public boolean timesHaveZones() {
      return false;
    }

    @Override
    public String currentSchema() {
      return "DATABASE()";
    }

    /** {@inheritDoc} Neither has arrays: the values are bound one by one. */
    @Override
    public OneOf oneOf(String column, String name, Collection<String> values) {
      return OneOf.expanded(column, name, values);
    }

    /** {@inheritDoc} Neither takes a limited subquery in {@code IN}; both take {@code DELETE ... LIMIT}. */
    @Override
    public String deleteFirst(String table, String condition, String order, String limitParameter) {
      return "DELETE FROM " + table + " WHERE " + condition + " ORDER BY " + order + " LIMIT :" + limitParameter;
    }
  };

  /** How long a node waits for another node's schema work on MariaDB and MySQL; it takes a second or so. */
  private static final int SCHEMA_LOCK_SECONDS = 300;

  /** The first key of PostgreSQL's advisory lock, the same for every Headway store ("HWay"). */
  private static final int LOCK_CLASS = 0x48576179;

  private final String scriptFolder;
  private final List<String> productNames;

  Dialect(String scriptFolder, String... productNames) {
    this.scriptFolder = scriptFolder;
    this.productNames = List.of(productNames);
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
      if (dialect.productNames.contains(productName)) {
        return dialect;
      }
    }
    List<String> supported = Arrays.stream(values()).flatMap(d -> d.productNames.stream()).toList();
    int last = supported.size() - 1;
    throw new JdbcStoreException("unsupported database '" + productName + "'; the Headway JDBC store supports "
        + String.join(", ", supported.subList(0, last)) + " and " + supported.get(last));
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
   * Returns the SQL expression of the database's time now, to the microsecond: what a sign of life records.
   *
   * @return the expression
   */
  public String now() {
    return "CURRENT_TIMESTAMP";
  }

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

  /**
   * Returns whether the time columns hold an instant with its zone, so instants are bound as UTC offset date-times;
   * otherwise they hold UTC date-times without a zone, and instants are bound so.
   *
   * @return true for {@code TIMESTAMP WITH TIME ZONE} columns
   */
  public boolean timesHaveZones() {
    return true;
  }

  /**
   * Returns the SQL expression of the schema (on MariaDB and MySQL: the database) that unqualified table names are
   * in, as {@code information_schema} names it.
   *
   * @return the expression
   */
  public String currentSchema() {
    return "CURRENT_SCHEMA";
  }

  /**
   * Returns the condition that a column holds one of a list of values, with their binding.
   *
   * @param column the column
   * @param name the name to bind the values under
   * @param values the values, at least one
   * @return the condition; by default {@code column = ANY(:name)} with the values bound as one array, one statement
   *     text for any number of values
   */
  public OneOf oneOf(String column, String name, Collection<String> values) {
    return OneOf.array(column, name, values);
  }

  /**
   * Returns a statement that deletes at most {@code :limitParameter} rows that meet a condition, first in an order.
   *
   * @param table the table
   * @param condition which rows may go
   * @param order which go first, a unique order
   * @param limitParameter the name of the parameter that holds the limit
   * @return the statement; by default a delete of the ids a limited subquery selects
   */
  public String deleteFirst(String table, String condition, String order, String limitParameter) {
    return "DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table + " WHERE " + condition + " ORDER BY "
        + order + " LIMIT :" + limitParameter + ")";
  }
}
