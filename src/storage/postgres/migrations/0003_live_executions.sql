-- Live executions (docs/server.md "Live executions"): an execution can wait for the caller at
-- an `input` widget. `waiting` joins the statuses, and three columns keep the wait:
--   waiting       what it asked and where it goes on (JSON); NULL when not waiting
--   wait_sequence counts its waits: an answer applies only to the wait it was read for
--   wait_due_at   when the no-input line is taken (the store's clock), so it fires after a restart
ALTER TABLE executions DROP CONSTRAINT executions_status_check;
ALTER TABLE executions ADD CONSTRAINT executions_status_check
  CHECK (status IN ('queued', 'running', 'waiting', 'completed', 'failed'));
ALTER TABLE executions
  ADD COLUMN waiting TEXT,
  ADD COLUMN wait_sequence INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN wait_due_at TEXT COLLATE "C";

-- The input timeout poller reads only waiting rows, in due order.
CREATE INDEX executions_wait_due ON executions (wait_due_at, id) WHERE status = 'waiting';

-- Every event of an execution (play, input.request, input.received, step, hangup, end, ...)
-- in order, numbered per execution; GET /v1/executions/{id}/events streams them and resumes
-- after a Last-Event-ID. No foreign key: an execution's end may be logged in the write before
-- the one that stores it. Retention deletes an execution's events with it.
CREATE TABLE execution_events (
  execution_id TEXT COLLATE "C" NOT NULL,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  at TEXT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (execution_id, seq)
);
