package dev.headway.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A database the load runs against: how to reach it, the pools the runs use, and the clean-up afterwards (the
 * tables of this run's prefix, and for H2 the database files).
 */
final class LoadDatabase implements AutoCloseable {
  private final String name;
  private final String label;
  private final String url;
  private final Path h2Directory;
  private final String h2Name;
  private final List<HikariDataSource> pools = new ArrayList<>();
  private final List<String> tables = new ArrayList<>();

  private LoadDatabase(String name, String label, String url, Path h2Directory, String h2Name) {
    this.name = name;
    this.label = label;
    this.url = url;
    this.h2Directory = h2Directory;
    this.h2Name = h2Name;
  }

  /** An H2 database in file mode, in its own file under {@code directory}. */
  static LoadDatabase h2File(Path directory, String prefix) throws IOException {
    Path dir = directory.toAbsolutePath().normalize();
    Files.createDirectories(dir);
    String file = "jdbc-load-" + prefix;
    return new LoadDatabase("h2", "H2 file", "jdbc:h2:file:" + dir.resolve(file), dir, file);
  }

  /** A PostgreSQL database; the URL carries the user and anything else it needs. */
  static LoadDatabase postgres(String url) {
    return new LoadDatabase("pg", "PostgreSQL", url, null, null);
  }

  /** A MariaDB (or MySQL) database; the URL carries the user and anything else it needs. */
  static LoadDatabase mariaDb(String url) {
    return new LoadDatabase("maria", "MariaDB", url, null, null);
  }

  String name() {
    return name;
  }

  String label() {
    return label;
  }

  /** A HikariCP pool of {@code size} connections, closed with this database. */
  HikariDataSource pool(String poolName, int size) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(poolName);
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(size);
    HikariDataSource pool = new HikariDataSource(config);
    pools.add(pool);
    return pool;
  }

  /** Drops this table at the end. */
  void dropLater(String table) {
    tables.add(table);
  }

  /** Runs one statement on a connection of {@code pool}. */
  static void execute(HikariDataSource pool, String sql) throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Drops the tables, closes the pools and, for H2, deletes the database files. */
  @Override
  public void close() throws SQLException, IOException {
    SQLException failure = null;
    if (!tables.isEmpty()) {
      HikariDataSource pool = pools.isEmpty() ? pool("load-cleanup", 1) : pools.get(0);
      for (String table : tables) {
        try {
          execute(pool, "DROP TABLE IF EXISTS " + table);
        } catch (SQLException e) {
          failure = e;
        }
      }
    }
    pools.forEach(HikariDataSource::close);
    if (h2Directory != null) {
      try (Stream<Path> files = Files.list(h2Directory)) {
        for (Path file : files.filter(f -> f.getFileName().toString().startsWith(h2Name + ".")).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
