-- Headway job store, schema version 4, for MariaDB 10.6 or newer and MySQL 8.0 or newer: each job's log, and what
-- stats() counts.
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
-- ${prefix} is the table prefix, as in V1. Texts are binary strings and times UTC DATETIME(6), as in V1. MySQL has
-- no ADD COLUMN IF NOT EXISTS: the jobs table's new columns and indexes come in one ALTER TABLE, prepared from what
-- information_schema says, so the script may run again; the version is recorded last. stats() by owner, by type,
-- or of everything reads a range by end of an index that holds the grouped columns too (V1's index on
-- completed_at alone would read each job's row).

SET @headway_v4 = (SELECT IF(COUNT(*) = 0,
    'ALTER TABLE ${prefix}jobs ADD COLUMN duration_ms BIGINT, ADD COLUMN duration_bucket INTEGER,
       ADD INDEX ${prefix}jobs_completed_stats (completed_at, status, duration_bucket, duration_ms),
       ADD INDEX ${prefix}jobs_owner_completed (owner, completed_at, status, duration_bucket, duration_ms),
       ADD INDEX ${prefix}jobs_type_completed (type, completed_at, status, duration_bucket, duration_ms)',
    'DO 0')
  FROM information_schema.columns
  WHERE table_schema = DATABASE() AND table_name = '${prefix}jobs' AND column_name = 'duration_ms');
PREPARE headway_v4 FROM @headway_v4;
EXECUTE headway_v4;
DEALLOCATE PREPARE headway_v4;

CREATE TABLE IF NOT EXISTS ${prefix}job_log (
  job_id    VARBINARY(256)  NOT NULL,
  seq       BIGINT          NOT NULL,
  step      VARBINARY(256)  NOT NULL,
  level     VARCHAR(8)      NOT NULL,
  logged_at DATETIME(6)     NOT NULL,
  text      TEXT            NOT NULL,
  PRIMARY KEY (job_id, seq),
  FOREIGN KEY (job_id) REFERENCES ${prefix}jobs (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- stats() by owner, by type, or of everything: a range by end, read from the index alone.
CREATE TABLE IF NOT EXISTS ${prefix}job_steps (
  job_id          VARBINARY(256)  NOT NULL,
  name            VARBINARY(256)  NOT NULL,
  outcome         VARCHAR(16)     NOT NULL,
  duration_ms     BIGINT,
  duration_bucket INTEGER,
  owner           VARBINARY(1024) NOT NULL,
  tenant          VARBINARY(1024),
  type            VARBINARY(256)  NOT NULL,
  parent_id       VARBINARY(256),
  completed_at    DATETIME(6)     NOT NULL,
  PRIMARY KEY (job_id, name),
  FOREIGN KEY (job_id) REFERENCES ${prefix}jobs (id) ON DELETE CASCADE,
  INDEX ${prefix}job_steps_owner_completed (owner, completed_at, name, outcome, duration_bucket, duration_ms),
  INDEX ${prefix}job_steps_type_completed (type, completed_at, name, outcome, duration_bucket, duration_ms),
  INDEX ${prefix}job_steps_completed (completed_at, name, outcome, duration_bucket, duration_ms)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

INSERT INTO ${prefix}schema_version (version, description) VALUES (4, 'headway log and stats')
  ON DUPLICATE KEY UPDATE version = version;
