import type { Variables } from '../flow/index.js';

/** A JSON value as a variable value: objects and arrays as JSON text (ADR 0001). */
export function variableValue(value: unknown): Variables[string] {
  return value === null || typeof value !== 'object'
    ? (value as Variables[string])
    : JSON.stringify(value);
}

/** Bare-named API variables under a prefix (`$flow.key.` by default, `$user.key.`). */
export function inputVariables(
  values: Readonly<Record<string, unknown>>,
  prefix = '$flow.key.',
): Variables {
  const variables: Variables = {};
  for (const [name, value] of Object.entries(values))
    variables[prefix + name] = variableValue(value);
  return variables;
}
