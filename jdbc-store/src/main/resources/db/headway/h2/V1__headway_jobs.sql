-- Headway job store, schema version 1, for H2 2.x.
--
-- ${prefix} is the table prefix (the store's default is headway_). JdbcJobStore puts it in itself; with Flyway, set
-- the placeholder "prefix". The last statement records this version, so JdbcJobStore's SchemaMode.VALIDATE works
-- whoever ran the script.
--
-- Every statement may run again: a run cut off at any statement (H2 commits each DDL statement on its own) is
-- finished by the next one, and the version is recorded only once everything before it exists.

CREATE TABLE IF NOT EXISTS ${prefix}schema_version (
  version     INTEGER      NOT NULL PRIMARY KEY,
  description VARCHAR(200) NOT NULL,
  applied_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- One row per job. The snapshot column holds the job as JSON and is the truth; most other columns are copied from
-- it on every write, for the queries. The result is kept apart, exactly as given (the snapshot's JSON holds null);
-- the cancel request and heartbeat columns are written by the store's own operations.
CREATE TABLE IF NOT EXISTS ${prefix}jobs (
  id               VARCHAR(64) NOT NULL PRIMARY KEY,
  type             VARCHAR(64)  NOT NULL,
  owner            VARCHAR(256) NOT NULL,
  tenant           VARCHAR(256),
  parent_id        VARCHAR(64),
  status           VARCHAR(16)  NOT NULL
                   CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
  version          BIGINT       NOT NULL,
  created_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  started_at       TIMESTAMP(6) WITH TIME ZONE,
  updated_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  completed_at     TIMESTAMP(6) WITH TIME ZONE,
  -- The last heartbeat of the node running the job, and that node.
  heartbeat_at     TIMESTAMP(6) WITH TIME ZONE,
  heartbeat_node   VARCHAR(256),
  -- The last sign of life: the later of heartbeat_at and updated_at. A job whose node died stops moving it.
  alive_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  -- The exclusive key while the job is active, NULL once it ended: the unique index below lets one active job
  -- hold a key, and NULLs never collide.
  active_key       VARCHAR(256),
  cancel_requested BOOLEAN      NOT NULL DEFAULT FALSE,
  cancel_reason    VARCHAR(500),
  result           CHARACTER VARYING,
  snapshot         CHARACTER VARYING NOT NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS ${prefix}jobs_active_key ON ${prefix}jobs (active_key);
-- list: a principal's jobs, the children of a bulk job, and any other filter, newest first.
CREATE INDEX IF NOT EXISTS ${prefix}jobs_owner_created ON ${prefix}jobs (owner, created_at);
CREATE INDEX IF NOT EXISTS ${prefix}jobs_parent_created ON ${prefix}jobs (parent_id, created_at);
CREATE INDEX IF NOT EXISTS ${prefix}jobs_created ON ${prefix}jobs (created_at);
-- recentRuns: completed jobs of a type, newest first.
CREATE INDEX IF NOT EXISTS ${prefix}jobs_type_status_completed ON ${prefix}jobs (type, status, completed_at);
-- findStale: active jobs by last sign of life.
CREATE INDEX IF NOT EXISTS ${prefix}jobs_status_alive ON ${prefix}jobs (status, alive_at);
-- deleteEndedBefore: retention.
CREATE INDEX IF NOT EXISTS ${prefix}jobs_completed ON ${prefix}jobs (completed_at);

INSERT INTO ${prefix}schema_version (version, description)
  SELECT 1, 'headway jobs' WHERE NOT EXISTS (SELECT 1 FROM ${prefix}schema_version WHERE version = 1);
