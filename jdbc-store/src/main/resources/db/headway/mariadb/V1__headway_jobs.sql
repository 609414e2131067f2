-- Headway job store, schema version 1, for MariaDB 10.6 or newer and MySQL 8.0 or newer (InnoDB, utf8mb4).
--
-- ${prefix} is the table prefix (the store's default is headway_). JdbcJobStore puts it in itself; with Flyway, set
-- the placeholder "prefix". The last statement records this version, so JdbcJobStore's SchemaMode.VALIDATE works
-- whoever ran the script.
--
-- These databases came after schema version 2: this script creates the jobs table as version 2 leaves it on H2 and
-- PostgreSQL, and V2 only records its version, so that a version means the same on every database.
--
-- Every statement may run again: MariaDB and MySQL commit each DDL statement on its own, so a run cut off at any
-- statement is finished by the next one, and the version is recorded only once everything before it exists. MySQL
-- has no CREATE INDEX IF NOT EXISTS: each table is created with its indexes, in one statement.
--
-- Text the queries compare (ids, type, owner, tenant, keys, holders) is kept as binary strings, its UTF-8 bytes, so
-- it compares exactly, as on PostgreSQL: the text collations of MariaDB and MySQL, utf8mb4_bin included, ignore
-- trailing spaces (an owner 'bob ' would see the jobs of 'bob'), and none that does not is common to both. Binary
-- strings also order as bytes, as PostgreSQL's COLLATE "C" does. Lengths are in bytes: four per character.
--
-- Times are DATETIME(6) in UTC: the store binds instants as UTC date-times and its clock is UTC_TIMESTAMP(6), so no
-- time zone, of the server, the session or the JVM, and no daylight saving change moves them.

CREATE TABLE IF NOT EXISTS ${prefix}schema_version (
  version     INTEGER      NOT NULL PRIMARY KEY,
  description VARCHAR(200) NOT NULL,
  applied_at  DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row per job. The snapshot column holds the job as JSON and is the truth; most other columns are copied from
-- it on every write, for the queries. The result is kept apart, exactly as given (the snapshot's JSON holds null);
-- the cancel request, holder, epoch and sign of life columns are written by the store's own operations.
CREATE TABLE IF NOT EXISTS ${prefix}jobs (
  id               VARBINARY(256)  NOT NULL PRIMARY KEY,
  type             VARBINARY(256)  NOT NULL,
  owner            VARBINARY(1024) NOT NULL,
  tenant           VARBINARY(1024),
  parent_id        VARBINARY(256),
  status           VARCHAR(16)     NOT NULL
                   CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
  version          BIGINT          NOT NULL,
  created_at       DATETIME(6)     NOT NULL,
  started_at       DATETIME(6),
  updated_at       DATETIME(6)     NOT NULL,
  completed_at     DATETIME(6),
  -- The last sign of life, in the database's time: a write or a heartbeat of the node holding the job.
  alive_at         DATETIME(6)     NOT NULL,
  -- The node that holds the job, and the epoch of that hold: a node that takes an abandoned job over raises it,
  -- and a write is applied only at the epoch it was made at.
  holder           VARBINARY(1024) NOT NULL,
  epoch            BIGINT          NOT NULL,
  -- The exclusive key while the job is active, NULL once it ended (every write that ends a job sets it so): the
  -- unique index below lets one active job hold a key, and NULLs never collide.
  active_key       VARBINARY(1024),
  cancel_requested BOOLEAN         NOT NULL DEFAULT FALSE,
  cancel_reason    VARCHAR(500),
  result           MEDIUMTEXT,
  snapshot         MEDIUMTEXT      NOT NULL,
  UNIQUE INDEX ${prefix}jobs_active_key (active_key),
  -- list: a principal's jobs, the children of a bulk job, and any other filter, newest first.
  INDEX ${prefix}jobs_owner_created (owner, created_at),
  INDEX ${prefix}jobs_parent_created (parent_id, created_at),
  INDEX ${prefix}jobs_created (created_at),
  -- recentRuns: completed jobs of a type, newest first.
  INDEX ${prefix}jobs_type_status_completed (type, status, completed_at),
  -- findStale: active jobs by last sign of life (there are no partial indexes here, unlike on PostgreSQL).
  INDEX ${prefix}jobs_status_alive (status, alive_at),
  -- deleteEndedBefore: retention.
  INDEX ${prefix}jobs_completed (completed_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

INSERT INTO ${prefix}schema_version (version, description) VALUES (1, 'headway jobs')
  ON DUPLICATE KEY UPDATE version = version;
