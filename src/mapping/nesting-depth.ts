/**
 * The deepest nesting Hookline reads: JSON arrays/objects or XML elements.
 * Readers, JSONPath's `..` and JSON.stringify all recurse, so a hostile body
 * nested 100,000 levels (well under the 1 MiB cap) would exhaust the stack.
 * Bodies deeper than this are refused as INVALID_RESPONSE when parsed.
 */
export const MAX_NESTING_DEPTH = 256;

/** True when `value` nests arrays/objects deeper than `maxDepth`; iterative, so it cannot overflow. */
export function exceedsJsonDepth(value: unknown, maxDepth: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > maxDepth) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth });
  }
  return false;
}
