-- Execution owners and leases (docs/server.md "Executions across processes"): a running
-- execution is held by the process that runs it (`owner`, its instance id) until
-- `lease_until`, which that process renews while it runs. A running execution whose lease
-- ended is taken over by another process and ended INTERRUPTED. NULL on rows from before
-- this migration: such a running row counts as expired.
ALTER TABLE executions ADD COLUMN owner TEXT;
ALTER TABLE executions ADD COLUMN lease_until TEXT;

-- The heartbeat renews one owner's running rows in one statement.
CREATE INDEX executions_by_owner ON executions (owner) WHERE status = 'running';
-- Claims read queued rows only, oldest first; the heartbeat's look for expired leases reads
-- running rows only (neither scans the other's backlog, nor ended history).
CREATE INDEX executions_queued ON executions (created_at, id) WHERE status = 'queued';
CREATE INDEX executions_running ON executions (created_at, id) WHERE status = 'running';
