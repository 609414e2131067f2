-- Headway job store, schema version 2, for PostgreSQL 12 or newer: who holds each job, and the epoch of that hold.
--
-- An active job is held by one node; a node that takes an abandoned job over raises its epoch, and a write is applied
-- only at the epoch it was made at, so a node that was declared dead can never overwrite what was decided after. The
-- last sign of life (alive_at) is now always the database's own time, written by the store; so the heartbeat
-- columns of version 1 go.
--
-- ${prefix} is the table prefix, as in V1. Every statement may run again: a run cut off at any statement is finished
-- by the next one, and the version is recorded only once everything before it is done.

ALTER TABLE ${prefix}jobs ADD COLUMN IF NOT EXISTS holder VARCHAR(256);
ALTER TABLE ${prefix}jobs ADD COLUMN IF NOT EXISTS epoch BIGINT;
-- Jobs from before this version: their nodes ran an older Headway and are gone, so nobody holds them; they are
-- found stale and ended like any abandoned job. (The last heartbeat's node is not used: its column may already be
-- dropped when this statement runs again.)
UPDATE ${prefix}jobs SET holder = COALESCE(holder, 'before-schema-2'), epoch = COALESCE(epoch, 1)
  WHERE holder IS NULL OR epoch IS NULL;
ALTER TABLE ${prefix}jobs ALTER COLUMN holder SET NOT NULL;
ALTER TABLE ${prefix}jobs ALTER COLUMN epoch SET NOT NULL;
ALTER TABLE ${prefix}jobs DROP COLUMN IF EXISTS heartbeat_at;
ALTER TABLE ${prefix}jobs DROP COLUMN IF EXISTS heartbeat_node;

-- findStale and takeOver: active jobs by last sign of life, oldest first. Partial, so the ended jobs, which are most
-- of the table, are not in it, and the query reads the index in its order.
CREATE INDEX IF NOT EXISTS ${prefix}jobs_active_alive ON ${prefix}jobs (alive_at, id)
  WHERE status IN ('queued', 'running');
DROP INDEX IF EXISTS ${prefix}jobs_status_alive;

INSERT INTO ${prefix}schema_version (version, description)
  SELECT 2, 'headway holder and epoch' WHERE NOT EXISTS (SELECT 1 FROM ${prefix}schema_version WHERE version = 2);
