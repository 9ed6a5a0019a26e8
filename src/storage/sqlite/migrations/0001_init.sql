-- Hookline embedded store, first schema. Times are ISO 8601 UTC text (Date#toISOString),
-- so text order is time order. JSON values are TEXT. Foreign keys tie only rows that make
-- no sense alone (a key without its account, a version without its flow, an attempt
-- without its delivery); deliveries outlive a deleted webhook as history.

CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  settings TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  prefix TEXT NOT NULL,
  hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
) STRICT;

-- Every API request looks its key up by hash.
CREATE UNIQUE INDEX api_keys_by_hash ON api_keys (hash);
CREATE INDEX api_keys_by_account ON api_keys (account_id, created_at, id);

-- One row per flow; name, latest_version and updated_at follow its newest version.
CREATE TABLE flows (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  name TEXT NOT NULL,
  latest_version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
) STRICT;

CREATE INDEX flows_by_account ON flows (account_id, created_at, id) WHERE deleted_at IS NULL;

CREATE TABLE flow_versions (
  flow_id TEXT NOT NULL REFERENCES flows (id),
  version INTEGER NOT NULL,
  account_id TEXT NOT NULL,
  name TEXT NOT NULL,
  document TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (flow_id, version)
) STRICT, WITHOUT ROWID;

CREATE TABLE executions (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  flow_id TEXT NOT NULL,
  flow_version INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
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
  variables_purged INTEGER NOT NULL CHECK (variables_purged IN (0, 1))
) STRICT;

-- GET /v1/executions: newest first, optionally by flow or status.
CREATE INDEX executions_by_account ON executions (account_id, created_at, id);
CREATE INDEX executions_by_flow ON executions (account_id, flow_id, created_at, id);
CREATE INDEX executions_by_status ON executions (account_id, status, created_at, id);
-- Restart recovery reads only the few unfinished ones.
CREATE INDEX executions_unfinished ON executions (created_at, id)
  WHERE status IN ('queued', 'running');

CREATE TABLE webhooks (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  name TEXT NOT NULL,
  url TEXT NOT NULL,
  method TEXT NOT NULL,
  auth TEXT NOT NULL,
  headers TEXT NOT NULL,
  body_type TEXT NOT NULL,
  is_default INTEGER NOT NULL CHECK (is_default IN (0, 1)),
  signing_secrets TEXT NOT NULL,
  disabled_at TEXT,
  disabled_reason TEXT,
  failing_since TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- docs/webhook-widget.md `mode: saved` names a webhook, and docs/server.md allows one default per account.
CREATE UNIQUE INDEX webhooks_by_name ON webhooks (account_id, name);
CREATE UNIQUE INDEX webhooks_one_default ON webhooks (account_id) WHERE is_default = 1;
CREATE INDEX webhooks_by_account ON webhooks (account_id, created_at, id);

CREATE TABLE deliveries (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  webhook_id TEXT NOT NULL,
  execution_id TEXT,
  event_type TEXT NOT NULL,
  message_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempt_count INTEGER NOT NULL,
  next_attempt_at TEXT,
  lease_until TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- The dispatcher's claim: pending rows in due order.
CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at, created_at, id);
-- In-flight counts per webhook: only leased rows, which are few.
CREATE INDEX deliveries_leased ON deliveries (lease_until, webhook_id)
  WHERE lease_until IS NOT NULL;
-- Recover, fail-pending, and purge-waits-for-deliveries.
CREATE INDEX deliveries_by_webhook ON deliveries (webhook_id, status);
CREATE INDEX deliveries_by_execution ON deliveries (execution_id, status);
-- GET /v1/deliveries: newest first.
CREATE INDEX deliveries_by_account ON deliveries (account_id, created_at, id);

CREATE TABLE delivery_attempts (
  -- Insertion order breaks ties between two records of one attempt number.
  seq INTEGER PRIMARY KEY,
  delivery_id TEXT NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
  attempt INTEGER NOT NULL,
  started_at TEXT NOT NULL,
  status INTEGER NOT NULL,
  latency_ms REAL NOT NULL,
  error TEXT,
  remote_address TEXT,
  response_excerpt TEXT
) STRICT;

CREATE INDEX delivery_attempts_by_delivery ON delivery_attempts (delivery_id, attempt, seq);

CREATE TABLE contacts (
  account_id TEXT NOT NULL,
  contact_number TEXT NOT NULL,
  variables TEXT NOT NULL,
  PRIMARY KEY (account_id, contact_number)
) STRICT, WITHOUT ROWID;

CREATE TABLE triggers (
  token_hash TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  flow_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
) STRICT;

CREATE INDEX triggers_by_flow ON triggers (account_id, flow_id);
