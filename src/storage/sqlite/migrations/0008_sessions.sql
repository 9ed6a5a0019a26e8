-- Designer sign-ins (docs/designer.md): the session cookie's token is kept only as its
-- SHA-256 hash, tied to the API key signed in with (revoking the key ends the session).
CREATE TABLE sessions (
  hash TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  key_id TEXT NOT NULL REFERENCES api_keys (id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) STRICT;

CREATE INDEX sessions_by_expiry ON sessions (expires_at);
