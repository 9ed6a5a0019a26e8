import { describe, expect, it } from 'vitest';
import { evaluate, regexProblem, type Operator } from './operators.js';

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
    ['matches', 'anything', '(', false],
  ])('%s(%j, %j) is %s', (operator, left, right, expected) => {
    expect(evaluate(operator, left, right)).toBe(expected);
  });

  it('reports an invalid regex and accepts a valid one', () => {
    expect(regexProblem('(')).toMatch(/unterminated group|Invalid regular expression/i);
    expect(regexProblem('^a+$')).toBeNull();
  });
});
