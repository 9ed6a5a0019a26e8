-- A delivery that could never be sent says why (`NO_WEBHOOK`: the account had no webhook
-- for it; `PAYLOAD_TOO_LARGE`: over 256 KB even trimmed), and a flow.completed event whose
-- largest keys were shortened to fit says so (docs/server.md, deliveries).
ALTER TABLE deliveries ADD COLUMN failure_reason TEXT;
ALTER TABLE deliveries ADD COLUMN trimmed INTEGER NOT NULL DEFAULT 0;
