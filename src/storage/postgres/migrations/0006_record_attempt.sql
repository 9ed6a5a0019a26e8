-- A delivery attempt's record in one round trip (docs/adr/0011-fewer-postgresql-round-trips.md):
-- the attempt, the delivery's new state (lease released), the execution's privacy purge once
-- nothing of it is left to deliver, and the endpoint's run of failures, all in the one
-- statement that calls this function, so all or nothing. The same steps as the transaction
-- in src/storage/postgres/delivery-writes.ts `writeAttempt`, which stays for the one case
-- this function hands back: an execution to purge whose kept variables were not stored with
-- its end (they are computed in TypeScript). It then raises SQLSTATE 'HLPRG' and the whole
-- statement is rolled back.
--
-- Each statement of a VOLATILE function takes its own snapshot under READ COMMITTED, like
-- the statements of that transaction: the execution row is locked first, and the look for
-- pending deliveries that follows sees what committed before the lock was granted.
CREATE FUNCTION hookline_record_attempt(
  p_delivery_id TEXT,
  p_attempt INTEGER,
  p_started_at TEXT,
  p_http_status INTEGER,
  p_latency_ms DOUBLE PRECISION,
  p_error TEXT,
  p_remote_address TEXT,
  p_response_excerpt TEXT,
  p_status TEXT,
  p_next_attempt_at TEXT,
  -- NULL: the endpoint's run of failures is left as it is.
  p_endpoint_succeeded BOOLEAN,
  p_endpoint_at TEXT
)
RETURNS TABLE (failing_since TEXT, disabled_at TEXT)
LANGUAGE plpgsql
VOLATILE
SET search_path FROM CURRENT
AS $$
#variable_conflict use_column
DECLARE
  v_webhook_id TEXT;
  v_execution_id TEXT;
  v_kept TEXT;
BEGIN
  -- Refused by the foreign key when the delivery does not exist: nothing is written.
  INSERT INTO delivery_attempts (delivery_id, attempt, started_at, status, latency_ms, error,
    remote_address, response_excerpt)
  VALUES (p_delivery_id, p_attempt, p_started_at, p_http_status, p_latency_ms, p_error,
    p_remote_address, p_response_excerpt);
  UPDATE deliveries SET status = p_status,
    attempt_count = GREATEST(attempt_count, p_attempt), next_attempt_at = p_next_attempt_at,
    lease_until = NULL, updated_at = p_started_at
  WHERE id = p_delivery_id
  RETURNING webhook_id, execution_id INTO v_webhook_id, v_execution_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no delivery %', p_delivery_id;
  END IF;

  IF p_status <> 'pending' AND v_execution_id IS NOT NULL THEN
    SELECT e.purged_variables INTO v_kept FROM executions e
      WHERE e.id = v_execution_id AND e.variables_purged = 0 FOR UPDATE;
    IF FOUND AND NOT EXISTS (SELECT 1 FROM deliveries d
        WHERE d.execution_id = v_execution_id AND d.status = 'pending') THEN
      IF v_kept IS NULL THEN
        RAISE EXCEPTION 'the kept variables of % are computed by the caller', v_execution_id
          USING ERRCODE = 'HLPRG';
      END IF;
      UPDATE executions SET variables = v_kept, purged_variables = NULL, variables_purged = 1
        WHERE id = v_execution_id;
    END IF;
  END IF;

  IF p_endpoint_succeeded IS NULL THEN
    RETURN;
  END IF;
  IF p_endpoint_succeeded THEN
    -- Conditional, so an endpoint that keeps succeeding (or failing) is not rewritten.
    UPDATE webhooks SET failing_since = NULL
      WHERE id = v_webhook_id AND webhooks.failing_since IS NOT NULL;
    RETURN;
  END IF;
  UPDATE webhooks SET failing_since = p_endpoint_at
    WHERE id = v_webhook_id AND webhooks.failing_since IS NULL;
  RETURN QUERY SELECT w.failing_since, w.disabled_at FROM webhooks w
    WHERE w.id = v_webhook_id AND w.failing_since IS NOT NULL;
END;
$$;
