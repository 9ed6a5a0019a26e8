-- Hookline on PostgreSQL, first schema: the SQLite store's schema as of its migration 0007
-- (src/storage/sqlite/migrations/), so both adapters read and write the same rows. Times are
-- ISO 8601 UTC text (Date#toISOString), so text order is time order; ids, times and names
-- compare byte by byte (COLLATE "C"), as in SQLite, whatever the database's locale. JSON
-- values are TEXT, kept exactly as written; flags are 0/1 like SQLite's.

CREATE TABLE accounts (
  id TEXT COLLATE "C" PRIMARY KEY,
  name TEXT NOT NULL,
  settings TEXT NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE api_keys (
  id TEXT COLLATE "C" PRIMARY KEY,
  account_id TEXT COLLATE "C" NOT NULL REFERENCES accounts (id),
  prefix TEXT NOT NULL,
  hash TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  revoked_at TEXT COLLATE "C"
);

-- Every API request looks its key up by hash.
CREATE UNIQUE INDEX api_keys_by_hash ON api_keys (hash);
CREATE INDEX api_keys_by_account ON api_keys (account_id, created_at, id);

-- One row per flow; name, latest_version and updated_at follow its newest version.
CREATE TABLE flows (
  id TEXT COLLATE "C" PRIMARY KEY,
  account_id TEXT COLLATE "C" NOT NULL,
  name TEXT NOT NULL,
  latest_version INTEGER NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL,
  deleted_at TEXT COLLATE "C"
);

CREATE INDEX flows_by_account ON flows (account_id, created_at, id) WHERE deleted_at IS NULL;

-- `secrets`: the version's sealed secrets by slot (JSON); NULL when saved in clear.
CREATE TABLE flow_versions (
  flow_id TEXT COLLATE "C" NOT NULL REFERENCES flows (id),
  version INTEGER NOT NULL,
  account_id TEXT COLLATE "C" NOT NULL,
  name TEXT NOT NULL,
  document TEXT NOT NULL,
  secrets TEXT,
  created_at TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (flow_id, version)
);

-- `seq` is the order executions were stored in (retention's keepLatest).
CREATE TABLE executions (
  id TEXT COLLATE "C" PRIMARY KEY,
  seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
  account_id TEXT COLLATE "C" NOT NULL,
  flow_id TEXT COLLATE "C" NOT NULL,
  flow_version INTEGER NOT NULL,
  status TEXT COLLATE "C" NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
  end_reason TEXT,
  direction TEXT NOT NULL,
  from_address TEXT NOT NULL,
  to_address TEXT NOT NULL,
  variables TEXT NOT NULL,
  -- What the privacy purge will leave once the execution's deliveries are done.
  purged_variables TEXT,
  persisted TEXT NOT NULL,
  path TEXT NOT NULL,
  events TEXT NOT NULL,
  steps TEXT NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  start_time TEXT COLLATE "C",
  end_time TEXT COLLATE "C",
  variables_purged SMALLINT NOT NULL CHECK (variables_purged IN (0, 1)),
  scheduled_for TEXT COLLATE "C"
);

CREATE INDEX executions_by_account ON executions (account_id, created_at, id);
CREATE INDEX executions_by_flow ON executions (account_id, flow_id, created_at, id);
CREATE INDEX executions_by_status ON executions (account_id, status, created_at, id);
CREATE INDEX executions_unfinished ON executions (created_at, id)
  WHERE status IN ('queued', 'running');
CREATE INDEX executions_due_scheduled ON executions (scheduled_for, id)
  WHERE status = 'queued' AND scheduled_for IS NOT NULL;
CREATE INDEX executions_ended_by_age ON executions (created_at, id)
  WHERE status IN ('completed', 'failed');

CREATE TABLE webhooks (
  id TEXT COLLATE "C" PRIMARY KEY,
  account_id TEXT COLLATE "C" NOT NULL,
  name TEXT COLLATE "C" NOT NULL,
  url TEXT NOT NULL,
  method TEXT NOT NULL,
  auth TEXT NOT NULL,
  headers TEXT NOT NULL,
  body_type TEXT NOT NULL,
  is_default SMALLINT NOT NULL CHECK (is_default IN (0, 1)),
  signing_secrets TEXT NOT NULL,
  disabled_at TEXT COLLATE "C",
  disabled_reason TEXT,
  failing_since TEXT COLLATE "C",
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL
);

CREATE UNIQUE INDEX webhooks_by_name ON webhooks (account_id, name);
CREATE UNIQUE INDEX webhooks_one_default ON webhooks (account_id) WHERE is_default = 1;
CREATE INDEX webhooks_by_account ON webhooks (account_id, created_at, id);

CREATE TABLE deliveries (
  id TEXT COLLATE "C" PRIMARY KEY,
  account_id TEXT COLLATE "C" NOT NULL,
  webhook_id TEXT COLLATE "C" NOT NULL,
  execution_id TEXT COLLATE "C",
  event_type TEXT NOT NULL,
  message_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT COLLATE "C" NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempt_count INTEGER NOT NULL,
  next_attempt_at TEXT COLLATE "C",
  lease_until TEXT COLLATE "C",
  failure_reason TEXT,
  trimmed SMALLINT NOT NULL DEFAULT 0 CHECK (trimmed IN (0, 1)),
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL
);

-- The claim (src/storage/postgres/claim.ts): each webhook's pending rows in due order.
CREATE INDEX deliveries_pending_by_webhook ON deliveries (webhook_id, next_attempt_at, created_at, id)
  WHERE status = 'pending';
-- The dispatcher's "when is the next one due?".
CREATE INDEX deliveries_due ON deliveries (next_attempt_at, created_at, id)
  WHERE status = 'pending';
-- In-flight counts per webhook: only leased rows, which are few.
CREATE INDEX deliveries_leased ON deliveries (webhook_id, lease_until)
  WHERE lease_until IS NOT NULL AND status = 'pending';
CREATE INDEX deliveries_by_execution ON deliveries (execution_id);
CREATE INDEX deliveries_by_webhook ON deliveries (webhook_id, created_at);
CREATE INDEX deliveries_by_account ON deliveries (account_id, created_at, id);
-- Retention's deliveries of no execution, by age.
CREATE INDEX deliveries_standalone_by_age ON deliveries (created_at, id)
  WHERE execution_id IS NULL;

CREATE TABLE delivery_attempts (
  -- Insertion order breaks ties between two records of one attempt number.
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id TEXT COLLATE "C" NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
  attempt INTEGER NOT NULL,
  started_at TEXT COLLATE "C" NOT NULL,
  status INTEGER NOT NULL,
  latency_ms DOUBLE PRECISION NOT NULL,
  error TEXT,
  remote_address TEXT,
  response_excerpt TEXT
);

CREATE INDEX delivery_attempts_by_delivery ON delivery_attempts (delivery_id, attempt, seq);

CREATE TABLE contacts (
  account_id TEXT COLLATE "C" NOT NULL,
  contact_number TEXT COLLATE "C" NOT NULL,
  variables TEXT NOT NULL,
  PRIMARY KEY (account_id, contact_number)
);

CREATE TABLE triggers (
  token_hash TEXT COLLATE "C" PRIMARY KEY,
  account_id TEXT COLLATE "C" NOT NULL,
  flow_id TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  revoked_at TEXT COLLATE "C"
);

CREATE INDEX triggers_by_flow ON triggers (account_id, flow_id);

-- The code is the whole public URL (GET /s/<code>), so it is unique across accounts.
CREATE TABLE short_links (
  code TEXT COLLATE "C" PRIMARY KEY,
  account_id TEXT COLLATE "C" NOT NULL,
  long_url TEXT NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  clicks INTEGER NOT NULL CHECK (clicks >= 0)
);

CREATE INDEX short_links_by_account ON short_links (account_id, created_at, code);

CREATE TABLE agents (
  id TEXT COLLATE "C" PRIMARY KEY,
  account_id TEXT COLLATE "C" NOT NULL,
  name TEXT NOT NULL,
  extension TEXT,
  on_break SMALLINT NOT NULL CHECK (on_break IN (0, 1)),
  break_changed_at TEXT COLLATE "C",
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL
);

CREATE INDEX agents_by_account ON agents (account_id, created_at, id);
