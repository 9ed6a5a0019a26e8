-- Every attempt changes a delivery's status, and every index that holds `status` is
-- rewritten with it: one more page written per index in each commit of the dispatcher.
-- These two look rows up without needing the status in the index, so it goes.

-- The purge's "anything of this execution still pending?" and ?executionId= listings: an
-- execution has few deliveries; their status is read from the rows.
DROP INDEX deliveries_by_execution;
CREATE INDEX deliveries_by_execution ON deliveries (execution_id);

-- Recovering an endpoint's failed deliveries since a time (pending ones are found through
-- deliveries_pending_by_webhook, 0003).
DROP INDEX deliveries_by_webhook;
CREATE INDEX deliveries_by_webhook ON deliveries (webhook_id, created_at);
