import type { MappedValue } from './types.js';

/**
 * Turns a read value into a variable value (docs/webhook-widget.md): objects and arrays become
 * compact JSON text, strings, numbers, booleans and `null` stay as they are.
 */
export function toMappedValue(value: unknown): MappedValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  // JSON has no NaN or Infinity, so a stored variable could not keep them.
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'object') return JSON.stringify(value);
  // undefined, bigint, functions, symbols: never produced by the body readers.
  return null;
}
