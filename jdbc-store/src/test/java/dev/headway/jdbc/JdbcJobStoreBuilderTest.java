package dev.headway.jdbc;

import static dev.headway.testing.SnapshotBuilder.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.headway.JobSnapshot;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the builder accepts and refuses, and who owns the connection pool. */
class JdbcJobStoreBuilderTest {

  @RegisterExtension
  static final TestDatabase DATABASE = TestDatabase.h2Memory();

  private static DataSource h2() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL(DATABASE.url());
    return h2;
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1st_", "has-dash_", "white space", "semi;colon", "quote\"", "ünï_",
      "a_prefix_longer_than_thirty_chr"})
  void aTablePrefixThatIsNotAPlainIdentifierIsRefused(String prefix) {
    assertThatIllegalArgumentException().isThrownBy(() -> JdbcJobStore.builder().tablePrefix(prefix))
        .withMessageContaining("tablePrefix must be 1–30 ASCII letters, digits or underscores")
        .withMessageContaining("'" + prefix + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "_", "App2_", "a_prefix_of_exactly_thirty_ch_"})
  void aPlainIdentifierIsAcceptedAsTablePrefix(String prefix) {
    assertThatCode(() -> JdbcJobStore.builder().tablePrefix(prefix)).doesNotThrowAnyException();
  }

  @Test
  void eachSettingMayBeGivenOnce() {
    assertThatIllegalStateException().isThrownBy(() -> JdbcJobStore.builder().dataSource(h2()).dataSource(h2()))
        .withMessage("dataSource is already set");
    assertThatIllegalStateException().isThrownBy(() -> JdbcJobStore.builder().jdbcUrl("jdbc:h2:mem:").jdbcUrl("x"))
        .withMessage("jdbcUrl is already set");
    assertThatIllegalStateException()
        .isThrownBy(() -> JdbcJobStore.builder().credentials("a", "b").credentials("a", null))
        .withMessage("credentials are already set");
    assertThatIllegalStateException()
        .isThrownBy(() -> JdbcJobStore.builder().schema(SchemaMode.NONE).schema(SchemaMode.CREATE))
        .withMessage("schema is already set");
    assertThatIllegalStateException().isThrownBy(() -> JdbcJobStore.builder().tablePrefix("a_").tablePrefix("a_"))
        .withMessage("tablePrefix is already set");
  }

  @Test
  void exactlyOneDatabaseIsRequired() {
    assertThatIllegalStateException().isThrownBy(() -> JdbcJobStore.builder().build())
        .withMessageContaining("no database: set dataSource(...)");
    assertThatIllegalStateException()
        .isThrownBy(() -> JdbcJobStore.builder().dataSource(h2()).jdbcUrl(DATABASE.url()).build())
        .withMessage("dataSource and jdbcUrl exclude each other: set one");
    assertThatIllegalStateException()
        .isThrownBy(() -> JdbcJobStore.builder().dataSource(h2()).credentials("sa", "").build())
        .withMessage("credentials go with jdbcUrl; a dataSource brings its own");
  }

  @Test
  void anUnsupportedDatabaseIsRefusedNamingItAndTheSupportedOnes() {
    // Simulated: no driver of another database is on the test classpath, so a data source reports another product.
    DataSource derby = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          if (!method.getName().equals("getConnection")) {
            throw new UnsupportedOperationException(method.getName());
          }
          return connectionReporting("Apache Derby");
        });

    assertThatThrownBy(() -> JdbcJobStore.builder().dataSource(derby).build())
        .isInstanceOf(JdbcStoreException.class)
        .hasMessage("unsupported database 'Apache Derby'; the Headway JDBC store supports H2, PostgreSQL,"
            + " MariaDB and MySQL");
  }

  private Connection connectionReporting(String product) {
    DatabaseMetaData metaData = (DatabaseMetaData) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {DatabaseMetaData.class}, (proxy, method, args) -> {
          if (method.getName().equals("getDatabaseProductName")) {
            return product;
          }
          throw new UnsupportedOperationException(method.getName());
        });
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getMetaData" -> metaData;
          case "getAutoCommit", "isClosed" -> method.getName().equals("getAutoCommit");
          case "close" -> null;
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  @Test
  void anUnreachableDatabaseFailsTheBuildWithoutRepeatingTheUrl() {
    assertThatThrownBy(() -> JdbcJobStore.builder().jdbcUrl("jdbc:no-such-driver:secret-password").build())
        .isInstanceOf(JdbcStoreException.class)
        .hasMessageStartingWith("could not connect to the database at the jdbcUrl: ")
        .hasMessageNotContaining("secret-password")
        .hasCauseInstanceOf(RuntimeException.class);
  }

  @Test
  void credentialsReachTheDatabase() {
    String url = "jdbc:h2:mem:credentials-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    // The first connection to an in-memory H2 database makes its user the administrator.
    try (JdbcJobStore first = JdbcJobStore.builder().jdbcUrl(url).credentials("alice", "secret").build()) {
      assertThatThrownBy(() -> JdbcJobStore.builder().jdbcUrl(url).credentials("alice", "wrong").build())
          .isInstanceOf(JdbcStoreException.class)
          .hasMessageContaining("Wrong user name or password");
      assertThat(first.find("nobody")).isEmpty();
    }
  }

  @Test
  void closingTheStoreClosesTheConnectionPoolItCreated() {
    JdbcJobStore store = JdbcJobStore.builder().jdbcUrl(DATABASE.url()).tablePrefix(DATABASE.newPrefix()).build();

    store.close();
    store.close();

    assertThatThrownBy(() -> store.find("any"))
        .isInstanceOf(JdbcStoreException.class)
        .hasMessageStartingWith("could not find job any");
  }

  @Test
  void closingTheStoreLeavesTheHostsDataSourceOpen() throws SQLException {
    try (HikariDataSource hostPool = new HikariDataSource()) {
      hostPool.setJdbcUrl(DATABASE.url());
      JdbcJobStore store = JdbcJobStore.builder().dataSource(hostPool).tablePrefix(DATABASE.newPrefix()).build();

      store.close();

      assertThat(hostPool.isClosed()).isFalse();
      try (Connection connection = hostPool.getConnection()) {
        assertThat(connection.isValid(1)).isTrue();
      }
    }
  }

  @Test
  void theDefaultsCreateTablesPrefixedHeadway() throws SQLException {
    try (JdbcJobStore store = JdbcJobStore.builder().dataSource(h2()).build()) {
      JobSnapshot job = job().id(UUID.randomUUID().toString()).build();
      store.insert(job, null, "node-a");

      assertThat(DATABASE.queryLong("SELECT COUNT(*) FROM headway_jobs")).isEqualTo(1);
      assertThat(DATABASE.queryLong("SELECT MAX(version) FROM headway_schema_version")).isEqualTo(4);
    }
  }
}
