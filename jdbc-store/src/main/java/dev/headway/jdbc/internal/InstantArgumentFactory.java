package dev.headway.jdbc.internal;

import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;

/**
 * Binds an {@link Instant} as a UTC time, so that it means the same instant whatever the JVM's or the session's
 * zone: Jdbi's default goes through {@link java.sql.Timestamp}, which drivers interpret in the JVM's time zone. Into
 * {@code TIMESTAMP WITH TIME ZONE} columns (H2, PostgreSQL) it goes as a UTC offset date-time; into the UTC
 * {@code DATETIME} columns of MariaDB and MySQL as the UTC date-time itself, which their drivers pass on unchanged
 * (an offset date-time they would convert to a session or connection time zone, each driver its own way). Every
 * supported database keeps microseconds, so times are stored and compared at microsecond precision.
 */
final class InstantArgumentFactory extends AbstractArgumentFactory<Instant> {
  private final boolean withZone;

  /**
   * Binds instants for a database.
   *
   * @param dialect the database, which says whether its time columns have zones
   */
  InstantArgumentFactory(Dialect dialect) {
    super(dialect.timesHaveZones() ? Types.TIMESTAMP_WITH_TIMEZONE : Types.TIMESTAMP);
    this.withZone = dialect.timesHaveZones();
  }

  @Override
  protected Argument build(Instant value, ConfigRegistry config) {
    OffsetDateTime utc = value.atOffset(ZoneOffset.UTC);
    if (withZone) {
      return (position, statement, context) -> statement.setObject(position, utc, Types.TIMESTAMP_WITH_TIMEZONE);
    }
    LocalDateTime utcDateTime = utc.toLocalDateTime();
    return (position, statement, context) -> statement.setObject(position, utcDateTime, Types.TIMESTAMP);
  }
}
