/**
 * Flow variables (SPEC §1). A variable holds a JSON scalar; objects and arrays are stored
 * as JSON text. Names are always full: `$flow.key.customer_name`, `$user.syskey.contactNumber`.
 */
export type VariableValue = string | number | boolean | null;

/** Variables by full name (`$flow.key.x` → value). */
export type Variables = Record<string, VariableValue>;

export const NAMESPACES = ['flow.key', 'flow.syskey', 'user.key', 'user.syskey'] as const;
export type Namespace = (typeof NAMESPACES)[number];

/** One NAME segment: `[A-Za-z_][A-Za-z0-9_]*`. */
export const NAME_SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
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
