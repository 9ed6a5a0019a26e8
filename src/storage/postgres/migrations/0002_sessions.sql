-- Designer sign-ins (docs/designer.md): the session cookie's token is kept only as its
-- SHA-256 hash, tied to the API key signed in with (revoking the key ends the session).
CREATE TABLE sessions (
  hash TEXT COLLATE "C" PRIMARY KEY,
  account_id TEXT COLLATE "C" NOT NULL REFERENCES accounts (id),
  key_id TEXT COLLATE "C" NOT NULL REFERENCES api_keys (id),
  created_at TEXT COLLATE "C" NOT NULL,
  expires_at TEXT COLLATE "C" NOT NULL
);

CREATE INDEX sessions_by_expiry ON sessions (expires_at);
