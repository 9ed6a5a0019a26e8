import { regexFinds } from '../../mapping/index.js';

/** docs/flows.md decision operators. */
export const OPERATORS = [
  'equals',
  'notEquals',
  'contains',
  'greaterThan',
  'lessThan',
  'isEmpty',
  'isNotEmpty',
  'matches',
] as const;
export type Operator = (typeof OPERATORS)[number];

function asNumber(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Compares numerically when both sides are numbers, else as strings. */
function compare(left: string, right: string): number {
  const a = asNumber(left);
  const b = asNumber(right);
  if (a !== undefined && b !== undefined) return a - b;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Evaluates one condition on rendered text; a pattern that does not compile never matches. */
export function evaluate(operator: Operator, left: string, right: string): boolean {
  switch (operator) {
    case 'equals':
      return compare(left, right) === 0;
    case 'notEquals':
      return compare(left, right) !== 0;
    case 'contains':
      return left.includes(right);
    case 'greaterThan':
      return compare(left, right) > 0;
    case 'lessThan':
      return compare(left, right) < 0;
    case 'isEmpty':
      return left === '';
    case 'isNotEmpty':
      return left !== '';
    case 'matches':
      return regexFinds(right, left);
  }
}
