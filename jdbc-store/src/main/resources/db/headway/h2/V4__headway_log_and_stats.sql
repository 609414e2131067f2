-- Headway job store, schema version 4, for H2 2.x: each job's log, and what stats() counts.
--
-- job_log holds the lines a job's writes added and did not drop, numbered within the job; step is '' for lines
-- logged outside any step. job_steps holds, for each ended job, the steps that ran in its attempt with their outcome
-- and duration, and a copy of the job's owner, tenant, type, parent and end, so that stats() reads an index range
-- of one table, by owner, by type or by end alone, without a join. Both lose their rows with their job.
--
-- duration_ms and duration_bucket (DurationHistogram.bucketOf) are written with a job's terminal state. Jobs that
-- ended before this version keep NULL there: stats() counts them by outcome but not in durations, and none of
-- their steps.
--
-- ${prefix} is the table prefix, as in V1. Every statement may run again, and the version is recorded last.

ALTER TABLE ${prefix}jobs ADD COLUMN IF NOT EXISTS duration_ms BIGINT;
ALTER TABLE ${prefix}jobs ADD COLUMN IF NOT EXISTS duration_bucket INTEGER;

CREATE TABLE IF NOT EXISTS ${prefix}job_log (
  job_id    VARCHAR(64)  NOT NULL REFERENCES ${prefix}jobs (id) ON DELETE CASCADE,
  seq       BIGINT       NOT NULL,
  step      VARCHAR(64)  NOT NULL,
  level     VARCHAR(8)   NOT NULL,
  logged_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  text      CHARACTER VARYING NOT NULL,
  PRIMARY KEY (job_id, seq)
);

CREATE TABLE IF NOT EXISTS ${prefix}job_steps (
  job_id          VARCHAR(64)  NOT NULL REFERENCES ${prefix}jobs (id) ON DELETE CASCADE,
  name            VARCHAR(64)  NOT NULL,
  outcome         VARCHAR(16)  NOT NULL,
  duration_ms     BIGINT,
  duration_bucket INTEGER,
  owner           VARCHAR(256) NOT NULL,
  tenant          VARCHAR(256),
  type            VARCHAR(64)  NOT NULL,
  parent_id       VARCHAR(64),
  completed_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  PRIMARY KEY (job_id, name)
);

-- stats() by owner, by type, or of everything: a range by end. The grouped columns come with the key, so the range
-- is read from the index alone (V1's index on completed_at alone would read each job's row).
CREATE INDEX IF NOT EXISTS ${prefix}jobs_completed_stats
  ON ${prefix}jobs (completed_at, status, duration_bucket, duration_ms);
CREATE INDEX IF NOT EXISTS ${prefix}jobs_owner_completed
  ON ${prefix}jobs (owner, completed_at, status, duration_bucket, duration_ms);
CREATE INDEX IF NOT EXISTS ${prefix}jobs_type_completed
  ON ${prefix}jobs (type, completed_at, status, duration_bucket, duration_ms);
CREATE INDEX IF NOT EXISTS ${prefix}job_steps_owner_completed
  ON ${prefix}job_steps (owner, completed_at, name, outcome, duration_bucket, duration_ms);
CREATE INDEX IF NOT EXISTS ${prefix}job_steps_type_completed
  ON ${prefix}job_steps (type, completed_at, name, outcome, duration_bucket, duration_ms);
CREATE INDEX IF NOT EXISTS ${prefix}job_steps_completed
  ON ${prefix}job_steps (completed_at, name, outcome, duration_bucket, duration_ms);

INSERT INTO ${prefix}schema_version (version, description)
  SELECT 4, 'headway log and stats' WHERE NOT EXISTS (SELECT 1 FROM ${prefix}schema_version WHERE version = 4);
