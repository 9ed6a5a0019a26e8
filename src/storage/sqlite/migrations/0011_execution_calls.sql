-- Voice calls and hangup requests (docs/voice.md "Status callback", docs/server.md "Live
-- executions"), stored so another process, or this one after a restart, finds them:
--   call_sid            the voice call (CallSid) the execution runs; NULL for other executions
--   hangup_requested_at when a hangup was asked of a run in another process; it notices it
ALTER TABLE executions ADD COLUMN call_sid TEXT;
ALTER TABLE executions ADD COLUMN hangup_requested_at TEXT;
CREATE INDEX executions_by_call ON executions (account_id, call_sid) WHERE call_sid IS NOT NULL;
