-- A flow version keeps its secrets (passwords, tokens, keys in its webhook widgets) sealed in
-- `secrets`, a JSON object by slot, and `"***"` in their place in `document`. NULL for a
-- version saved before this migration, whose document still holds them in clear:
-- `hookline serve` seals those on start (FlowStore.sealClearFlowVersions).
ALTER TABLE flow_versions ADD COLUMN secrets TEXT;
