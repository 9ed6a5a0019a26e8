-- The dispatcher's claim, per webhook (src/storage/sqlite/claim-sql.ts). Additive only.

-- Each webhook's pending rows in due order: a claim seeks straight to the first few due rows
-- of every webhook instead of ranking the whole backlog, and finds the webhooks that have
-- pending rows with one seek each. In-flight counts keep using deliveries_leased (0001).
CREATE INDEX deliveries_pending_by_webhook ON deliveries (webhook_id, next_attempt_at, created_at, id)
  WHERE status = 'pending';
