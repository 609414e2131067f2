package dev.headway.jdbc.internal;

import com.zaxxer.hikari.HikariConfig;
import java.sql.SQLException;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the database write each commit before the commit returns, where it does not do so by itself, so that what
 * the store acknowledged survives a crash of the process: on H2, turns its write delay off (see
 * {@link Dialect#durableCommits()}).
 *
 * <p>H2 forgets the setting when a database closes (after its last connection closed) and opens again. A pool the
 * store creates runs it on each new connection, so every connection the store uses has run it on the database as
 * open. A host's data source the store cannot set up: it runs the setting once when built, and warns unless the
 * data source's URL carries it too.
 */
public final class DurableCommits {
  private static final Logger LOG = LoggerFactory.getLogger(DurableCommits.class);
  private static final String H2_URL = "jdbc:h2:";
  private static final String H2_URL_SETTING = "WRITE_DELAY=0";

  private DurableCommits() {}

  /**
   * Sets up a pool the store creates for a JDBC URL.
   *
   * @param config the pool's configuration
   * @param jdbcUrl the URL it connects to
   */
  public static void configure(HikariConfig config, String jdbcUrl) {
    if (jdbcUrl.startsWith(H2_URL)) {
      config.setConnectionInitSql(Dialect.H2.durableCommits());
    }
  }

  /**
   * Makes commits durable on the open database of a host's data source, and warns when the setting may be lost.
   *
   * @param jdbi the host's data source
   * @param dialect its database
   * @throws dev.headway.jdbc.JdbcStoreException when the database refuses the setting
   */
  public static void onHostDataSource(Jdbi jdbi, Dialect dialect) {
    String setting = dialect.durableCommits();
    if (setting == null) {
      return;
    }
    String url;
    try {
      url = jdbi.withHandle(handle -> {
        handle.execute(setting);
        return handle.getConnection().getMetaData().getURL();
      });
    } catch (JdbiException | SQLException e) {
      throw SqlErrors.failed("make the database write each commit before it returns (" + setting + ", which needs"
          + " an admin user)", e);
    }
    if (!url.contains(":mem:") && !url.toUpperCase(Locale.ROOT).contains(H2_URL_SETTING)) {
      LOG.warn("H2 forgets {} when the database closes and opens again (once all connections closed); add ;{} to"
          + " the data source's URL, or an acknowledged write may be lost in a crash within 500 ms", setting,
          H2_URL_SETTING);
    }
  }
}
