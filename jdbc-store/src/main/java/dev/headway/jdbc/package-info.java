/**
 * A durable {@link dev.headway.spi.JobStore} in H2, PostgreSQL, MariaDB or MySQL: {@link
 * dev.headway.jdbc.JdbcJobStore}, built with {@link dev.headway.jdbc.JdbcJobStore#builder()}, and the SQL scripts of
 * its schema ({@link dev.headway.jdbc.SchemaMode}).
 */
package dev.headway.jdbc;
