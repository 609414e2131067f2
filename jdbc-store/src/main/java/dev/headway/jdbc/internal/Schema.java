package dev.headway.jdbc.internal;

import dev.headway.jdbc.JdbcStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's tables: the versioned scripts that create them, and the {@code schema_version} table that records
 * which scripts a database has. Each script inserts its own version row, so the record is right whether the store
 * or a migration tool such as Flyway ran it.
 */
public final class Schema {
  private static final Logger LOG = LoggerFactory.getLogger(Schema.class);

  /**
   * The scripts, oldest first; the same names in each dialect's folder. Version {@code n} is the n-th. Released
   * scripts never change; a schema change is a new script. Every statement of a script may run again, so a run that
   * was cut off (H2, MariaDB and MySQL commit each DDL statement on its own) is finished by the next.
   */
  private static final List<String> SCRIPTS = List.of("V1__headway_jobs.sql", "V2__headway_holder_epoch.sql",
      "V3__headway_changes_index.sql", "V4__headway_log_and_stats.sql");

  /** The version of the newest script: what this library needs. */
  static final int LATEST = SCRIPTS.size();

  private static final String PLACEHOLDER = "${prefix}";

  private final Dialect dialect;
  private final String prefix;
  private final String versionTable;

  /**
   * Describes the schema of a database and table prefix.
   *
   * @param dialect the database
   * @param prefix the table prefix, already checked to be a plain identifier
   */
  public Schema(Dialect dialect, String prefix) {
    this.dialect = dialect;
    this.prefix = prefix;
    this.versionTable = prefix + "schema_version";
  }

  /**
   * Applies the scripts the database lacks, under the dialect's schema lock, so that when several nodes start at
   * once exactly one applies each script and the others find it applied.
   *
   * @param jdbi the database
   * @throws JdbcStoreException when the database has a newer schema than this library knows
   */
  public void create(Jdbi jdbi) {
    dialect.underSchemaLock(jdbi, prefix, handle -> {
      int recorded = recordedVersion(handle);
      requireNotNewer(recorded);
      for (int version = recorded + 1; version <= LATEST; version++) {
        handle.createScript(script(version)).executeAsSeparateStatements();
        LOG.info("Applied Headway schema script {} for tables {}*", resource(version), prefix);
      }
    });
  }

  /**
   * Checks that the database's recorded version is the one this library needs.
   *
   * @param jdbi the database
   * @throws JdbcStoreException saying what was found and what to do when it is not
   */
  public void validate(Jdbi jdbi) {
    int recorded = jdbi.withHandle(this::recordedVersion);
    if (recorded == 0) {
      throw new JdbcStoreException("no Headway schema for table prefix '" + prefix + "': table " + versionTable
          + " is missing or empty; build the store with SchemaMode.CREATE or run the scripts in "
          + dialect.scriptFolder() + " (see SchemaMode)");
    }
    requireNotNewer(recorded);
    if (recorded < LATEST) {
      throw new JdbcStoreException("the Headway schema for table prefix '" + prefix + "' is at version " + recorded
          + ", this Headway needs version " + LATEST + "; build the store with SchemaMode.CREATE or run "
          + resource(recorded + 1) + " and later scripts");
    }
  }

  private void requireNotNewer(int recorded) {
    if (recorded > LATEST) {
      throw new JdbcStoreException("the Headway schema for table prefix '" + prefix + "' is at version " + recorded
          + ", newer than version " + LATEST + " that this Headway knows; upgrade Headway");
    }
  }

  /** The highest recorded version, or 0 when the version table does not exist yet. */
  private int recordedVersion(Handle handle) {
    // Checked first rather than caught: on PostgreSQL a failed query would abort the surrounding transaction.
    boolean exists = handle.createQuery("SELECT COUNT(*) FROM information_schema.tables"
            + " WHERE table_schema = " + dialect.currentSchema() + " AND LOWER(table_name) = LOWER(:table)")
        .bind("table", versionTable)
        .mapTo(Integer.class)
        .one() > 0;
    if (!exists) {
      return 0;
    }
    return handle.createQuery("SELECT COALESCE(MAX(version), 0) FROM " + versionTable)
        .mapTo(Integer.class)
        .one();
  }

  private String resource(int version) {
    return dialect.scriptFolder() + "/" + SCRIPTS.get(version - 1);
  }

  /** Reads a script from the jar and puts in the table prefix. */
  private String script(int version) {
    String resource = resource(version);
    try (InputStream in = Schema.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema script " + resource + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(PLACEHOLDER, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read schema script " + resource, e);
    }
  }
}
