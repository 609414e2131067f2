package dev.headway.jdbc;

/**
 * What {@link JdbcJobStore.Builder#build()} does about the store's tables.
 *
 * <p>The schema ships in the jar as versioned SQL scripts, {@code V1__headway_jobs.sql},
 * {@code V2__headway_holder_epoch.sql}, {@code V3__headway_changes_index.sql} and
 * {@code V4__headway_log_and_stats.sql} in {@code db/headway/h2},
 * {@code db/headway/postgresql} and {@code db/headway/mariadb} (MariaDB and MySQL), with the table prefix as the placeholder {@code ${prefix}}. Each
 * script also records its version in {@code ${prefix}schema_version}, so {@link #VALIDATE} works whoever ran it, and
 * each may run again after a run that was cut off. A host that manages its schema with Flyway points a Flyway
 * instance (with its own history table) at its database's folder, for example
 * {@code classpath:db/headway/postgresql}, and sets the placeholder {@code prefix}, for example to {@code headway_}.
 */
public enum SchemaMode {
  /**
   * Creates the tables, or applies the scripts the database lacks, and records their versions. Several nodes may
   * start at once: the work happens under a database lock, so exactly one of them applies each script. The
   * default.
   */
  CREATE,
  /**
   * Checks that the database holds exactly the schema version this library ships, and fails the build otherwise;
   * changes nothing. For hosts whose tables are created by a migration tool or a DBA.
   */
  VALIDATE,
  /** Trusts the host: checks nothing. A missing or wrong table surfaces on the store's first call. */
  NONE
}
