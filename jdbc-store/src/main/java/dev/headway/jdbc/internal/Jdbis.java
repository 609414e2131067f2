package dev.headway.jdbc.internal;

import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.core.statement.TemplateEngine;

/** Creates the {@link Jdbi} the store talks through. */
public final class Jdbis {
  private Jdbis() {}

  /**
   * Returns a Jdbi on a data source, set up for the store: instants bound as UTC times the database's way; SQL taken
   * as written (the store renders its own statements, so Jdbi's {@code <name>} templating is off); and statement
   * failures whose messages hold neither the SQL nor its arguments, which include whole snapshots with user data.
   *
   * @param dataSource where connections come from
   * @param dialect the database behind it
   * @return the Jdbi
   */
  public static Jdbi create(DataSource dataSource, Dialect dialect) {
    Jdbi jdbi = Jdbi.create(dataSource);
    jdbi.registerArgument(new InstantArgumentFactory(dialect));
    jdbi.getConfig(SqlStatements.class).setTemplateEngine(TemplateEngine.NOP);
    jdbi.getConfig(StatementExceptions.class).setMessageRendering(StatementExceptions.MessageRendering.NONE);
    return jdbi;
  }
}
