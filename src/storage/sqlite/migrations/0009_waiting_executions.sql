-- Live executions (docs/server.md "Live executions"): an execution can wait for the caller at
-- an `input` widget. SQLite cannot change a CHECK constraint in place, so the table is built
-- again with `waiting` among the statuses and three new columns:
--   waiting       what it asked and where it goes on (JSON); NULL when not waiting
--   wait_sequence counts its waits: an answer applies only to the wait it was read for
--   wait_due_at   when the no-input line is taken (the store's clock), so it fires after a restart
CREATE TABLE executions_new (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  flow_id TEXT NOT NULL,
  flow_version INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'waiting', 'completed', 'failed')),
  end_reason TEXT,
  direction TEXT NOT NULL,
  from_address TEXT NOT NULL,
  to_address TEXT NOT NULL,
  variables TEXT NOT NULL,
  persisted TEXT NOT NULL,
  path TEXT NOT NULL,
  events TEXT NOT NULL,
  steps TEXT NOT NULL,
  created_at TEXT NOT NULL,
  start_time TEXT,
  end_time TEXT,
  variables_purged INTEGER NOT NULL CHECK (variables_purged IN (0, 1)),
  scheduled_for TEXT DEFAULT NULL,
  purged_variables TEXT,
  waiting TEXT,
  wait_sequence INTEGER NOT NULL DEFAULT 0,
  wait_due_at TEXT
) STRICT;

INSERT INTO executions_new (id, account_id, flow_id, flow_version, status, end_reason,
    direction, from_address, to_address, variables, persisted, path, events, steps, created_at,
    start_time, end_time, variables_purged, scheduled_for, purged_variables)
  SELECT id, account_id, flow_id, flow_version, status, end_reason, direction, from_address,
    to_address, variables, persisted, path, events, steps, created_at, start_time, end_time,
    variables_purged, scheduled_for, purged_variables
  FROM executions;

DROP TABLE executions;
ALTER TABLE executions_new RENAME TO executions;

CREATE INDEX executions_by_account ON executions (account_id, created_at, id);
CREATE INDEX executions_by_flow ON executions (account_id, flow_id, created_at, id);
CREATE INDEX executions_by_status ON executions (account_id, status, created_at, id);
CREATE INDEX executions_unfinished ON executions (created_at, id)
  WHERE status IN ('queued', 'running');
CREATE INDEX executions_due_scheduled ON executions (scheduled_for, id)
  WHERE status = 'queued' AND scheduled_for IS NOT NULL;
-- The input timeout poller reads only waiting rows, in due order.
CREATE INDEX executions_wait_due ON executions (wait_due_at, id) WHERE status = 'waiting';
