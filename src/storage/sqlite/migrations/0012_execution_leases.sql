-- Execution owners and leases (docs/server.md "Executions across processes"): a running
-- execution is held by the process that runs it (`owner`, its instance id) until
-- `lease_until`, which that process renews while it runs. A running execution whose lease
-- ended is taken over by another process and ended INTERRUPTED. NULL on rows from before
-- this migration: such a running row counts as expired.
ALTER TABLE executions ADD COLUMN owner TEXT;
ALTER TABLE executions ADD COLUMN lease_until TEXT;

-- The heartbeat renews one owner's running rows in one statement.
CREATE INDEX executions_by_owner ON executions (owner) WHERE status = 'running';
