-- Headway job store, schema version 3, for H2 2.x: an index of the jobs by version, for JdbcPollingBus.
--
-- The polling cluster bus asks "which jobs changed since version V" a few times a second; this index answers it by
-- reading only the rows that changed, in version order. ${prefix} is the table prefix, as in V1. Every statement
-- may run again, and the version is recorded last.

CREATE INDEX IF NOT EXISTS ${prefix}jobs_version ON ${prefix}jobs (version, id);

INSERT INTO ${prefix}schema_version (version, description)
  SELECT 3, 'headway changes index' WHERE NOT EXISTS (SELECT 1 FROM ${prefix}schema_version WHERE version = 3);
