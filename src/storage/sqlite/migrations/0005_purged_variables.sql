-- An execution that ends with deliveries to wait for keeps, beside its variables, the
-- variables it will keep once they are done (docs/webhook-widget.md privacy purge): the purge that the
-- last delivery's record makes is then one UPDATE, without reading the variables back.
-- NULL when there is nothing to purge later, or for executions ended before this migration
-- (the purge then computes it from the variables).
ALTER TABLE executions ADD COLUMN purged_variables TEXT;
