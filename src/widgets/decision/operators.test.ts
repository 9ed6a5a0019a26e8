import { describe, expect, it } from 'vitest';
import { evaluate, type Operator } from './operators.js';

describe('decision operators', () => {
  it.each<[Operator, string, string, boolean]>([
    ['equals', 'gold', 'gold', true],
    ['equals', 'gold', 'Gold', false],
    ['equals', '200', '200.0', true],
    ['equals', '', '', true],
    ['notEquals', 'a', 'b', true],
    ['notEquals', '7', '7', false],
    ['contains', 'premium gold', 'gold', true],
    ['contains', 'silver', 'gold', false],
    ['greaterThan', '10', '9', true],
    ['greaterThan', '9', '10', false],
    ['greaterThan', 'b', 'a', true],
    ['greaterThan', '', '0', false],
    ['lessThan', '-1', '0', true],
    ['lessThan', '2026-01-01', '2026-02-01', true],
    ['lessThan', '5', '5', false],
    ['isEmpty', '', '', true],
    ['isEmpty', ' ', '', false],
    ['isNotEmpty', 'x', '', true],
    ['isNotEmpty', '', '', false],
    ['matches', 'ORD-123', '^ORD-\\d+$', true],
    ['matches', 'ord-123', '^ORD-\\d+$', false],
    ['matches', 'ord-123', '(?i)^ORD-\\d+$', true],
    ['matches', 'café', '^\\p{L}+$', true],
    ['matches', 'anything', '(', false],
    ['matches', 'aa', '(a)\\1', false],
  ])('%s(%j, %j) is %s', (operator, left, right, expected) => {
    expect(evaluate(operator, left, right)).toBe(expected);
  });

  it('matches in linear time: a nested quantifier on 100,000 characters answers', () => {
    // A backtracking engine would not finish this in the lifetime of the test run.
    const hostile = `${'a'.repeat(100_000)}b`;
    expect(evaluate('matches', hostile, '^(a+)+$')).toBe(false);
    expect(evaluate('matches', 'a'.repeat(100_000), '^(a+)+$')).toBe(true);
  });
});
