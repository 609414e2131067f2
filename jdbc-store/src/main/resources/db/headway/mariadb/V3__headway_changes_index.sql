-- Headway job store, schema version 3, for MariaDB 10.6 or newer and MySQL 8.0 or newer: an index of the jobs by
-- version, for JdbcPollingBus.
--
-- The polling cluster bus asks "which jobs changed since version V" a few times a second; this index answers it by
-- reading only the rows that changed, in version order. ${prefix} is the table prefix, as in V1.
--
-- MySQL has no CREATE INDEX IF NOT EXISTS: the index is created by a statement prepared from what
-- information_schema says, so the script may run again, and the version is recorded last.

SET @headway_v3 = (SELECT IF(COUNT(*) = 0,
    'CREATE INDEX ${prefix}jobs_version ON ${prefix}jobs (version, id)', 'DO 0')
  FROM information_schema.statistics
  WHERE table_schema = DATABASE() AND table_name = '${prefix}jobs' AND index_name = '${prefix}jobs_version');
PREPARE headway_v3 FROM @headway_v3;
EXECUTE headway_v3;
DEALLOCATE PREPARE headway_v3;

INSERT INTO ${prefix}schema_version (version, description) VALUES (3, 'headway changes index')
  ON DUPLICATE KEY UPDATE version = version;
