-- Live executions (docs/server.md "Live executions"): every event of an execution (play,
-- input.request, input.received, step, hangup, end, ...) in order, numbered per execution;
-- GET /v1/executions/{id}/events streams them and resumes after a Last-Event-ID. They go
-- with their execution (retention deletes executions one by one).
CREATE TABLE execution_events (
  execution_id TEXT NOT NULL REFERENCES executions (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  at TEXT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (execution_id, seq)
) STRICT, WITHOUT ROWID;
