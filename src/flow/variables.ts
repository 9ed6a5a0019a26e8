/**
 * Flow variables (docs/flows.md). A variable holds a JSON scalar; objects and arrays are stored
 * as JSON text. Names are always full: `$flow.key.customer_name`, `$user.syskey.contactNumber`.
 */
export type VariableValue = string | number | boolean | null;

/** Variables by full name (`$flow.key.x` → value). */
export type Variables = Record<string, VariableValue>;

export const NAMESPACES = ['flow.key', 'flow.syskey', 'user.key', 'user.syskey'] as const;
export type Namespace = (typeof NAMESPACES)[number];

/** A NAME: segments joined by dots (`lookup.response_status`). */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;
/** A full variable name: `$` + namespace + `.` + NAME. */
export const FULL_VARIABLE_NAME =
  /^\$(?:flow|user)\.(?:key|syskey)\.[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** `$flow.key.` + name. */
export function flowKey(name: string): string {
  return `$flow.key.${name}`;
}

/** `$flow.syskey.` + name. */
export function flowSyskey(name: string): string {
  return `$flow.syskey.${name}`;
}

const FLOW_KEY_PREFIX = '$flow.key.';

/**
 * The variables an ended execution keeps (docs/webhook-widget.md): flow keys survive only when a widget
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
