-- docs/internal-functions.md internal functions: scheduled executions (createOutbound), short links (shortURL)
-- and direct-dial agents (directDialPause). Additive only: existing rows keep working.

-- NULL = may start now, which is what every execution stored before this migration meant.
ALTER TABLE executions ADD COLUMN scheduled_for TEXT DEFAULT NULL;

-- The scheduler's "due now?" and "when next?" read only queued, scheduled rows, in due order.
CREATE INDEX executions_due_scheduled ON executions (scheduled_for, id)
  WHERE status = 'queued' AND scheduled_for IS NOT NULL;

-- The code is the whole public URL (GET /s/<code>), so it is unique across accounts.
CREATE TABLE short_links (
  code TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  long_url TEXT NOT NULL,
  created_at TEXT NOT NULL,
  clicks INTEGER NOT NULL CHECK (clicks >= 0)
) STRICT;

-- GET /v1/short-links: newest first.
CREATE INDEX short_links_by_account ON short_links (account_id, created_at, code);

CREATE TABLE agents (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  name TEXT NOT NULL,
  extension TEXT,
  on_break INTEGER NOT NULL CHECK (on_break IN (0, 1)),
  break_changed_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- GET /v1/agents: oldest first.
CREATE INDEX agents_by_account ON agents (account_id, created_at, id);
