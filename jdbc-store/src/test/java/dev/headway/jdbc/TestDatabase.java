package dev.headway.jdbc;

import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real database for one test class, registered with {@code @RegisterExtension static final}: H2 in memory, H2 in
 * a file under {@code target/}, the PostgreSQL named by {@code HEADWAY_TEST_PG_URL} or the MariaDB (or MySQL) named
 * by {@code HEADWAY_TEST_MARIADB_URL}.
 *
 * <p>Every store a test builds through it gets its own random table prefix (or shares one on purpose), so test
 * classes and concurrent runs against one database server never meet. After the class, the stores are closed and
 * their tables dropped.
 *
 * <p>Without its variable, a class on a database server is skipped with the reason, unless the environment variable
 * {@code CI} is set: then it fails, so a CI run cannot pass without having tested every database.
 */
final class TestDatabase implements ExecutionCondition, BeforeAllCallback, AfterAllCallback {

  private enum Kind {
    H2_MEMORY("H2", null, null),
    H2_FILE("H2", null, null),
    POSTGRES("PostgreSQL", "HEADWAY_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"),
    MARIADB("MariaDB", "HEADWAY_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root");

    final String product;
    /** The variable that holds the JDBC URL of the server to test against, user and password included. */
    final String urlVariable;
    final String exampleUrl;

    Kind(String product, String urlVariable, String exampleUrl) {
      this.product = product;
      this.urlVariable = urlVariable;
      this.exampleUrl = exampleUrl;
    }

    boolean isServer() {
      return urlVariable != null;
    }

    String howToName() {
      return "set " + urlVariable + " to a " + product + " JDBC URL, for example " + exampleUrl;
    }

    /** The URL the variable names, or null when it is unset or blank. */
    String namedUrl() {
      String url = System.getenv(urlVariable);
      return url == null || url.isBlank() ? null : url;
    }
  }

  private final Kind kind;
  private final String urlOptions;
  private String url;
  private final List<String> prefixes = new ArrayList<>();
  private final List<JdbcJobStore> stores = new ArrayList<>();
  private HikariDataSource pool;
  private String sharedPrefix;
  private JdbcJobStore shared;

  private TestDatabase(Kind kind) {
    this(kind, null);
  }

  private TestDatabase(Kind kind, String urlOptions) {
    this.kind = kind;
    this.urlOptions = urlOptions;
  }

  /** An H2 database in memory, private to the test class. */
  static TestDatabase h2Memory() {
    return new TestDatabase(Kind.H2_MEMORY);
  }

  /** An H2 database in a file under {@code target/h2}, deleted after the class. */
  static TestDatabase h2File() {
    return new TestDatabase(Kind.H2_FILE);
  }

  /** The PostgreSQL database named by {@code HEADWAY_TEST_PG_URL}. */
  static TestDatabase postgres() {
    return new TestDatabase(Kind.POSTGRES);
  }

  /** The MariaDB (or MySQL) database named by {@code HEADWAY_TEST_MARIADB_URL}. */
  static TestDatabase mariaDb() {
    return new TestDatabase(Kind.MARIADB);
  }

  /**
   * The MariaDB database named by {@code HEADWAY_TEST_MARIADB_URL}, connected to with driver options added to that
   * URL.
   *
   * @param urlOptions for example {@code useAffectedRows=true}
   */
  static TestDatabase mariaDb(String urlOptions) {
    return new TestDatabase(Kind.MARIADB, urlOptions);
  }

  /** Skips a class on a server when none is named, outside CI; a skipped class shows with its reason. */
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (kind.isServer() && kind.namedUrl() == null && System.getenv("CI") == null) {
      return ConditionEvaluationResult.disabled(kind.product + " tests skipped: " + kind.howToName());
    }
    return ConditionEvaluationResult.enabled("a database is available");
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    String name = context.getRequiredTestClass().getSimpleName() + "-" + UUID.randomUUID();
    url = switch (kind) {
      // Kept open between connections; the class drops it at the end.
      case H2_MEMORY -> "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
      case H2_FILE -> "jdbc:h2:./target/h2/" + name;
      case POSTGRES, MARIADB -> serverUrl();
    };
  }

  /** Reached only with a URL, or in CI, where a missing URL fails the class. */
  private String serverUrl() {
    String url = kind.namedUrl();
    if (url == null) {
      fail(kind.urlVariable + " is required when CI is set: " + kind.howToName());
    }
    return urlOptions == null ? url : url + (url.contains("?") ? "&" : "?") + urlOptions;
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    for (JdbcJobStore store : stores) {
      store.close();
    }
    if (pool != null) {
      pool.close();
    }
    if (!kind.isServer()) {
      // Drops everything, and for a file database deletes its files.
      execute("DROP ALL OBJECTS DELETE FILES");
      return;
    }
    for (String prefix : prefixes) {
      // The log and steps tables first: they refer to the jobs table.
      for (String table : List.of("job_log", "job_steps", "jobs", "schema_version", "schema_lock")) {
        execute("DROP TABLE IF EXISTS " + prefix + table);
      }
    }
  }

  /** The folder of this database's schema scripts on the classpath. */
  String scriptFolder() {
    return switch (kind) {
      case H2_MEMORY, H2_FILE -> "db/headway/h2";
      case POSTGRES -> "db/headway/postgresql";
      case MARIADB -> "db/headway/mariadb";
    };
  }

  /**
   * Whether the first schema script creates the tables as version 1 had them, before holders and epochs: not on
   * MariaDB, whose scripts came after version 2.
   */
  boolean hasVersionOneTables() {
    return kind != Kind.MARIADB;
  }

  /** Whether the time columns have zones: not on MariaDB, whose are UTC date-times. */
  boolean timesHaveZones() {
    return kind != Kind.MARIADB;
  }

  /** The JDBC URL. */
  String url() {
    return url;
  }

  /** The JDBC URL with driver options added. */
  String url(String options) {
    return url + (url.contains("?") ? "&" : "?") + options;
  }

  /** A fresh table prefix, whose tables are dropped after the class. */
  String newPrefix() {
    String prefix = "hwt_" + UUID.randomUUID().toString().substring(0, 8) + "_";
    prefixes.add(prefix);
    return prefix;
  }

  /**
   * A builder for a store with the given prefix on the class's own connection pool, which many stores can share
   * without exhausting the database's connections; {@link #track} what it builds.
   */
  JdbcJobStore.Builder builder(String prefix) {
    return JdbcJobStore.builder().dataSource(pool()).tablePrefix(prefix);
  }

  /** A builder for a store with the given prefix and a connection pool of its own, like a node of a cluster. */
  JdbcJobStore.Builder urlBuilder(String prefix) {
    return JdbcJobStore.builder().jdbcUrl(url).tablePrefix(prefix);
  }

  private synchronized HikariDataSource pool() {
    if (pool == null) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(url);
      config.setMaximumPoolSize(10);
      pool = new HikariDataSource(config);
    }
    return pool;
  }

  /** Closes the store after the class. */
  JdbcJobStore track(JdbcJobStore store) {
    synchronized (stores) {
      stores.add(store);
    }
    return store;
  }

  /** A store with fresh tables, closed after the class. */
  JdbcJobStore newStore() {
    return track(builder(newPrefix()).build());
  }

  /** The class's shared store, with its jobs deleted: what a contract test starts from. */
  JdbcJobStore cleanStore() throws SQLException {
    if (shared == null) {
      sharedPrefix = newPrefix();
      shared = track(urlBuilder(sharedPrefix).build());
    }
    execute("DELETE FROM " + sharedPrefix + "jobs");
    return shared;
  }

  /** Runs a statement on a connection of its own. */
  void execute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /**
   * Describes a table as its schema scripts leave it: each column with its type and nullability, and each index
   * with its columns, sorted, so two tables built by different routes compare equal when they are the same.
   */
  List<String> describe(String table) throws SQLException {
    // CONCAT, not ||, which MariaDB and MySQL read as OR.
    String schema = kind == Kind.MARIADB ? "DATABASE()" : "CURRENT_SCHEMA";
    String columns = "SELECT CONCAT(LOWER(column_name), ' ', LOWER(data_type), ' ', is_nullable)"
        + " FROM information_schema.columns WHERE table_schema = " + schema + " AND LOWER(table_name) = LOWER(?)";
    String indexes = switch (kind) {
      case POSTGRES -> "SELECT 'index ' || indexname || ': ' || indexdef FROM pg_indexes WHERE tablename = LOWER(?)";
      case MARIADB -> "SELECT CONCAT('index ', LOWER(index_name), ': ', LOWER(column_name), ' ', seq_in_index, ' ',"
          + " non_unique) FROM information_schema.statistics"
          + " WHERE table_schema = DATABASE() AND LOWER(table_name) = LOWER(?) AND index_name <> 'PRIMARY'";
      case H2_MEMORY, H2_FILE -> "SELECT 'index ' || LOWER(i.index_name) || ': ' || LOWER(c.column_name) || ' '"
          + " || c.ordinal_position FROM information_schema.indexes i JOIN information_schema.index_columns c"
          + " ON c.index_name = i.index_name AND c.table_name = i.table_name"
          + " WHERE LOWER(i.table_name) = LOWER(?) AND i.index_type_name <> 'PRIMARY KEY'";
    };
    List<String> description = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(url)) {
      for (String query : List.of(columns, indexes)) {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
          statement.setString(1, table);
          try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
              // H2 names the index it makes for a foreign key at random.
              description.add(rows.getString(1).replaceAll("constraint_index_[0-9a-f]+", "constraint_index_*"));
            }
          }
        }
      }
    }
    description.sort(null);
    return description;
  }

  /** Runs a query for one number. */
  long queryLong(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      if (!rows.next()) {
        throw new AssertionError("no row from " + sql);
      }
      return rows.getLong(1);
    }
  }
}
