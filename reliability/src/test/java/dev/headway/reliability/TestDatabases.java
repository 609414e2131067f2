package dev.headway.reliability;

import static org.junit.jupiter.api.Assertions.fail;

import dev.headway.jdbc.JdbcJobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The real databases the fault tests use: H2 files under {@code target/reliability-h2}, and the PostgreSQL named by
 * {@value #PG_URL_VARIABLE} (skipped without it, failed without it when {@code CI} is set, as in the JDBC store's
 * tests). Every test uses tables of its own random prefix and drops them afterwards.
 */
final class TestDatabases {
  /** The JDBC URL of the PostgreSQL database to test against. */
  static final String PG_URL_VARIABLE = "HEADWAY_TEST_PG_URL";

  private static final String HOW_TO_NAME_POSTGRES = "set " + PG_URL_VARIABLE + " to a PostgreSQL JDBC URL, for"
      + " example jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private static final Path H2_FOLDER = Path.of("target", "reliability-h2").toAbsolutePath();

  private static final Pattern PG_ADDRESS = Pattern.compile("^jdbc:postgresql://([^/:?]+)(?::(\\d+))?/");

  private TestDatabases() {}

  /**
   * The PostgreSQL URL; skips the test without one, or fails it when {@code CI} is set.
   *
   * @return the URL
   */
  static String postgresUrl() {
    String url = System.getenv(PG_URL_VARIABLE);
    if (url == null || url.isBlank()) {
      if (System.getenv("CI") != null) {
        fail(PG_URL_VARIABLE + " is required when CI is set: " + HOW_TO_NAME_POSTGRES);
      }
      Assumptions.abort("PostgreSQL fault tests skipped: " + HOW_TO_NAME_POSTGRES);
    }
    return url;
  }

  /**
   * A fresh H2 file database; its files are deleted by {@link #deleteH2}.
   *
   * @param name a name for the file
   * @return its JDBC URL
   */
  static H2File newH2File(String name) {
    try {
      Files.createDirectories(H2_FOLDER);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path base = H2_FOLDER.resolve(name + "-" + UUID.randomUUID().toString().substring(0, 8));
    return new H2File("jdbc:h2:file:" + base, base.resolveSibling(base.getFileName() + ".mv.db"));
  }

  /**
   * An H2 database file.
   *
   * @param url its JDBC URL
   * @param dataFile the file H2 creates for it
   */
  record H2File(String url, Path dataFile) {
    /** Deletes the database's files. */
    void delete() throws IOException {
      try (var files = Files.list(dataFile.getParent())) {
        String stem = dataFile.getFileName().toString().replace(".mv.db", "");
        for (Path file : files.filter(f -> f.getFileName().toString().startsWith(stem)).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  /**
   * The host and port a PostgreSQL URL names (5432 when it names none).
   *
   * @param url a {@code jdbc:postgresql://host[:port]/...} URL
   * @return the address
   */
  static InetSocketAddress postgresAddress(String url) {
    Matcher matcher = PG_ADDRESS.matcher(url);
    if (!matcher.find()) {
      throw new IllegalArgumentException("not a jdbc:postgresql://host[:port]/ URL: " + url);
    }
    int port = matcher.group(2) == null ? 5432 : Integer.parseInt(matcher.group(2));
    return InetSocketAddress.createUnresolved(matcher.group(1), port);
  }

  /**
   * The same PostgreSQL URL, pointed at a local port instead (a {@link TcpProxy}).
   *
   * @param url the database's URL
   * @param port the local port
   * @return the URL through the port
   */
  static String throughLocalPort(String url, int port) {
    return PG_ADDRESS.matcher(url).replaceFirst("jdbc:postgresql://127.0.0.1:" + port + "/");
  }

  /**
   * A random table prefix.
   *
   * @return the prefix, ending in an underscore
   */
  static String newPrefix() {
    return "hwr_" + UUID.randomUUID().toString().substring(0, 8) + "_";
  }

  /**
   * A store on its own pool, as a node would have.
   *
   * @param url the database
   * @param prefix the tables
   * @return the store; the caller closes it
   */
  static JdbcJobStore openStore(String url, String prefix) {
    return JdbcJobStore.builder().jdbcUrl(url).tablePrefix(prefix).build();
  }

  /**
   * Drops every table whose name starts with the prefix, whatever tables the store's schema has by now.
   *
   * @param url the database
   * @param prefix the tables
   */
  static void dropTables(String url, String prefix) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url)) {
      List<String> tables = new ArrayList<>();
      for (String pattern : List.of(prefix, prefix.toUpperCase(Locale.ROOT))) {
        try (ResultSet rows = connection.getMetaData().getTables(null, null, pattern.replace("_", "\\_") + "%",
            new String[] {"TABLE"})) {
          while (rows.next()) {
            tables.add(rows.getString("TABLE_NAME"));
          }
        }
      }
      try (Statement statement = connection.createStatement()) {
        for (String table : tables) {
          statement.execute("DROP TABLE IF EXISTS \"" + table + "\" CASCADE");
        }
      }
    }
  }
}
