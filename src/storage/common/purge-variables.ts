import type { Variables } from '../../flow/index.js';

const FLOW_KEY_PREFIX = '$flow.key.';

/**
 * The variables an ended execution keeps (SPEC §3): flow keys survive only when a widget
 * asked to persist them (`persistResponse`); system keys and user keys are not raw API
 * responses and stay.
 */
export function keepPersistedVariables(
  variables: Variables,
  persisted: readonly string[],
): Variables {
  const keep = new Set(persisted);
  const kept: Variables = {};
  for (const [name, value] of Object.entries(variables)) {
    if (!name.startsWith(FLOW_KEY_PREFIX) || keep.has(name)) kept[name] = value;
  }
  return kept;
}
