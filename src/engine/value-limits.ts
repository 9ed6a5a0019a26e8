import type { VariableValue, Variables } from '../flow/index.js';
import type { ChannelEvent, VariableChange } from './types.js';

/** Caps on what one execution may build (docs/flows.md "Limits"); all in UTF-8 bytes. */
export interface ValueLimits {
  /** What one template renders (a play text, a stored value, a request body...). */
  readonly templateBytes: number;
  /** What one variable holds. */
  readonly variableBytes: number;
  /** What all of one execution's variables hold together, names included. */
  readonly executionVariablesBytes: number;
}

/** The end reason of an execution, and the webhook `error_reason`, when a cap is passed. */
export const VALUE_TOO_LARGE = 'VALUE_TOO_LARGE';

/** A value's size as the caps count it: the UTF-8 bytes of its text. */
function valueBytes(value: VariableValue | undefined): number {
  if (value === undefined || value === null) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value) : String(value).length;
}

/** The size of one variable toward the execution's total: its name and its value. */
export function variableBytes(name: string, value: VariableValue | undefined): number {
  return value === undefined ? 0 : name.length + valueBytes(value);
}

/** A channel event's size: the bytes of its fields' values. */
export function eventBytes(event: ChannelEvent): number {
  let total = 0;
  for (const field in event) total += valueBytes(event[field]);
  return total;
}

/** The total size of a set of variables, and the size of the largest value. */
export function measure(variables: Variables): { total: number; largest: number } {
  let total = 0;
  let largest = 0;
  for (const name in variables) {
    const size = valueBytes(variables[name]);
    if (size > largest) largest = size;
    total += name.length + size;
  }
  return { total, largest };
}

/**
 * Why `changes` would pass a cap, applied to variables now totalling `total` bytes (`current`
 * reads a variable's value now); undefined when they fit. The message names the variable.
 */
export function capProblem(
  changes: readonly VariableChange[],
  current: (name: string) => VariableValue | undefined,
  total: number,
  limits: ValueLimits,
): string | undefined {
  let after = total;
  const seen = new Map<string, VariableValue | undefined>();
  for (const { name, value } of changes) {
    const size = valueBytes(value);
    if (size > limits.variableBytes) {
      return `${name} would hold ${size} bytes, more than the ${limits.variableBytes} one variable may hold (HOOKLINE_MAX_VARIABLE_BYTES)`;
    }
    const before = seen.has(name) ? seen.get(name) : current(name);
    after += variableBytes(name, value) - variableBytes(name, before);
    seen.set(name, value);
  }
  if (after <= limits.executionVariablesBytes) return undefined;
  return `the execution's variables would hold ${after} bytes, more than the ${limits.executionVariablesBytes} allowed (HOOKLINE_MAX_EXECUTION_VARIABLES_BYTES)`;
}
