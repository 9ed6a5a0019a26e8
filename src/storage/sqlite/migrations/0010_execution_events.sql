-- Live executions (docs/server.md "Live executions"): every event of an execution (play,
-- input.request, input.received, step, hangup, end, ...) in order, numbered per execution;
-- GET /v1/executions/{id}/events streams them and resumes after a Last-Event-ID.
CREATE TABLE execution_events (
  execution_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  at TEXT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (execution_id, seq)
) STRICT, WITHOUT ROWID;

-- They go with their execution (retention deletes executions one by one). A trigger, not a
-- foreign key: an execution's end may be logged in the write before the one that stores it.
CREATE TRIGGER execution_events_go_with_execution AFTER DELETE ON executions
BEGIN
  DELETE FROM execution_events WHERE execution_id = OLD.id;
END;
