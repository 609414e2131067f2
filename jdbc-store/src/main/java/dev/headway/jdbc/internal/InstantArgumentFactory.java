package dev.headway.jdbc.internal;

import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;

/**
 * Binds an {@link Instant} as a UTC {@code TIMESTAMP WITH TIME ZONE}. Jdbi's default goes through
 * {@link java.sql.Timestamp}, which drivers interpret in the JVM's time zone; an offset date-time means the same
 * instant whatever the JVM's or the session's zone. Both H2 and PostgreSQL keep microseconds, so times are stored
 * and compared at microsecond precision.
 */
final class InstantArgumentFactory extends AbstractArgumentFactory<Instant> {

  InstantArgumentFactory() {
    super(Types.TIMESTAMP_WITH_TIMEZONE);
  }

  @Override
  protected Argument build(Instant value, ConfigRegistry config) {
    OffsetDateTime utc = value.atOffset(ZoneOffset.UTC);
    return (position, statement, context) -> statement.setObject(position, utc, Types.TIMESTAMP_WITH_TIMEZONE);
  }
}
